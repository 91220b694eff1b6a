import { describe, expect, it } from 'vitest';
import { brandOwnerApplications, ownerSpellings } from '../../../src/eval/brand-owner-applications';
import { shippedEngine } from '../../support/engine';

describe(brandOwnerApplications.name, () => {
  const rules = shippedEngine().rules;
  const sharedMail = new Set(['free-mail-domains', 'carrier-mail-domains'].flatMap((name) => rules.lists.get(name)?.entries ?? []));
  const generated = brandOwnerApplications(rules.brands, sharedMail);

  it('has every listed owner of every brand registering its names in many spellings', () => {
    const owners = rules.brands.brands.flatMap((brand) => brand.owners);
    expect(new Set(generated.map((item) => item.owner)).size).toBe(owners.length);
    expect(ownerSpellings({ name: '楽天グループ株式会社', kana: 'ラクテングループ', en: 'Rakuten Group, Inc.', corporateNumber: '9010701020592' }).map((spelling) => spelling.name ?? spelling.nameEn)).toEqual(
      expect.arrayContaining(['株式会社楽天グループ', '楽天グループ（株）', '楽天グループ㈱', 'ﾗｸﾃﾝｸﾞﾙｰﾌﾟ', 'RAKUTEN GROUP INC']),
    );
  });

  it('gives no brand owner a hit naming its own brand', () => {
    const ownBrandHits = generated.flatMap(({ application, brand }) =>
      shippedEngine()
        .screen(application)
        .hits.filter((hit) => hit.signal.startsWith('brand.') && hit.detail.includes(brand.display))
        .map((hit) => `${application.domain!.name} ${JSON.stringify(application.registrant!.organization)}: ${hit.detail}`),
    );
    expect(ownBrandHits).toEqual([]);
  });
});
