import { describe, expect, it } from 'vitest';
import { nameRomanizationSignal } from '../../../../src/engine/signals/name/name-romanization.signal';
import { reasonsOf, runSignal } from '../../../support/engine';
import { anApplication } from '../../../support/factories';

describe(nameRomanizationSignal.name, () => {
  const sut = (kanji?: string, kana?: string, romaji?: string) =>
    runSignal(nameRomanizationSignal, anApplication({ registrant: { name: { kanji, kana, romaji } } }));

  it('reports romaji no Japanese reading produces, quoting the word', () => {
    expect(sut('佐藤 花子', undefined, 'Lee Satou')).toEqual([
      { reason: 'NAME_ROMAJI_NOT_HEPBURN', detail: 'the romaji "Lee" cannot romanise a Japanese reading, yet the name is given in Japanese script' },
    ]);
  });

  it.each([
    ['佐藤 花子', 'サトウ ハナコ', 'Hanaqo Sato'],
    ['田中 伟杰', undefined, 'Weijie Tanaka'],
    ['鈴木 一郎', 'スズキ イチロウ', 'Ichiro Suzukix'],
    ['佐藤 花子', 'サトウ ハナコ', 'Hanako Smith'],
  ])('reports %s / %s / %s', (kanji, kana, romaji) => {
    expect(reasonsOf(sut(kanji, kana, romaji))).toEqual(['NAME_ROMAJI_NOT_HEPBURN']);
  });

  it.each([
    ['佐藤 花子', 'サトウ ハナコ', 'Hanako Sato'],
    ['伊藤 翔太', 'イトウ ショウタ', 'Syouta Itou'],
    ['本間 健', 'ホンマ ケン', 'Ken Homma'],
    ['大野 優', 'オオノ ユウ', 'Yu Ohno'],
    ['服部 半蔵', 'ハットリ ハンゾウ', 'Hanzo Hattori'],
    ['佐藤 花子', 'サトウ ハナコ', 'H. Sato'],
    ['斉藤 真一', 'サイトウ シンイチ', "Shin'ichi Saitō"],
  ])('accepts the Hepburn (or kunrei) romaji of %s', (kanji, kana, romaji) => {
    expect(sut(kanji, kana, romaji)).toEqual([]);
  });

  it.each([
    [undefined, undefined, 'John Smith'],
    [undefined, 'ジョン スミス', 'John Smith'],
    [undefined, 'スミス ジョン', 'John Smith'],
    ['ジョン スミス', 'ジョン スミス', 'John Smith'],
    ['王 伟', 'ワン ウェイ', 'Wang Wei'],
    ['王 伟', undefined, 'Wang Wei'],
    ['金 英洙', 'キム ヨンス', 'Kim Youngsoo'],
    ['佐藤 エミリー', 'サトウ エミリー', 'Emily Sato'],
    ['加藤 ローサ', 'カトウ ローサ', 'Rosa Kato'],
    // Kana without kanji and romaji that is not Hepburn: a foreign resident's transcription.
    [undefined, 'サトウ リサ', 'Lisa Sato'],
  ])('does not judge a foreign name: %s / %s / %s', (kanji, kana, romaji) => {
    expect(sut(kanji, kana, romaji)).toEqual([]);
  });
});
