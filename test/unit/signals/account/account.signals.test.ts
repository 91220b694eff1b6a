import { describe, expect, it } from 'vitest';
import type { AttributeLinkFacts, ScreeningFacts } from '../../../../src/engine';
import { establishedAccountSignal } from '../../../../src/engine/signals/account/established-account.signal';
import { newAccountVolumeSignal } from '../../../../src/engine/signals/account/new-account-volume.signal';
import { resellerAccountSignal } from '../../../../src/engine/signals/account/reseller-account.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal, shippedEngine } from '../../../support/engine';

// anApplication is submitted 2026-11-27T10:15:00+09:00; the facts' asOf, when given, wins.
const account = (overrides: Partial<{ openedAt: string; domainCount: number; reseller: boolean }> = {}) => ({
  account: { id: 'acct-7', openedAt: '2021-06-01T09:00:00+09:00', domainCount: 4, reseller: false, ...overrides },
});
const accountHistory = (overrides: Partial<AttributeLinkFacts> = {}): ScreeningFacts => ({
  linkage: { attributes: [{ kind: 'account', earlier: { hour: 0, day: 0, month: 0 }, linked: [], fraudLabels: [], ...overrides }] },
});

describe(establishedAccountSignal.name, () => {
  const sut = (overrides: Parameters<typeof anApplication>[0], facts: ScreeningFacts = {}) => runSignal(establishedAccountSignal, anApplication(overrides), facts);

  it('reports an account kept for years that holds domains, in words', () => {
    const hits = sut(account());
    expect(reasonsOf(hits)).toEqual(['ACCOUNT_ESTABLISHED']);
    expect(hits[0]!.detail).toBe('a customer account opened 5 years ago holding 4 domain(s), no abuse known');
    expect(sut(account(), accountHistory())[0]!.detail).toContain('no fraud label on any application of the account');
  });

  it('measures the age at the time of screening (facts.asOf), else at submission', () => {
    expect(reasonsOf(sut(account({ openedAt: '2026-01-01T00:00:00Z' })))).toEqual([]);
    expect(reasonsOf(sut(account({ openedAt: '2026-01-01T00:00:00Z' }), { asOf: '2027-02-01T00:00:00Z' }))).toEqual(['ACCOUNT_ESTABLISHED']);
    expect(reasonsOf(sut({ ...account(), submittedAt: null }))).toEqual([]);
  });

  it('says nothing for a reseller, an account without domains, or one with fraud on its applications', () => {
    expect(reasonsOf(sut(account({ reseller: true })))).toEqual([]);
    expect(reasonsOf(sut(account({ domainCount: 0 })))).toEqual([]);
    expect(reasonsOf(sut(account(), accountHistory({ fraudLabels: [{ applicationId: 'a1', ageHours: 900 }] })))).toEqual([]);
    expect(reasonsOf(sut({}))).toEqual([]);
  });
});

describe(newAccountVolumeSignal.name, () => {
  const sut = (overrides: Parameters<typeof anApplication>[0], facts: ScreeningFacts = {}) => runSignal(newAccountVolumeSignal, anApplication(overrides), facts);
  const hoursOld = '2026-11-27T06:15:00+09:00';

  it('reports a new account that already holds two names and applies for a third', () => {
    const hits = sut(account({ openedAt: hoursOld, domainCount: 2 }));
    expect(reasonsOf(hits)).toEqual(['ACCOUNT_NEW_MANY_NAMES']);
    expect(hits[0]!.detail).toBe('a customer account opened 4 hours ago registers many names fast: 2 domain(s) already held and this one');
  });

  it('counts the account’s applications of the day from history when there are more of them', () => {
    const hits = sut(account({ openedAt: hoursOld, domainCount: 0 }), accountHistory({ earlier: { hour: 2, day: 4, month: 4 } }));
    expect(hits[0]!.detail).toContain('5 applications from it in a day, this one included');
  });

  it('stays quiet for a new account’s first names, an old account, or a reseller', () => {
    expect(reasonsOf(sut(account({ openedAt: hoursOld, domainCount: 1 })))).toEqual([]);
    expect(reasonsOf(sut(account({ domainCount: 40 })))).toEqual([]);
    expect(reasonsOf(sut(account({ openedAt: hoursOld, domainCount: 40, reseller: true })))).toEqual([]);
  });
});

describe(resellerAccountSignal.name, () => {
  it('notes a reseller account, for the reviewer and the linkage signals', () => {
    const hits = runSignal(resellerAccountSignal, anApplication(account({ reseller: true, domainCount: 250 })));
    expect(reasonsOf(hits)).toEqual(['ACCOUNT_RESELLER']);
    expect(hits[0]!.detail).toContain('250 domain(s) for its clients');
    expect(reasonsOf(runSignal(resellerAccountSignal, anApplication(account())))).toEqual([]);
  });
});

describe('ACCOUNT_IN_GOOD_STANDING (composite)', () => {
  const engine = shippedEngine();
  const pointsOf = (assessment: ReturnType<typeof engine.screen>, reason: string) => assessment.hits.filter((hit) => hit.reason === reason).reduce((sum, hit) => sum + hit.points, 0);

  it('credits an established account with its points', () => {
    const without = engine.screen(anApplication());
    const withAccount = engine.screen(anApplication(account()));
    expect(pointsOf(withAccount, 'ACCOUNT_IN_GOOD_STANDING')).toBe(-15);
    expect(withAccount.score).toBe(without.score - 15);
  });

  it('is withheld when hard evidence fired: a fraud link, a placeholder identity, a brand lookalike', () => {
    const fraudLink: ScreeningFacts = { linkage: { attributes: [{ kind: 'payment_fingerprint', earlier: { hour: 0, day: 1, month: 1 }, linked: ['a1'], fraudLabels: [{ applicationId: 'a1', ageHours: 24 }] }] } };
    for (const [application, facts] of [
      [anApplication(account()), fraudLink],
      [anApplication({ ...account(), domain: { name: 'rakuten-card-login.jp' } }), {}],
      [anApplication({ ...account(), registrant: { name: { kanji: '山田 太郎', kana: 'ヤマダ タロウ', romaji: 'Taro Yamada' }, email: 'x@mailinator.com', address: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1' } } }), {}],
    ] as const) {
      const assessment = engine.screen(application, facts);
      expect(assessment.hits.map((hit) => hit.reason)).toContain('ACCOUNT_ESTABLISHED');
      expect(pointsOf(assessment, 'ACCOUNT_IN_GOOD_STANDING')).toBe(0);
    }
  });
});
