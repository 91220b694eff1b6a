import { describe, expect, it } from 'vitest';
import { localPartNameSignal } from '../../../../src/engine/signals/email/local-part-name.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(localPartNameSignal.name, () => {
  type Name = { kanji?: string; kana?: string; romaji?: string };
  const hanako: Name = { kanji: '佐藤 花子', kana: 'サトウ ハナコ', romaji: 'Hanako Sato' };
  const sut = (localPart: string, name: Name = hanako, type: 'individual' | 'organization' = 'individual') =>
    reasonsOf(
      runSignal(
        localPartNameSignal,
        anApplication({ registrant: { type, name: { kanji: undefined, kana: undefined, romaji: undefined, ...name }, email: `${localPart}@example.ne.jp` } }),
      ),
    );

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(localPartNameSignal, anApplication()))).toEqual([]);
  });

  it.each(['dragonfly77', 'moonlight.walker', 'nakamura.k', 'ryouhei.k', 'yamada1234', 'kenichi.watanabe'])('reports %s for Hanako Sato', (localPart) => {
    expect(sut(localPart)).toEqual(['EMAIL_LOCAL_PART_UNRELATED_TO_NAME']);
  });

  it.each([
    'hanako.sato',
    'hsato',
    'sato.h',
    'satoh.hanako',
    'satou_hanako',
    'h.sato1985',
    'hana.chan',
    'hanakko',
    'mamasato',
    'hs.dragonfly',
    'info',
    'support',
    'webmaster',
    'shopinfo',
    'toiawase',
    'family',
    'hs1985',
    'xyz',
  ])('accepts %s for Hanako Sato', (localPart) => {
    expect(sut(localPart)).toEqual([]);
  });

  it.each([
    ['itoh.junichiro', { romaji: 'Junichiro Ito' }],
    ['junichirou.itou', { romaji: "Jun'ichirō Itō" }],
    ['jyunichiro', { kana: 'イトウ ジュンイチロウ' }],
    ['ohno.shohei', { romaji: 'Shouhei Oono' }],
    ['shimbashi.k', { kana: 'シンバシ ケイ' }],
    ['tsuchiya', { romaji: 'Tutiya Akira' }],
    ['fujita.c', { kana: 'フジタ チヨ' }],
    ['kyoko.k', { kana: 'ｷｮｳｺ ｶﾄｳ' }],
    ['yuuki1990', { romaji: 'Yuki Kobayashi' }],
    ['ryouta', { kana: 'リョウタ ワタナベ' }],
    ['john.smith', { kana: 'ジョン・スミス' }],
  ])('matches %s to the name across romanisation variants', (localPart, name) => {
    expect(sut(localPart, name)).toEqual([]);
  });

  it('romanises the kana name when no romaji is given', () => {
    expect(sut('hanako.sato', { kana: 'サトウ ハナコ' })).toEqual([]);
    expect(sut('dragonfly77', { kana: 'サトウ ハナコ' })).toEqual(['EMAIL_LOCAL_PART_UNRELATED_TO_NAME']);
  });

  it('says nothing without a romaji or kana name, or for an organisation', () => {
    expect(sut('dragonfly77', { kanji: '佐藤 花子' })).toEqual([]);
    expect(sut('dragonfly77', hanako, 'organization')).toEqual([]);
  });

  it('leaves random strings to the random-local-part signal', () => {
    expect(sut('xk7qz9vw2m')).toEqual([]);
  });
});
