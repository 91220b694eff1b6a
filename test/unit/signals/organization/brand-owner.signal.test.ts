import { describe, expect, it } from 'vitest';
import type { Application } from '../../../../src/engine';
import { organizationKey } from '../../../../src/engine/signals/brand-owners';
import { brandOwnerSignal } from '../../../../src/engine/signals/organization/brand-owner.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal, shippedEngine } from '../../../support/engine';

type Organization = NonNullable<NonNullable<Application['registrant']>['organization']>;

/** An organisation registering `domain`, with a mailbox at `email`. */
const anOrganization = (domain: string, organization: Organization, email = 'domains@rakuten.com'): Application =>
  anApplication({
    domain: { name: domain },
    registrant: { type: 'organization', name: { kanji: '鈴木 一郎', kana: 'スズキ イチロウ', romaji: 'Ichiro Suzuki' }, organization, email, phone: '050-5581-6910' },
  });

const brandHits = (application: Application) =>
  shippedEngine()
    .screen(application)
    .hits.filter((hit) => hit.signal.startsWith('brand.'))
    .map((hit) => hit.reason);

describe(brandOwnerSignal.name, () => {
  const sut = (application: Application) => reasonsOf(runSignal(brandOwnerSignal, application));
  const forms = shippedEngine().rules.lists.get('corporate-forms')!;

  describe(organizationKey.name, () => {
    it.each([
      ['楽天グループ株式会社'],
      ['株式会社楽天グループ'],
      ['株式会社 楽天グループ'],
      ['楽天グループ（株）'],
      ['楽天グループ㈱'],
      ['楽天グル－プ株式会社'],
    ])('folds %s to the name without its corporate form', (name) => {
      expect(organizationKey(name, forms)).toBe('楽天グループ');
    });

    it.each([['Rakuten Group, Inc.'], ['RAKUTEN GROUP INC'], ['Rakuten Group Inc.'], ['Ｒａｋｕｔｅｎ　Ｇｒｏｕｐ，　Ｉｎｃ．']])('folds %s alike', (name) => {
      expect(organizationKey(name, forms)).toBe('rakutengroup');
    });

    it('removes Latin forms only as whole words', () => {
      expect(organizationKey('Sumitomo Mitsui Card Company, Limited', forms)).toBe('sumitomomitsuicardcompany');
      expect(organizationKey('Coincheck, Inc.', forms)).toBe('coincheck');
      expect(organizationKey('Toyota Finance Kabushiki Kaisha', forms)).toBe('toyotafinance');
      expect(organizationKey('ﾗｸﾃﾝｸﾞﾙｰﾌﾟｶﾌﾞｼｷｶﾞｲｼｬ', forms)).toBe('ラクテングループ');
    });
  });

  describe('a brand owner registering its own brand', () => {
    it.each([
      ['rakuten-card.shop', { name: '楽天グループ株式会社', nameEn: 'Rakuten Group, Inc.', corporateNumber: '9010701020592' }],
      ['rakuten-travel.jp', { name: '株式会社 楽天グループ', nameEn: 'RAKUTEN GROUP INC' }],
      ['rakuten-co-jp.com', { name: '楽天グループ（株）' }],
      ['rakuten.online', { name: 'ﾗｸﾃﾝｸﾞﾙｰﾌﾟ株式会社' }],
      ['rakutem.com', { nameEn: 'Rakuten Group, Inc.' }],
      ['楽天カード.jp', { name: '楽天カード株式会社', nameEn: 'Rakuten Card Co., Ltd.' }],
      ['rakuten-bank-app.jp', { corporateNumber: '5010701022527' }],
      ['rakuten-mobile.jp', { name: '楽天モバイル株式会社' }],
    ])('%s by %j gets no brand hit', (domain, organization) => {
      expect(brandHits(anOrganization(domain, organization))).toEqual([]);
    });

    it('gets a brand hit for the same names when someone else registers them', () => {
      expect(brandHits(anOrganization('rakuten-card.shop', { name: '株式会社ミドリ精工' }))).not.toEqual([]);
      expect(brandHits(anOrganization('rakuten-co-jp.com', { name: '株式会社ミドリ精工' }))).toContain('BRAND_SUFFIX_IMITATION');
    });

    it('still gets brand hits for other brands it does not own', () => {
      expect(brandHits(anOrganization('rakuten-amazon-login.com', { name: '楽天グループ株式会社' }))).toEqual(['BRAND_COMBOSQUAT']);
    });

    it('says with a zero-point hit why no brand hit fired, and how the owner was recognised', () => {
      const byNumber = runSignal(brandOwnerSignal, anOrganization('rakuten-card.shop', { name: '楽天グループ株式会社', corporateNumber: '9010701020592' }));
      expect(reasonsOf(byNumber)).toEqual(['ORG_OWNS_BRAND']);
      expect(byNumber[0]?.detail).toContain('corporate number 9010701020592');
      const byName = runSignal(brandOwnerSignal, anOrganization('rakuten-card.shop', { name: '楽天カード株式会社' }));
      expect(byName[0]?.detail).toContain('name alone');
      expect(shippedEngine().rules.reasons.get('ORG_OWNS_BRAND')?.points).toBe(0);
    });

    it('stays quiet when the domain does not name its brand', () => {
      expect(sut(anOrganization('crimson-house-cafe.jp', { name: '楽天グループ株式会社' }))).toEqual([]);
    });

    it('recognises group companies and several brands of one owner', () => {
      expect(brandHits(anOrganization('smbc-card-campaign.jp', { name: '三井住友カード株式会社' }, 'domain@smbc-card.com'))).toEqual([]);
      expect(brandHits(anOrganization('au-pay-campaign.jp', { name: 'KDDI株式会社', nameEn: 'KDDI Corporation' }, 'domain@kddi.com'))).toEqual([]);
      expect(brandHits(anOrganization('biglobe-hikari.net', { name: 'KDDI株式会社' }, 'domain@kddi.com'))).toEqual([]);
    });
  });

  describe('a claim to be a brand owner that is false', () => {
    it.each([
      ['楽天グル一プ株式会社', 'the kanji 一 for the long vowel mark'],
      ['楽天グルーブ株式会社', 'ブ for プ'],
      ['Rakuten Grоup, Inc.', 'a Cyrillic о'],
      ['ソフトパンク株式会社', 'パ for バ'],
    ])('reports %s (%s) as a look-alike owner name', (name) => {
      const hits = runSignal(brandOwnerSignal, anOrganization('customer-support-desk.com', name.startsWith('Rakuten') ? { nameEn: name } : { name }, 'info@customer-support-desk.com'));
      expect(reasonsOf(hits)).toEqual(['ORG_BRAND_OWNER_LOOKALIKE']);
    });

    it.each([
      [{ name: '楽天サポート株式会社' }, '楽天'],
      [{ name: 'ラクテンカスタマーセンター合同会社' }, 'ラクテン'],
      [{ nameEn: 'Amazon Japan Support LLC' }, 'amazon'],
      [{ name: '三井住友カードセンター株式会社' }, '三井住友カード'],
      [{ name: '株式会社ドコモお客様窓口' }, 'ドコモ'],
    ])('reports %j as a made-up affiliate', (organization, word) => {
      const hits = runSignal(brandOwnerSignal, anOrganization('customer-support-desk.com', organization, 'info@customer-support-desk.com'));
      expect(reasonsOf(hits)).toEqual(['ORG_BRAND_AFFILIATE_UNLISTED']);
      expect(hits[0]?.detail).toContain(word);
    });

    it.each([
      [{ name: '楽天グループ株式会社', corporateNumber: '1180301018771' }, 'domains@rakuten.com', 'not 楽天グループ株式会社'],
      [{ name: '三井住友カード株式会社', corporateNumber: '9010701020592' }, 'domain@smbc-card.com', '楽天グループ株式会社'],
      [{ name: '楽天セキュア株式会社', corporateNumber: '9010701020592' }, 'info@rakuten-secure.top', 'none of that group'],
      [{ name: '楽天グループ株式会社' }, 'rakuten.group@gmail.com', 'gmail.com'],
      [{ name: '楽天グループ株式会社' }, 'rakuten@ezweb.ne.jp', 'ezweb.ne.jp'],
    ])('reports %j with %s as a contradicted owner claim, and keeps the brand hits', (organization, email, why) => {
      const application = anOrganization('rakuten-secure.top', organization, email);
      const hits = runSignal(brandOwnerSignal, application);
      expect(reasonsOf(hits)).toEqual(['ORG_BRAND_OWNER_CLAIM_CONTRADICTED']);
      expect(hits[0]?.detail).toContain(why);
      expect(brandHits(application)).not.toEqual([]);
    });

    it('leaves a real company that shares part of a brand group name alone', () => {
      expect(sut(anOrganization('smtb-fund.jp', { name: '三井住友信託銀行株式会社' }, 'it@smtb.jp'))).toEqual([]);
      expect(sut(anOrganization('oricon-news.jp', { name: 'オリコン株式会社' }, 'it@oricon.co.jp'))).toEqual([]);
      expect(sut(anOrganization('amazonas-tour.jp', { nameEn: 'Amazonas Tours Co., Ltd.' }, 'info@amazonas-tour.jp'))).toEqual([]);
      expect(sut(anOrganization('midori-seiko.co.jp', { name: '株式会社ミドリ精工', nameEn: 'Midori Seiko Co., Ltd.' }, 'it@midori-seiko.co.jp'))).toEqual([]);
    });

    it('stays quiet for an individual', () => {
      expect(sut(anApplication({ domain: { name: 'rakuten-fan.jp' } }))).toEqual([]);
    });
  });
});
