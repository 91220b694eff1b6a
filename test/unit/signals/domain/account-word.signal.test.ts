import { describe, expect, it } from 'vitest';
import { accountWordSignal, insideLongerWord } from '../../../../src/engine/signals/domain/account-word.signal';
import { anApplication } from '../../../support/factories';
import { loadKnowledge } from '../../../../src/knowledge';
import { reasonsOf, runSignal, shippedEngine } from '../../../support/engine';

describe(accountWordSignal.name, () => {
  const run = (name: string) => runSignal(accountWordSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(accountWordSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['update-account.cyou', 'account'],
    ['users-login.ga', 'login'],
    ['safeaccesspage.xyz', 'access'],
    ['accountupdate.top', 'account'],
    ['login2.ml', 'login'],
    ['myetherwalletlogin.wang', 'login'],
    ['updates-jp.live', 'update'], // an inflection of the word counts as the word,
    ['routerlogin.net', 'login'], // noted on an ordinary suffix too; points come only from the composite
  ])('notes %s: a word of signing in or account upkeep', (name, word) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['DOMAIN_ACCOUNT_WORD']);
    expect(hits[0]?.detail).toContain(`"${word}"`);
  });

  it.each([
    'thingsremembered.com', // member inside remember
    'androidauthority.com', // auth inside authority
    'sportsauthority.top',
    'accessories-shop.top', // access inside accessories
    'tokyo-ramen.com',
    'secure-trkr.com', // secure is not on the list (shops and services use it as often)
    'online-shop0.club', // nor online
  ])('says nothing about %s', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it('says nothing about a domain a listed brand owns', () => {
    expect(sut('payments-amazon.com')).toEqual([]);
  });

  it('lets an inflection of the word itself count, not a longer word', () => {
    const { lexicon } = loadKnowledge();
    expect(insideLongerWord('updates', 0, 'update', lexicon)).toBe(false);
    expect(insideLongerWord('remember', 2, 'member', lexicon)).toBe(true);
    expect(insideLongerWord('authority', 0, 'auth', lexicon)).toBe(true);
  });
});

describe('ACCOUNT_WORD_ON_RISKY_SUFFIX with the shipped rules', () => {
  const screenName = (name: string) => shippedEngine().screen({ externalId: name, product: 'domain', domain: { name } }, {});
  const reasons = (name: string) => screenName(name).hits.map((hit) => hit.reason);

  it.each(['update-account.cyou', 'users-login.ga', 'safeaccesspage.xyz', 'accountupdate.top', 'login-update.buzz'])(
    'sends %s to review: an account word under a risky suffix',
    (name) => {
      expect(reasons(name)).toContain('ACCOUNT_WORD_ON_RISKY_SUFFIX');
      expect(screenName(name).outcome).toBe('review');
    },
  );

  it.each(['windowsupdate.com', 'routerlogin.net', 'adobelogin.com', 'doubleverify.com', 'jollywallet.com', 'providesupport.com'])(
    'keeps %s, an account word on an established suffix, at allow',
    (name) => {
      expect(reasons(name)).not.toContain('ACCOUNT_WORD_ON_RISKY_SUFFIX');
      expect(screenName(name).outcome).toBe('allow');
    },
  );

  it.each(['thingsremembered.top', 'sportsauthority.xyz', 'tokyo-ramen.xyz'])('adds nothing for %s, no account word, on a risky suffix', (name) => {
    expect(reasons(name)).not.toContain('ACCOUNT_WORD_ON_RISKY_SUFFIX');
  });
});
