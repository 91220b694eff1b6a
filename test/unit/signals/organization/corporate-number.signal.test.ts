import { describe, expect, it } from 'vitest';
import { corporateNumberCheckDigit, hasValidCheckDigit, normalizeCorporateNumber } from '../../../../src/engine/signals/organization/corporate-number';
import { corporateNumberSignal } from '../../../../src/engine/signals/organization/corporate-number.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

const anOrganization = (organization: { name?: string | null; nameEn?: string | null; corporateNumber?: string | null }) =>
  anApplication({
    domain: { name: 'example-shoji.co.jp' },
    registrant: { type: 'organization', organization: { name: '株式会社例商事', nameEn: 'Example Shoji Co., Ltd.', ...organization } },
  });

describe(corporateNumberSignal.name, () => {
  const sut = (application: ReturnType<typeof anApplication>) => reasonsOf(runSignal(corporateNumberSignal, application));

  describe('check digit', () => {
    it('computes the check digit of the published examples', () => {
      expect(corporateNumberCheckDigit('180301018771')).toBe(1);
      expect(corporateNumberCheckDigit('000012050002')).toBe(7);
      expect(hasValidCheckDigit('1180301018771')).toBe(true);
      expect(hasValidCheckDigit('7000012050002')).toBe(true);
    });

    it('rejects a wrong check digit and a changed base digit', () => {
      expect(hasValidCheckDigit('2180301018771')).toBe(false);
      expect(hasValidCheckDigit('1180301018772')).toBe(false);
      expect(hasValidCheckDigit('7000012050020')).toBe(false);
    });

    it('normalises full-width digits, hyphens and spaces', () => {
      expect(normalizeCorporateNumber('１１８０３０１０１８７７１')).toBe('1180301018771');
      expect(normalizeCorporateNumber('1-1803-0101-8771')).toBe('1180301018771');
      expect(normalizeCorporateNumber(' 7000 0120 50002 ')).toBe('7000012050002');
      expect(normalizeCorporateNumber('７−０００−０１２０−５０００２')).toBe('7000012050002');
      expect(normalizeCorporateNumber('118030101877')).toBeUndefined();
      expect(normalizeCorporateNumber('T1180301018771')).toBeUndefined();
    });
  });

  it('stays quiet for an organisation with a valid corporate number, in any notation', () => {
    expect(sut(anOrganization({ corporateNumber: '1180301018771' }))).toEqual([]);
    expect(sut(anOrganization({ corporateNumber: '７０００－０１２０－５０００２' }))).toEqual([]);
  });

  it('reports a corporate number with a bad check digit', () => {
    expect(sut(anOrganization({ corporateNumber: '2180301018771' }))).toEqual(['ORG_CORPORATE_NUMBER_INVALID']);
  });

  it('reports a corporate number that is not 13 digits', () => {
    const hits = runSignal(corporateNumberSignal, anOrganization({ corporateNumber: '118030101877' }));
    expect(reasonsOf(hits)).toEqual(['ORG_CORPORATE_NUMBER_INVALID']);
    expect(hits[0]?.detail).toContain('not 13 digits');
    expect(sut(anOrganization({ corporateNumber: 'なし' }))).toEqual(['ORG_CORPORATE_NUMBER_INVALID']);
  });

  it('reports an organisation without a corporate number', () => {
    expect(sut(anOrganization({ corporateNumber: undefined }))).toEqual(['ORG_CORPORATE_NUMBER_MISSING']);
    expect(sut(anOrganization({ corporateNumber: ' ' }))).toEqual(['ORG_CORPORATE_NUMBER_MISSING']);
  });

  it('reports a missing number only where the name states a legal person, in any notation', () => {
    const named = (name: string | null, nameEn: string | null = null) =>
      sut(anApplication({ registrant: { type: 'organization', organization: { name, nameEn, corporateNumber: null } } }));
    for (const name of ['株式会社さくら企画', 'さくら企画(株)', 'さくら企画㈱', '特定非営利活動法人 さくら', '医療法人社団 桜会']) expect(named(name), name).toEqual(['ORG_CORPORATE_NUMBER_MISSING']);
    expect(named(null, 'Sakura Planning Co., Ltd.')).toEqual(['ORG_CORPORATE_NUMBER_MISSING']);
    expect(named(null, 'Sakura K.K.')).toEqual(['ORG_CORPORATE_NUMBER_MISSING']);
    const hits = runSignal(corporateNumberSignal, anApplication({ registrant: { type: 'organization', organization: { name: '株式会社さくら企画', corporateNumber: null } } }));
    expect(hits[0]?.detail).toBe('株式会社さくら企画 names a legal person, which has a corporate number (法人番号), but gave none');
  });

  it('says nothing of a sole proprietor’s trade name or an unincorporated group, which have no number', () => {
    const named = (name: string | null, nameEn: string | null = null) =>
      sut(anApplication({ registrant: { type: 'organization', organization: { name, nameEn, corporateNumber: null } } }));
    for (const name of ['山田商店', 'やまだ雑貨店', 'フォトクラブ光', 'Coincheck Design']) expect(named(name), name).toEqual([]);
    expect(named(null, 'Yamada Design Studio')).toEqual([]);
    // Without any name nothing shows it is a sole proprietor.
    expect(named(null)).toEqual(['ORG_CORPORATE_NUMBER_MISSING']);
  });

  it('treats an organisation name without a type as an organisation', () => {
    const application = anApplication({ registrant: { type: undefined, organization: { name: '例商事合同会社' } } });
    expect(sut(application)).toEqual(['ORG_CORPORATE_NUMBER_MISSING']);
  });

  it('says nothing for an individual, or without a registrant', () => {
    expect(sut(anApplication())).toEqual([]);
    expect(sut(anApplication({ registrant: undefined }))).toEqual([]);
  });

  it('still checks a number an individual gives', () => {
    expect(sut(anApplication({ registrant: { organization: { corporateNumber: '1180301018770' } } }))).toEqual(['ORG_CORPORATE_NUMBER_INVALID']);
  });
});
