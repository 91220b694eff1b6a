import { describe, expect, it } from 'vitest';
import { personOrOrganizationSignal } from '../../../../src/engine/signals/name/person-or-organization.signal';
import { reasonsOf, runSignal } from '../../../support/engine';
import { anApplication } from '../../../support/factories';

describe(personOrOrganizationSignal.name, () => {
  describe('an individual', () => {
    const sut = (kanji?: string, kana?: string, romaji?: string) =>
      runSignal(personOrOrganizationSignal, anApplication({ registrant: { name: { kanji, kana, romaji } } }));

    it.each([
      ['株式会社テスト', undefined, undefined, '株式会社'],
      ['テスト株式会社', undefined, undefined, '株式会社'],
      ['㈱サンプル', undefined, undefined, '(株)'],
      ['（株）サンプル', undefined, undefined, '(株)'],
      ['合同会社みらい', undefined, undefined, '合同会社'],
      ['一般社団法人 日本テスト協会', undefined, undefined, '一般社団法人'],
      ['NPO法人ひまわり', undefined, undefined, 'npo法人'],
      ['佐藤税理士事務所', undefined, undefined, '事務所'],
      ['山田商店', undefined, undefined, '商店'],
      ['鈴木工務店', undefined, undefined, '工務店'],
      ['さくらクリニック', undefined, undefined, 'クリニック'],
      ['花屋の店', undefined, undefined, '店'],
      [undefined, undefined, 'Example Co., Ltd.', 'co.'],
      [undefined, undefined, 'Sample K.K.', 'k.k.'],
      [undefined, undefined, 'Acme Inc', 'inc.'],
      [undefined, undefined, 'Muster GmbH', 'gmbh'],
      [undefined, undefined, 'Sakura Kabushiki Kaisha', 'kabushiki kaisha'],
    ])('reports %s %s %s (%s)', (kanji, kana, romaji, marker) => {
      expect(sut(kanji, kana, romaji)).toEqual([
        { reason: 'NAME_LOOKS_LIKE_ORGANIZATION', detail: expect.stringContaining(`contains "${marker}"`) },
      ]);
    });

    it.each([
      ['佐藤 花子', 'サトウ ハナコ', 'Hanako Sato'],
      ['土屋 太鳳', 'ツチヤ タオ', 'Tao Tsuchiya'],
      ['堂本 光一', 'ドウモト コウイチ', 'Koichi Domoto'],
      ['社 一郎', 'ヤシロ イチロウ', 'Ichiro Yashiro'],
      ['店田 花子', 'タナダ ハナコ', 'Hanako Tanada'],
      ['法子 太郎', 'ノリコ タロウ', 'Taro Noriko'],
      ['小松 商太', 'コマツ ショウタ', 'Shota Komatsu'],
      ['ジョン スミス', 'ジョン スミス', 'John Smith'],
      ['プロスト 明宏', 'プロスト アキヒロ', 'Akihiro Prost'],
      [undefined, undefined, 'Coco Inco'],
      [undefined, undefined, 'Kenji Corporal'],
    ])('accepts the person %s / %s / %s', (kanji, kana, romaji) => {
      expect(reasonsOf(sut(kanji, kana, romaji))).toEqual([]);
    });
  });

  describe('an organisation', () => {
    const sut = (name: string, nameEn?: string) =>
      reasonsOf(runSignal(personOrOrganizationSignal, anApplication({ registrant: { type: 'organization', organization: { name, nameEn } } })));

    it.each(['佐藤花子', '佐藤 花子', '山田太郎', '田中　一郎', '井上陽水'])('reports %s, a person’s name with no corporate form', (name) => {
      expect(sut(name)).toEqual(['ORG_NAME_LOOKS_LIKE_PERSON']);
    });

    it.each([
      ['株式会社佐藤花子', undefined],
      ['佐藤花子', 'Sato Hanako K.K.'],
      ['佐藤花子商店', undefined],
      ['富士通', undefined],
      ['伊藤忠', undefined],
      ['東京', undefined],
      ['千葉', undefined],
      ['日本電気', undefined],
      ['サトウハナコ', undefined],
      ['Sato Hanako', undefined],
    ])('accepts %s (%s)', (name, nameEn) => {
      expect(sut(name, nameEn)).toEqual([]);
    });

    it('does not report the name of an individual registrant as a person-looking organisation', () => {
      expect(reasonsOf(runSignal(personOrOrganizationSignal, anApplication({ registrant: { organization: { name: '佐藤花子' }, type: 'individual' } })))).toEqual([]);
    });
  });

  it('says nothing without a registrant', () => {
    expect(runSignal(personOrOrganizationSignal, anApplication({ registrant: undefined }))).toEqual([]);
  });
});
