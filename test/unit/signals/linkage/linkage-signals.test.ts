import { describe, expect, it } from 'vitest';
import type { AttributeLinkFacts, ScreeningFacts } from '../../../../src/engine';
import { burstSignal } from '../../../../src/engine/signals/linkage/burst.signal';
import { consecutivePhonesSignal } from '../../../../src/engine/signals/linkage/consecutive-phones.signal';
import { fraudLinkSignal } from '../../../../src/engine/signals/linkage/fraud-link.signal';
import { identitySignal } from '../../../../src/engine/signals/linkage/identity.signal';
import { sharedDetailsSignal } from '../../../../src/engine/signals/linkage/shared-details.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal, shippedEngine } from '../../../support/engine';

function attribute(kind: string, overrides: Partial<AttributeLinkFacts> = {}): AttributeLinkFacts {
  return { kind, earlier: { hour: 0, day: 0, month: 0 }, linked: [], fraudLabels: [], ...overrides };
}

const facts = (...attributes: AttributeLinkFacts[]): ScreeningFacts => ({ linkage: { attributes } });
const DAY = 24;

describe(fraudLinkSignal.name, () => {
  it('is strong for a phone shared with a fresh fraud label, and names the labelled application', () => {
    const hits = runSignal(fraudLinkSignal, anApplication(), facts(attribute('phone', { earlier: { hour: 0, day: 1, month: 1 }, linked: ['app-1'], fraudLabels: [{ applicationId: 'app-1', ageHours: 2 }] })));
    expect(reasonsOf(hits)).toEqual(['LINKED_TO_FRAUD']);
    expect(hits[0]!.detail).toContain('app-1');
    expect(hits[0]!.detail).toContain('phone number');
  });

  it('decays with the half-life of the attribute kind: a nameserver label fades in months, a card label does not', () => {
    const old = [{ applicationId: 'app-2', ageHours: 400 * DAY }];
    expect(runSignal(fraudLinkSignal, anApplication(), facts(attribute('nameservers', { earlier: { hour: 0, day: 0, month: 1 }, fraudLabels: old })))).toEqual([]);
    expect(reasonsOf(runSignal(fraudLinkSignal, anApplication(), facts(attribute('payment_fingerprint', { earlier: { hour: 0, day: 0, month: 1 }, fraudLabels: old }))))).toEqual(['LINKED_TO_FRAUD']);
  });

  it('is weak for a private nameserver set whose label is a few months old', () => {
    const hits = runSignal(fraudLinkSignal, anApplication(), facts(attribute('nameservers', { earlier: { hour: 0, day: 0, month: 1 }, fraudLabels: [{ applicationId: 'app-3', ageHours: 90 * DAY }] })));
    expect(reasonsOf(hits)).toEqual(['LINKED_TO_FRAUD_WEAK']);
  });

  it('never links through values that are not narrow details (a /24, an AS, a name, a phone block)', () => {
    const labels = [{ applicationId: 'app-4', ageHours: 1 }];
    for (const kind of ['ip_prefix', 'asn', 'name', 'organization', 'phone_block', 'postal_code']) {
      expect(runSignal(fraudLinkSignal, anApplication(), facts(attribute(kind, { earlier: { hour: 0, day: 1, month: 2 }, fraudLabels: labels })))).toEqual([]);
    }
  });

  it('does not hold against an established registrant a label on another registrant that copied its address', () => {
    const copied = attribute('address', { earlier: { hour: 0, day: 3, month: 5 }, sameIdentity: 4, oldestSameDays: 200, oldestOtherDays: 3, fraudLabels: [{ applicationId: 'campaign-1', ageHours: 5, sameIdentity: false, usedDaysAgo: 3 }] });
    expect(runSignal(fraudLinkSignal, anApplication(), facts(copied))).toEqual([]);
    // A campaign's own repeated fake registrant held the address for hours, not before the others: the label counts.
    const repeated = attribute('address', { earlier: { hour: 0, day: 3, month: 5 }, sameIdentity: 1, oldestSameDays: 1, oldestOtherDays: 2, fraudLabels: [{ applicationId: 'campaign-1', ageHours: 5, sameIdentity: false, usedDaysAgo: 0.5 }] });
    expect(reasonsOf(runSignal(fraudLinkSignal, anApplication(), facts(repeated)))).toEqual(['LINKED_TO_FRAUD']);
    // The campaign's own next member has no history of its own with the address: the label counts.
    const newcomer = attribute('address', { earlier: { hour: 0, day: 3, month: 5 }, sameIdentity: 0, fraudLabels: [{ applicationId: 'campaign-1', ageHours: 5, sameIdentity: false }] });
    expect(reasonsOf(runSignal(fraudLinkSignal, anApplication(), facts(newcomer)))).toEqual(['LINKED_TO_FRAUD']);
    // A label on the registrant's own earlier application counts whatever its history.
    const own = attribute('address', { earlier: { hour: 0, day: 3, month: 5 }, sameIdentity: 4, oldestSameDays: 200, oldestOtherDays: 3, fraudLabels: [{ applicationId: 'own-1', ageHours: 5, sameIdentity: true }] });
    expect(reasonsOf(runSignal(fraudLinkSignal, anApplication(), facts(own)))).toEqual(['LINKED_TO_FRAUD']);
  });

  it('stays quiet without history', () => {
    expect(runSignal(fraudLinkSignal, anApplication(), {})).toEqual([]);
  });
});

