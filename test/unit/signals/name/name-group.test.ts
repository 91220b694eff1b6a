import { describe, expect, it } from 'vitest';
import type { Application } from '../../../../src/engine';
import { reasonsOf, shippedEngine } from '../../../support/engine';
import { anApplication } from '../../../support/factories';

/** The name group through the whole engine with the shipped rules: its cap, its ceiling, and quiet on real names. */
describe('name signals in the shipped rules', () => {
  const sut = (application: Application) => shippedEngine().screen(application);
  const nameReasons = (application: Application) =>
    sut(application)
      .hits.filter((hit) => hit.signal.startsWith('name.'))
      .map((hit) => hit.reason);
  const withName = (kanji?: string, kana?: string, romaji?: string) => anApplication({ registrant: { name: { kanji, kana, romaji } } });

  describe('never more than review on name evidence alone', () => {
    const { thresholds } = shippedEngine().rules;

    it('an individual with every compatible name reason at once', () => {
      // 田中 (common) + 伟杰 (simplified, not name kanji, unknown) + 事務所; kana of another surname with
      // a placeholder given name; romaji of yet another name, with a stray symbol.
      const assessment = sut(withName('田中 伟杰事務所', 'サトウ テスト', 'Ichiro Sato★'));
      const fired = assessment.hits.filter((hit) => hit.signal.startsWith('name.')).map((hit) => hit.reason);
      expect(fired.sort()).toEqual(
        [
          'NAME_COMMON_SURNAME_UNUSUAL_GIVEN_NAME',
          'NAME_FIELD_WRONG_SCRIPT',
          'NAME_GIVEN_NAME_NON_NAME_KANJI',
          'NAME_KANA_ROMAJI_MISMATCH',
          'NAME_KANJI_KANA_MISMATCH',
          'NAME_LOOKS_LIKE_ORGANIZATION',
          'NAME_PLACEHOLDER',
          'NAME_SIMPLIFIED_CHINESE',
        ].sort(),
      );
      expect(reasonsOf(assessment.hits)).toContain('GROUP_CAP');
      expect(assessment.outcome).toBe('review');
      if (assessment.score >= thresholds.hold) expect(reasonsOf(assessment.hits)).toContain('NAME_SIGNALS_ALONE');
    });

    it('an organisation named like a person with a contact name of every other kind', () => {
      const application = anApplication({
        registrant: {
          type: 'organization',
          organization: { name: '佐藤花子', corporateNumber: '1180301018771' },
          name: { kanji: '鬱鬱 伟杰', kana: undefined, romaji: undefined },
        },
      });
      const assessment = sut(application);
      expect(nameReasons(application).sort()).toEqual(
        ['NAME_GIVEN_NAME_NON_NAME_KANJI', 'NAME_GIVEN_NAME_UNKNOWN', 'NAME_SIMPLIFIED_CHINESE', 'NAME_SURNAME_UNKNOWN', 'ORG_NAME_LOOKS_LIKE_PERSON'].sort(),
      );
      expect(['allow', 'review']).toContain(assessment.outcome);
      if (assessment.score >= thresholds.hold) expect(reasonsOf(assessment.hits)).toContain('NAME_SIGNALS_ALONE');
    });

    it('the other exclusive reasons each stay well under review alone', () => {
      for (const application of [
        anApplication({ registrant: { name: undefined } }),
        withName('佐藤 花子', undefined, 'Lee Satou'),
        withName('佐藤 花子', undefined, 'Ichiro Tanaka'),
      ]) {
        const assessment = sut(application);
        expect(nameReasons(application)).toHaveLength(1);
        expect(assessment.outcome).toBe('allow');
      }
    });
  });

  it.each([
    ['佐藤 花子', 'サトウ ハナコ', 'Hanako Sato'],
    ['鈴木 一郎', 'スズキ イチロウ', 'Ichiro Suzuki'],
    ['伊藤 翔太', 'イトウ ショウタ', 'Shota Ito'],
    ['大野 優', 'オオノ ユウ', 'Yu Ono'],
    ['本間 健', 'ホンマ ケン', 'Ken Homma'],
    ['本間 健', 'ホンマ ケン', 'Ken Honma'],
    ['高橋 陽菜', 'タカハシ ヒナ', 'Hina Takahashi'],
    [undefined, 'ジョン スミス', 'John Smith'],
    ['ジョン スミス', 'ジョン スミス', 'John Smith'],
    [undefined, 'スミス ジョン', 'John Smith'],
    ['長谷川 純一郎', 'ハセガワ ジュンイチロウ', 'Junichiro Hasegawa'],
    ['齋藤 飛鳥', 'サイトウ アスカ', 'Asuka Saito'],
    ['中島 みゆき', 'ナカジマ ミユキ', 'Miyuki Nakajima'],
    ['大谷 翔平', 'オオタニ ショウヘイ', 'Shohei Ohtani'],
    ['髙橋 一生', 'タカハシ イッセイ', 'Issei Takahashi'],
    ['小鳥遊 結衣', 'タカナシ ユイ', 'Yui Takanashi'],
    ['宇多田 ヒカル', 'ウタダ ヒカル', 'Hikaru Utada'],
    ['小林 陽翔', 'コバヤシ ハルト', 'Haruto Kobayashi'],
    ['佐藤 エミリー', 'サトウ エミリー', 'Emily Sato'],
    ['朴 智恩', 'パク チウン', 'Park Jieun'],
    ['陳 美玲', 'チン ミレイ', 'Chen Meiling'],
    ['佐藤花子', 'サトウハナコ', 'SATO Hanako'],
  ])('raises nothing for %s / %s / %s', (kanji, kana, romaji) => {
    expect(nameReasons(withName(kanji, kana, romaji))).toEqual([]);
  });

  it('raises only the simplified-character cue for a Chinese resident', () => {
    expect(nameReasons(withName('王 伟', 'ワン ウェイ', 'Wang Wei'))).toEqual(['NAME_SIMPLIFIED_CHINESE']);
    expect(sut(withName('王 伟', 'ワン ウェイ', 'Wang Wei')).outcome).toBe('allow');
  });

  it.each([
    ['山田 太郎', 'ヤマダ タロウ', 'Taro Yamada', ['NAME_PLACEHOLDER']],
    ['田中 伟杰', undefined, undefined, ['NAME_GIVEN_NAME_NON_NAME_KANJI', 'NAME_SIMPLIFIED_CHINESE', 'NAME_COMMON_SURNAME_UNUSUAL_GIVEN_NAME']],
    [undefined, 'サトウ ハナコ', 'Tanaka Ichiro', ['NAME_KANA_ROMAJI_MISMATCH']],
    ['佐藤 花子', 'タナカ イチロウ', undefined, ['NAME_KANJI_KANA_MISMATCH']],
    ['佐藤 花子', undefined, 'Lee Satou', ['NAME_ROMAJI_NOT_HEPBURN']],
    ['株式会社テスト', undefined, undefined, ['NAME_LOOKS_LIKE_ORGANIZATION', 'NAME_SURNAME_UNKNOWN']],
  ])('raises the expected cues for %s / %s / %s', (kanji, kana, romaji, expected) => {
    expect(nameReasons(withName(kanji, kana, romaji))).toEqual(expected);
  });
});
