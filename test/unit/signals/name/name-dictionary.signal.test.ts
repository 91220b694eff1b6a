import { describe, expect, it } from 'vitest';
import { nameDictionarySignal } from '../../../../src/engine/signals/name/name-dictionary.signal';
import { reasonsOf, runSignal } from '../../../support/engine';
import { anApplication } from '../../../support/factories';

describe(nameDictionarySignal.name, () => {
  const sut = (kanji?: string, kana?: string, romaji?: string) =>
    reasonsOf(runSignal(nameDictionarySignal, anApplication({ registrant: { name: { kanji, kana, romaji } } })));

  it.each([
    ['佐藤 花子', 'サトウ ハナコ', 'Hanako Sato'],
    ['佐藤花子', undefined, undefined],
    ['鈴木 一郎', 'スズキ イチロウ', 'Ichiro Suzuki'],
    ['伊藤 翔太', 'イトウ ショウタ', 'Shota Ito'],
    ['大野 優', 'オオノ ユウ', 'Yu Ono'],
    ['本間 健', 'ホンマ ケン', 'Ken Homma'],
    ['高橋 陽菜', 'タカハシ ヒナ', 'Hina Takahashi'],
    ['高橋 陽菜', undefined, 'Hina Takahashi'],
    ['小林 陽翔', 'コバヤシ ハルト', 'Haruto Kobayashi'],
    ['中村 悠真', 'ナカムラ ユウマ', 'Yuma Nakamura'],
    ['加藤 紬', 'カトウ ツムギ', 'Tsumugi Kato'],
    ['鈴木 結愛', undefined, undefined],
    ['髙橋 一生', 'タカハシ イッセイ', 'Issei Takahashi'],
    ['広瀬 すず', 'ヒロセ スズ', 'Suzu Hirose'],
    [undefined, 'さとう はなこ', undefined],
    ['さとう はなこ', undefined, undefined],
  ])('knows %s / %s / %s', (kanji, kana, romaji) => {
    expect(sut(kanji, kana, romaji)).toEqual([]);
  });

  it('reports a common surname with a kanji given name unknown in writing and reading (JANOG45 BoF pattern)', () => {
    expect(sut('田中 伟杰', undefined, undefined)).toEqual(['NAME_COMMON_SURNAME_UNUSUAL_GIVEN_NAME']);
    expect(sut('田中伟杰', 'タナカ ウェイジエ', 'Weijie Tanaka')).toEqual(['NAME_COMMON_SURNAME_UNUSUAL_GIVEN_NAME']);
    expect(sut('佐藤 建国', 'サトウ ジェングオ', undefined)).toEqual(['NAME_COMMON_SURNAME_UNUSUAL_GIVEN_NAME']);
  });

  it('reports an unknown given name without the pattern when the surname is not among the most common', () => {
    expect(sut('東海林 建国', 'ショウジ ジェングオ', undefined)).toEqual(['NAME_GIVEN_NAME_UNKNOWN']);
  });

  it('does not call a katakana given name the pattern: an openly foreign given name is no disguise', () => {
    expect(sut('加藤 ローサ', 'カトウ ローサ', 'Rosa Kato')).toEqual(['NAME_GIVEN_NAME_UNKNOWN']);
  });

  it('reports a surname unknown in writing and reading', () => {
    expect(sut('鬱鬱 花子', undefined, undefined)).toEqual(['NAME_SURNAME_UNKNOWN']);
    expect(sut('鬱鬱花子', undefined, undefined)).toEqual(['NAME_SURNAME_UNKNOWN']);
  });

  it('knows a surname by its reading when the written form is missing from the dictionary', () => {
    expect(sut('鬱鬱 花子', 'タカハシ ハナコ', undefined)).toEqual([]);
    expect(sut('鬱鬱 花子', undefined, 'Hanako Takahashi')).toEqual([]);
  });

  it.each([
    [undefined, 'ジョン スミス', 'John Smith'],
    ['ジョン スミス', 'ジョン スミス', 'John Smith'],
    [undefined, undefined, 'Xochitl Quispe'],
    ['王 伟', 'ワン ウェイ', 'Wang Wei'],
    ['王 伟', undefined, 'Wang Wei'],
    ['陳 美玲', 'チン ミレイ', 'Chen Meiling'],
    ['金 英洙', 'キム ヨンス', 'Kim Youngsoo'],
    ['グエン ヴァン アン', 'グエン ヴァン アン', 'Nguyen Van An'],
  ])('does not look up a name not presented as Japanese: %s / %s / %s', (kanji, kana, romaji) => {
    expect(sut(kanji, kana, romaji)).toEqual([]);
  });
});
