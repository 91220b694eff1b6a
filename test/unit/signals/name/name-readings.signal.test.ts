import { describe, expect, it } from 'vitest';
import { nameReadingsSignal } from '../../../../src/engine/signals/name/name-readings.signal';
import { reasonsOf, runSignal } from '../../../support/engine';
import { anApplication } from '../../../support/factories';

describe(nameReadingsSignal.name, () => {
  const sut = (kanji?: string, kana?: string, romaji?: string) =>
    reasonsOf(runSignal(nameReadingsSignal, anApplication({ registrant: { name: { kanji, kana, romaji } } })));

  describe('kana and romaji', () => {
    it.each([
      ['佐藤 花子', 'サトウ ハナコ', 'Hanako Sato'],
      ['佐藤 花子', 'サトウ ハナコ', 'SATO Hanako'],
      ['佐藤 花子', 'サトウ ハナコ', 'Satoh, Hanako'],
      ['佐藤 花子', 'さとう はなこ', 'Hanako Satō'],
      ['佐藤 花子', 'ｻﾄｳ ﾊﾅｺ', 'Hanako Satou'],
      ['佐藤花子', 'サトウハナコ', 'Hanako Sato'],
      ['佐藤 花子', 'サトウ ハナコ', 'H. Sato'],
      ['鈴木 一郎', 'スズキ イチロウ', 'Ichiro Suzuki'],
      ['鈴木 一郎', 'スズキ イチロウ', 'Ichirō Suzuki'],
      ['伊藤 翔太', 'イトウ ショウタ', 'Shota Ito'],
      ['伊藤 翔太', 'イトウ ショウタ', 'Syouta Itou'],
      ['大野 優', 'オオノ ユウ', 'Yu Ono'],
      ['大野 優', 'オオノ ユウ', 'Yuu Ohno'],
      ['本間 健', 'ホンマ ケン', 'Ken Homma'],
      ['本間 健', 'ホンマ ケン', 'Ken Honma'],
      ['高橋 陽菜', 'タカハシ ヒナ', 'Hina Takahashi'],
      ['斉藤 真一', 'サイトウ シンイチ', "Shin'ichi Saito"],
      ['斉藤 真一', 'サイトウ シンイチ', 'Shin-ichi Saitoh'],
      ['服部 半蔵', 'ハットリ ハンゾウ', 'Hanzo Hattori'],
      ['草彅 剛', 'クサナギ ツヨシ', 'Tuyosi Kusanagi'],
      ['長谷川 純一郎', 'ハセガワ ジュンイチロウ', 'Junichiro Hasegawa'],
      ['難波 淳', 'ナンバ ジュン', 'Jun Namba'],
      ['井上 陽水', 'イノウエ ヨウスイ', 'Yosui Inoue'],
      ['真壁 皐雨郎', 'マカベ コウウロウ', 'Kouro Makabe'],
      ['ケリガンなほみ', undefined, 'Nahomi Kerigan'],
    ])('accepts %s / %s / %s', (kanji, kana, romaji) => {
      expect(sut(kanji, kana, romaji)).toEqual([]);
    });

    it('reports romaji that spells another name', () => {
      expect(sut(undefined, 'サトウ ハナコ', 'Tanaka Ichiro')).toEqual(['NAME_KANA_ROMAJI_MISMATCH']);
      expect(sut('佐藤 花子', 'サトウ ハナコ', 'Hanako Saito')).toEqual(['NAME_KANA_ROMAJI_MISMATCH']);
    });

    it('does not compare a foreign name’s own spelling with its katakana', () => {
      expect(sut(undefined, 'ジョン スミス', 'John Smith')).toEqual([]);
      expect(sut(undefined, 'ショーン ライリー', 'Sean Riley')).toEqual([]);
      expect(sut('王 伟', 'ワン ウェイ', 'Wang Wei')).toEqual([]);
      expect(sut('デュマ 文三郎', 'デュマ ブンザブロウ', 'Bunzaburo Dumas')).toEqual([]);
    });
  });

  describe('kanji and kana', () => {
    it('reports a kana surname that reads another surname', () => {
      expect(sut('佐藤 花子', 'タナカ イチロウ', undefined)).toEqual(['NAME_KANJI_KANA_MISMATCH']);
      expect(sut('佐藤花子', 'タナカハナコ', undefined)).toEqual(['NAME_KANJI_KANA_MISMATCH']);
    });

    it.each([
      ['山崎 賢人', 'ヤマサキ ケント'],
      ['中島 みゆき', 'ナカシマ ミユキ'],
      ['高橋 陽菜', 'タカバシ ヒナ'],
      ['佐藤 健', 'サトウ ツヨシ'],
      ['佐藤 花子', 'サトウ イチロウ'],
      ['小鳥遊 結衣', 'タカナシ ユイ'],
      ['佐藤 花子', 'ハナコ サトウ'],
      ['佐藤 エミリー', 'サトウ エミリー'],
      ['シュー 孝仁', 'シュウ タカヒト'],
      ['大野 優', 'オノ ユウ'],
    ])('accepts %s read %s (voicing, free given-name readings, unknown surnames)', (kanji, kana) => {
      expect(sut(kanji, kana, undefined)).toEqual([]);
    });

    it('does not judge a Chinese reading that is no Japanese surname', () => {
      expect(sut('王 明', 'ワン ミン', undefined)).toEqual([]);
    });
  });

  describe('kanji and romaji, without kana', () => {
    it('reports romaji that reads another surname', () => {
      expect(sut('佐藤 花子', undefined, 'Ichiro Tanaka')).toEqual(['NAME_KANJI_ROMAJI_MISMATCH']);
      expect(sut('佐藤花子', undefined, 'Tanaka Ichiro')).toEqual(['NAME_KANJI_ROMAJI_MISMATCH']);
    });

    it.each([
      ['佐藤 花子', 'Hanako Sato'],
      ['佐藤 花子', 'Hanako Satoh'],
      ['山崎 賢人', 'Kento Yamasaki'],
      ['高橋 陽菜', 'Hina Takahashi'],
      ['小鳥遊 結衣', 'Yui Takanashi'],
      ['佐藤 花子', 'Hanako'],
      ['王 伟', 'Wang Wei'],
      ['南国重', 'Kunishige Minami'],
      ['佐藤花子', 'Hanako Sato'],
    ])('accepts %s / %s', (kanji, romaji) => {
      expect(sut(kanji, undefined, romaji)).toEqual([]);
    });
  });

  it('says nothing with a single form of the name', () => {
    expect(sut('佐藤 花子', undefined, undefined)).toEqual([]);
    expect(sut(undefined, 'サトウ ハナコ', undefined)).toEqual([]);
    expect(sut(undefined, undefined, 'Hanako Sato')).toEqual([]);
  });
});
