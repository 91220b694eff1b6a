import { describe, expect, it } from 'vitest';
import { randomLocalPartSignal } from '../../../../src/engine/signals/email/random-local-part.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(randomLocalPartSignal.name, () => {
  const run = (localPart: string) => runSignal(randomLocalPartSignal, anApplication({ registrant: { email: `${localPart}@example.ne.jp` } }));
  const sut = (localPart: string) => reasonsOf(run(localPart));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(randomLocalPartSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['xk7qz9vw2m', '7 letters without a vowel'],
    ['dfgsdhjk', '8 letters without a vowel'],
    ['a8f3k2l9', 'letters and digits alternate 7 times'],
    ['5f3a9c2e1b', 'letters and digits alternate 9 times'],
    ['qwrtplkmnbvz', '12 letters without a vowel'],
    ['akxtrvbqe', '7 consonants in a row'],
    ['zqxjkvbwpa', '9 consonants in a row'],
    ['taro.xk7qz9vw2m', '7 letters without a vowel'],
  ])('reports %s (%s)', (localPart, why) => {
    expect(sut(localPart)).toEqual(['EMAIL_RANDOM_LOCAL_PART']);
    expect(run(localPart)[0]?.detail).toBe(`the e-mail local part looks machine-generated (${why})`);
  });

  it.each([
    'hanako.sato',
    'h.sato1985',
    'info',
    'taro_yamada',
    'support',
    'k-suzuki',
    'tanaka.ichiro.0412',
    'webmaster',
    'postmaster',
    'shinnosuke',
    'tsutsumi',
    'matsushita',
    'schmidt',
    'krzysztof',
    'nguyen.van.an',
    'yukiko1979',
    'user2024',
    'mail2taro',
    '09012345678',
    'k1234567',
    'rhythm',
    'tkmr',
    'xyz123',
  ])('accepts %s', (localPart) => {
    expect(sut(localPart)).toEqual([]);
  });

  it('says nothing about an address that is not one', () => {
    expect(reasonsOf(runSignal(randomLocalPartSignal, anApplication({ registrant: { email: 'xk7qz9vw2m' } })))).toEqual([]);
  });
});
