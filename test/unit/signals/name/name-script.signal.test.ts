import { describe, expect, it } from 'vitest';
import { nameScriptSignal } from '../../../../src/engine/signals/name/name-script.signal';
import { runSignal } from '../../../support/engine';
import { anApplication } from '../../../support/factories';

describe(nameScriptSignal.name, () => {
  const sut = (kanji?: string, kana?: string, romaji?: string) => runSignal(nameScriptSignal, anApplication({ registrant: { name: { kanji, kana, romaji } } }));

  it.each([
    ['佐藤 花子', 'サトウ ハナコ', 'Hanako Sato'],
    ['佐藤　花子', 'さとう　はなこ', 'SATO Hanako'],
    ['佐々木 ひまり', 'ｻｻｷ ﾋﾏﾘ', 'Himari Sasaki'],
    ['ジョン・スミス', 'ジョン・スミス', 'John Smith'],
    ['大野 優', 'オオノ ユウ', 'Yū Ōno'],
    ['斉藤 真一', 'サイトウ シンイチ', "Shin'ichi Saito"],
    ['佐藤 花子', undefined, 'Ｈａｎａｋｏ Ｓａｔｏ'],
  ])('accepts %s / %s / %s', (kanji, kana, romaji) => {
    expect(sut(kanji, kana, romaji)).toEqual([]);
  });

  it('treats full-width Latin in the kanji field as Latin', () => {
    expect(sut('ＳＡＴＯ Ｈａｎａｋｏ', 'サトウ ハナコ', undefined)).toEqual([
      { reason: 'NAME_FIELD_WRONG_SCRIPT', detail: 'the kanji name contains Latin letters' },
    ]);
  });

  it('reports kanji or Latin letters in the kana field', () => {
    expect(sut('佐藤 花子', '佐藤 花子', 'Hanako Sato')).toEqual([{ reason: 'NAME_FIELD_WRONG_SCRIPT', detail: 'the kana name contains kanji' }]);
    expect(sut('佐藤 花子', 'Sato Hanako', 'Hanako Sato')).toEqual([{ reason: 'NAME_FIELD_WRONG_SCRIPT', detail: 'the kana name contains Latin letters' }]);
  });

  it('reports Latin letters or digits in the kanji field and Japanese script in the romaji field, in one hit', () => {
    const hits = sut('Hanako Sato', 'サトウ ハナコ', '佐藤 花子');
    expect(hits).toHaveLength(1);
    expect(hits[0]!.detail).toBe('the kanji name contains Latin letters; the romaji name contains kanji');
    expect(sut('佐藤 花子2', 'サトウ ハナコ', 'Hanako Sato')[0]?.detail).toBe('the kanji name contains digits');
    expect(sut('佐藤 花子', 'サトウ ハナコ', 'Hanako Sato ★')[0]?.detail).toBe('the romaji name contains symbols');
  });

  it('says nothing without a name', () => {
    expect(runSignal(nameScriptSignal, anApplication({ registrant: { name: undefined } }))).toEqual([]);
  });
});