describe(sharedDetailsSignal.name, () => {
  const others = (month: number) => ({ hour: 0, day: 0, month });

  it('gives a returning customer nothing for its own card, device and phone', () => {
    const own = { earlier: { hour: 1, day: 3, month: 9 }, otherIdentities: others(0), sameIdentity: 9, oldestSameDays: 90, linked: ['own-1'] };
    expect(runSignal(sharedDetailsSignal, anApplication(), facts(attribute('payment_fingerprint', own), attribute('device', own), attribute('phone', own)))).toEqual([]);
  });

  it('does not count others that took up a value the registrant held for weeks first, and does count them on a campaign\'s repeated fake registrant', () => {
    const held = { earlier: { hour: 0, day: 2, month: 4 }, otherIdentities: others(3), sameIdentity: 2, oldestSameDays: 120, oldestOtherDays: 2 };
    expect(runSignal(sharedDetailsSignal, anApplication(), facts(attribute('address', held), attribute('payment_fingerprint', held)))).toEqual([]);
    const repeated = { ...held, oldestSameDays: 1, oldestOtherDays: 2 };
    expect(reasonsOf(runSignal(sharedDetailsSignal, anApplication(), facts(attribute('address', repeated), attribute('payment_fingerprint', repeated))))).toEqual(['LINKED_ACROSS_IDENTITIES']);
  });

  it('is campaign evidence when distinct registrants share a card and a device, before any label', () => {
    const hits = runSignal(
      sharedDetailsSignal,
      anApplication(),
      facts(attribute('payment_fingerprint', { earlier: { hour: 0, day: 1, month: 1 }, otherIdentities: others(1), sameIdentity: 0, linked: ['c-1'] }), attribute('device', { earlier: { hour: 0, day: 1, month: 1 }, otherIdentities: others(1), sameIdentity: 0, linked: ['c-1'] })),
    );
    expect(reasonsOf(hits)).toEqual(['LINKED_ACROSS_IDENTITIES']);
    expect(hits[0]!.detail).toContain('c-1');
  });

  it('notes one other registrant on one detail weakly, and a street address (neighbours) not at all alone', () => {
    expect(reasonsOf(runSignal(sharedDetailsSignal, anApplication(), facts(attribute('email', { earlier: { hour: 0, day: 0, month: 1 }, otherIdentities: others(1), linked: ['a'] }))))).toEqual(['LINKED_DETAILS_REUSED']);
    expect(reasonsOf(runSignal(sharedDetailsSignal, anApplication(), facts(attribute('address', { earlier: { hour: 0, day: 0, month: 1 }, otherIdentities: others(1), linked: ['a'] }))))).toEqual(['LINKED_DETAILS_REUSED']);
    const widely = runSignal(sharedDetailsSignal, anApplication(), facts(attribute('phone', { earlier: { hour: 0, day: 2, month: 7 }, otherIdentities: others(7), linked: ['a', 'b', 'c', 'd', 'e'] })));
    expect(reasonsOf(widely)).toEqual(['LINKED_ACROSS_IDENTITIES']);
  });

  it('makes a street address a campaign when two other registrants used it the same day, not when neighbours did over the month', () => {
    const address = (day: number, month: number) => facts(attribute('address', { earlier: { hour: 0, day, month }, otherIdentities: { hour: 0, day, month }, linked: ['a', 'b'] }));
    const sameDay = runSignal(sharedDetailsSignal, anApplication(), address(2, 2));
    expect(reasonsOf(sameDay)).toEqual(['LINKED_ACROSS_IDENTITIES']);
    expect(sameDay[0]!.detail).toContain('address with 2 (2 in 24 h)');
    expect(reasonsOf(runSignal(sharedDetailsSignal, anApplication(), address(1, 1)))).toEqual(['LINKED_DETAILS_REUSED']);
    expect(reasonsOf(runSignal(sharedDetailsSignal, anApplication(), address(1, 5)))).toEqual(['LINKED_DETAILS_REUSED']);
    expect(reasonsOf(runSignal(sharedDetailsSignal, anApplication(), address(0, 9)))).toEqual(['LINKED_DETAILS_REUSED']);
  });

  it('does not count kinds that are no narrow detail (a name, an AS, a phone block)', () => {
    const many = { earlier: { hour: 9, day: 99, month: 999 }, otherIdentities: { hour: 9, day: 99, month: 999 } };
    expect(runSignal(sharedDetailsSignal, anApplication(), facts(attribute('name', many), attribute('asn', many), attribute('phone_block', many)))).toEqual([]);
  });
});

