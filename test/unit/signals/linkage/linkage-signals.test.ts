import { describe, expect, it } from 'vitest';
import type { AttributeLinkFacts, ScreeningFacts } from '../../../../src/engine';
import { burstSignal } from '../../../../src/engine/signals/linkage/burst.signal';
import { consecutivePhonesSignal } from '../../../../src/engine/signals/linkage/consecutive-phones.signal';
import { fraudLinkSignal } from '../../../../src/engine/signals/linkage/fraud-link.signal';
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

  it('decays with the half-life of the attribute kind: an IP label is stale in weeks, a card label is not', () => {
    const old = [{ applicationId: 'app-2', ageHours: 60 * DAY }];
    expect(runSignal(fraudLinkSignal, anApplication(), facts(attribute('ip_prefix', { earlier: { hour: 0, day: 0, month: 1 }, fraudLabels: old })))).toEqual([]);
    expect(reasonsOf(runSignal(fraudLinkSignal, anApplication(), facts(attribute('payment_fingerprint', { earlier: { hour: 0, day: 0, month: 1 }, fraudLabels: old }))))).toEqual(['LINKED_TO_FRAUD']);
  });

  it('is weak for a shared network with a fresh label', () => {
    const hits = runSignal(fraudLinkSignal, anApplication(), facts(attribute('ip_prefix', { earlier: { hour: 1, day: 1, month: 1 }, fraudLabels: [{ applicationId: 'app-3', ageHours: 1 }] })));
    expect(reasonsOf(hits)).toEqual(['LINKED_TO_FRAUD_WEAK']);
  });

  it('ignores a fraud label on a value thousands share (an e-mail domain) unless fraud is a real share of it', () => {
    const labels = [{ applicationId: 'app-4', ageHours: 1 }];
    expect(runSignal(fraudLinkSignal, anApplication(), facts(attribute('email_domain', { earlier: { hour: 50, day: 900, month: 1000 }, fraudLabels: labels })))).toEqual([]);
    expect(reasonsOf(runSignal(fraudLinkSignal, anApplication(), facts(attribute('email_domain', { earlier: { hour: 0, day: 1, month: 2 }, fraudLabels: labels }))))).toEqual(['LINKED_TO_FRAUD']);
  });

  it('stays quiet without history', () => {
    expect(runSignal(fraudLinkSignal, anApplication(), {})).toEqual([]);
  });
});

describe(sharedDetailsSignal.name, () => {
  it('notes reuse of a personal detail, and widely reused ones more', () => {
    expect(reasonsOf(runSignal(sharedDetailsSignal, anApplication(), facts(attribute('email', { earlier: { hour: 0, day: 0, month: 1 }, linked: ['a'] }))))).toEqual(['LINKED_DETAILS_REUSED']);
    const wide = runSignal(sharedDetailsSignal, anApplication(), facts(attribute('phone', { earlier: { hour: 0, day: 2, month: 7 }, linked: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] })));
    expect(reasonsOf(wide)).toEqual(['LINKED_DETAILS_REUSED_WIDELY']);
    expect(wide[0]!.detail).toContain('(+2 more)');
  });

  it('does not count weak kinds (a shared e-mail domain or AS) as reuse', () => {
    expect(runSignal(sharedDetailsSignal, anApplication(), facts(attribute('email_domain', { earlier: { hour: 9, day: 99, month: 999 } }), attribute('asn', { earlier: { hour: 9, day: 99, month: 999 } })))).toEqual([]);
  });
});

describe(burstSignal.name, () => {
  it('fires on many signups from one /24 within the hour, not on the same count spread over a month', () => {
    expect(reasonsOf(runSignal(burstSignal, anApplication(), facts(attribute('ip_prefix', { earlier: { hour: 6, day: 6, month: 6 } }))))).toEqual(['LINKED_BURST']);
    expect(runSignal(burstSignal, anApplication(), facts(attribute('ip_prefix', { earlier: { hour: 0, day: 1, month: 60 } })))).toEqual([]);
  });
});

describe(consecutivePhonesSignal.name, () => {
  it('fires when other recent signups used numbers a few apart', () => {
    const hits = runSignal(consecutivePhonesSignal, anApplication(), { linkage: { attributes: [], consecutivePhones: { nearby: 3, span: 4, windowHours: 24, linked: ['x', 'y', 'z'] } } });
    expect(reasonsOf(hits)).toEqual(['LINKED_CONSECUTIVE_PHONES']);
    expect(runSignal(consecutivePhonesSignal, anApplication(), { linkage: { attributes: [], consecutivePhones: { nearby: 1, span: 1, windowHours: 24, linked: ['x'] } } })).toEqual([]);
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
