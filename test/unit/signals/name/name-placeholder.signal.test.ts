import { describe, expect, it } from 'vitest';
import { namePlaceholderSignal } from '../../../../src/engine/signals/name/name-placeholder.signal';
import { reasonsOf, runSignal } from '../../../support/engine';
import { anApplication } from '../../../support/factories';

describe(namePlaceholderSignal.name, () => {
  const sut = (kanji?: string, kana?: string, romaji?: string) =>
    runSignal(namePlaceholderSignal, anApplication({ registrant: { name: { kanji, kana, romaji } } }));
  const reasons = (kanji?: string, kana?: string, romaji?: string) => reasonsOf(sut(kanji, kana, romaji));

  it.each([
    ['山田太郎', undefined, undefined],
    ['山田 太郎', undefined, undefined],
    ['山田　花子', undefined, undefined],
    [undefined, 'ヤマダタロウ', undefined],
    [undefined, 'やまだ はなこ', undefined],
    [undefined, undefined, 'Taro Yamada'],
    [undefined, undefined, 'YAMADA Tarou'],
    [undefined, undefined, 'Tarō Yamada'],
    ['テスト', undefined, undefined],
    ['テスト 太郎', undefined, undefined],
    [undefined, undefined, 'test test'],
    [undefined, undefined, 'Sample'],
    ['名無し', undefined, undefined],
    [undefined, 'ななし', undefined],
    ['匿名', undefined, undefined],
    [undefined, undefined, 'N/A'],
    [undefined, undefined, 'John Doe'],
    [undefined, undefined, 'hoge fuga'],
  ])('reports the sample name %s / %s / %s', (kanji, kana, romaji) => {
    expect(sut(kanji, kana, romaji)).toEqual([{ reason: 'NAME_PLACEHOLDER', detail: expect.stringContaining('sample or placeholder name') }]);
  });

  it.each([
    ['aaa', 'is one character or syllable repeated'],
    ['xxxx yyyy', 'is one character or syllable repeated'],
    ['あああ', 'is one character or syllable repeated'],
    ['ababab', 'is one character or syllable repeated'],
    ['asdfgh', 'is a keyboard or alphabet run'],
    ['qwer tyui', 'is a keyboard or alphabet run'],
    ['lkjh', 'is a keyboard or alphabet run'],
    ['abcd efgh', 'is a keyboard or alphabet run'],
    ['アイウエオ', 'is a keyboard or alphabet run'],
    ['あいうえお', 'is a keyboard or alphabet run'],
    ['かきくけこ さしすせそ', 'is a keyboard or alphabet run'],
    ['1234', 'is only digits'],
    ['１２３４５', 'is only digits'],
    ['Sato 1', 'is only digits'],
  ])('reports %s, which %s', (text, why) => {
    expect(sut(text, undefined, undefined)).toEqual([{ reason: 'NAME_PLACEHOLDER', detail: `the kanji name ${why}` }]);
  });

  it.each([
    ['佐藤 花子', 'サトウ ハナコ', 'Hanako Sato'],
    ['山田 花', 'ヤマダ ハナ', 'Hana Yamada'],
    ['山田 一郎', 'ヤマダ イチロウ', 'Ichiro Yamada'],
    ['太田 太郎', 'オオタ タロウ', 'Taro Ota'],
    ['日本 一', 'ヒノモト ハジメ', 'Hajime Hinomoto'],
    ['木村 ナナ', 'キムラ ナナ', 'Nana Kimura'],
    ['高木 ここ', 'タカギ ココ', 'Coco Takagi'],
    ['佐々木 結衣', 'ササキ ユイ', 'Yui Sasaki'],
    ['一二三 一', 'ヒフミ ハジメ', 'Hajime Hifumi'],
    [undefined, 'モモ', 'Momo'],
    [undefined, 'ナナミ', 'Nanami'],
    ['植岡 綱重', 'ウエオカ ツナシゲ', 'Tsunashige Ueoka'],
  ])('accepts the real-looking name %s / %s / %s', (kanji, kana, romaji) => {
    expect(reasons(kanji, kana, romaji)).toEqual([]);
  });

  it('does not call a name a placeholder for matching the e-mail address', () => {
    const application = anApplication({ registrant: { email: 'hanako.sato@example.ne.jp', name: { romaji: 'Hanako Sato' } } });
    expect(runSignal(namePlaceholderSignal, application)).toEqual([]);
  });

  it('says nothing without a name', () => {
    expect(runSignal(namePlaceholderSignal, anApplication({ registrant: { name: undefined } }))).toEqual([]);
  });
});