describe(identitySignal.name, () => {
  const established = { earlier: 6, firstSeenDays: 120, fraudLabels: 0 };

  it('is evidence for an established registrant with no fraud, and not for a new or labelled one', () => {
    expect(reasonsOf(runSignal(identitySignal, anApplication(), { linkage: { attributes: [], identity: established } }))).toEqual(['IDENTITY_ESTABLISHED']);
    expect(runSignal(identitySignal, anApplication(), { linkage: { attributes: [], identity: { ...established, firstSeenDays: 3 } } })).toEqual([]);
    expect(runSignal(identitySignal, anApplication(), { linkage: { attributes: [], identity: { ...established, fraudLabels: 1 } } })).toEqual([]);
  });

  it('hits the newcomer that uses an established company\'s corporate number with contacts of its own, never the company', () => {
    const newcomer = attribute('corporate_number', { earlier: { hour: 0, day: 0, month: 1 }, otherIdentities: { hour: 0, day: 0, month: 1 }, sameIdentity: 0, oldestOtherDays: 90, linked: ['real-1'] });
    const hits = runSignal(identitySignal, anApplication(), facts(newcomer));
    expect(reasonsOf(hits)).toEqual(['IDENTITY_CLAIM_CONFLICT']);
    expect(hits[0]!.detail).toContain('real-1');
    // The company's own later application: its identity used the number before, the copies are others.
    const company = attribute('corporate_number', { earlier: { hour: 0, day: 2, month: 5 }, otherIdentities: { hour: 0, day: 2, month: 3 }, sameIdentity: 2, oldestOtherDays: 20, linked: ['campaign-1'] });
    expect(reasonsOf(runSignal(identitySignal, anApplication(), { linkage: { attributes: [company], identity: established } }))).toEqual(['IDENTITY_ESTABLISHED']);
  });

  it('in the shipped rules: the impersonating newcomer is held for review, the company is allowed', () => {
    const copied = { earlier: { hour: 0, day: 2, month: 3 }, otherIdentities: { hour: 0, day: 2, month: 3 }, sameIdentity: 0, oldestOtherDays: 90, linked: ['real-1'] };
    expect(shippedEngine().screen(anApplication(), facts(attribute('corporate_number', copied), attribute('address', copied))).outcome).not.toBe('allow');
    const own = { earlier: { hour: 0, day: 2, month: 5 }, otherIdentities: { hour: 0, day: 2, month: 3 }, sameIdentity: 2, oldestSameDays: 90, oldestOtherDays: 20, linked: ['campaign-1'] };
    expect(shippedEngine().screen(anApplication(), { linkage: { attributes: [attribute('corporate_number', own), attribute('address', { ...own, fraudLabels: [{ applicationId: 'campaign-1', ageHours: 3, sameIdentity: false, usedDaysAgo: 1 }] })], identity: established } }).outcome).toBe('allow');
  });
});

