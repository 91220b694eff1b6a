import { describe, expect, it } from 'vitest';
import { accountWordSignal, insideLongerWord, withoutAccountWords } from '../../../../src/engine/signals/domain/account-word.signal';
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
    ['routerlogin.net', 'login'], // on an ordinary suffix too, weighed by its base rates there
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

  it('weighs the word by its base rates on the suffix, and under an unmeasured country code a little', () => {
    expect(run('safeaccesspage.xyz')[0]?.detail).toMatch(/a word of signing in or account upkeep: 1 in \d+ new \.xyz registrations look like this, 1 in \d+ phishing \.xyz registrations$/);
    expect(run('users-login.de')[0]?.evidence).toBe(1);
    expect(run('users-login.ga')[0]?.evidence).toBeLessThanOrEqual(2);
  });

  it('takes every account word out of the label for the letter evidence, not the words it lies inside', () => {
    const { lexicon } = loadKnowledge();
    const words = ['login', 'update', 'account', 'member'];
    expect(withoutAccountWords('update-account', words, lexicon)).toBe('');
    expect(withoutAccountWords('secure-login-bank', words, lexicon)).toBe('secure-bank');
    expect(withoutAccountWords('thingsremembered', words, lexicon)).toBe('thingsremembered');
  });

  it('lets an inflection of the word itself count, not a longer word', () => {
    const { lexicon } = loadKnowledge();
    expect(insideLongerWord('updates', 0, 'update', lexicon)).toBe(false);
    expect(insideLongerWord('remember', 2, 'member', lexicon)).toBe(true);
    expect(insideLongerWord('authority', 0, 'auth', lexicon)).toBe(true);
  });
});

describe('account words with the shipped rules', () => {
  const screen = (name: string) => shippedEngine().screen({ externalId: name, product: 'domain', domain: { name } });

  it.each(['update-account.cyou', 'safeaccesspage.xyz', 'accountupdate.top', 'login-update.buzz', 'windowsupdate.com', 'routerlogin.net'])(
    'keeps %s below review: an account word alone is weak on any suffix',
    (name) => {
      expect(screen(name).hits.map((hit) => hit.reason)).toContain('DOMAIN_ACCOUNT_WORD');
      expect(screen(name).outcome).toBe('allow');
    },
  );
});