describe(burstSignal.name, () => {
  it('fires on many signups from one /24 within the hour, not on the same count spread over a month', () => {
    expect(reasonsOf(runSignal(burstSignal, anApplication(), facts(attribute('ip_prefix', { earlier: { hour: 6, day: 6, month: 6 } }))))).toEqual(['LINKED_BURST']);
    expect(runSignal(burstSignal, anApplication(), facts(attribute('ip_prefix', { earlier: { hour: 0, day: 1, month: 60 } })))).toEqual([]);
  });

  it('fires on eight other registrants from one /24 in a day (a VPS campaign), not on strangers behind one VPN exit over a month', () => {
    expect(reasonsOf(runSignal(burstSignal, anApplication(), facts(attribute('ip_prefix', { earlier: { hour: 2, day: 8, month: 8 }, otherIdentities: { hour: 2, day: 8, month: 8 } }))))).toEqual(['LINKED_BURST']);
    expect(runSignal(burstSignal, anApplication(), facts(attribute('ip_prefix', { earlier: { hour: 1, day: 2, month: 12 }, otherIdentities: { hour: 1, day: 2, month: 12 } })))).toEqual([]);
  });

  it('does not count a company\'s own applications in one sitting', () => {
    expect(runSignal(burstSignal, anApplication(), facts(attribute('ip_prefix', { earlier: { hour: 9, day: 9, month: 9 }, otherIdentities: { hour: 0, day: 0, month: 0 }, sameIdentity: 9 })))).toEqual([]);
  });
});

describe(consecutivePhonesSignal.name, () => {
  it('fires when other recent signups used numbers a few apart', () => {
    const hits = runSignal(consecutivePhonesSignal, anApplication(), { linkage: { attributes: [], consecutivePhones: { nearby: 3, span: 4, windowHours: 24, linked: ['x', 'y', 'z'] } } });
    expect(reasonsOf(hits)).toEqual(['LINKED_CONSECUTIVE_PHONES']);
    expect(runSignal(consecutivePhonesSignal, anApplication(), { linkage: { attributes: [], consecutivePhones: { nearby: 1, span: 1, windowHours: 24, linked: ['x'] } } })).toEqual([]);
  });

  it('fires on one number a few apart when another registrant used the phone block that day, not when the block is the applicant\'s own', () => {
    const one = { nearby: 1, span: 3, windowHours: 24, linked: ['x'] };
    const block = (others: number, same: number) => attribute('phone_block', { earlier: { hour: 0, day: others + same, month: others + same }, otherIdentities: { hour: 0, day: others, month: others }, sameIdentity: same });
    expect(reasonsOf(runSignal(consecutivePhonesSignal, anApplication(), { linkage: { attributes: [block(1, 0)], consecutivePhones: one } }))).toEqual(['LINKED_CONSECUTIVE_PHONES']);
    expect(runSignal(consecutivePhonesSignal, anApplication(), { linkage: { attributes: [block(0, 1)], consecutivePhones: one } })).toEqual([]);
    expect(runSignal(consecutivePhonesSignal, anApplication(), { linkage: { attributes: [block(1, 0)] } })).toEqual([]);
  });
});

describe('linkage in the engine', () => {
  it('holds back the next member of a caught campaign: fraud link plus a burst', () => {
    const assessment = shippedEngine().screen(
      anApplication(),
      facts(
        attribute('phone', { earlier: { hour: 1, day: 2, month: 2 }, linked: ['a', 'b'], fraudLabels: [{ applicationId: 'a', ageHours: 3 }] }),
        attribute('ip_prefix', { earlier: { hour: 6, day: 8, month: 8 }, linked: ['a', 'b', 'c'] }),
      ),
    );
    expect(assessment.hits.map((hit) => hit.reason)).toEqual(expect.arrayContaining(['LINKED_TO_FRAUD', 'LINKED_BURST', 'CAMPAIGN_MEMBER']));
    expect(['hold', 'deny']).toContain(assessment.outcome);
  });

  it('changes nothing for a clean application with no history', () => {
    expect(shippedEngine().screen(anApplication(), { linkage: { attributes: [] } }).outcome).toBe('allow');
  });
});
