import { describe, expect, it } from 'vitest';
import { jpTypeDomainSignal } from '../../../../src/engine/signals/organization/jp-type-domain.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(jpTypeDomainSignal.name, () => {
  const sut = (overrides: Parameters<typeof anApplication>[0]) => reasonsOf(runSignal(jpTypeDomainSignal, anApplication(overrides)));
  const company = (corporateNumber?: string) => ({
    type: 'organization' as const,
    organization: { name: '株式会社やまと運輸サービス', nameEn: 'Yamato Unyu Service K.K.', corporateNumber },
  });

  it('stays quiet on a general-use .jp name for an individual', () => {
    expect(sut({})).toEqual([]);
  });

  it('stays quiet on a co.jp name for a company with a corporate number', () => {
    expect(sut({ domain: { name: 'yamato-unyu.co.jp' }, registrant: company('1180301018771') })).toEqual([]);
  });

  it('reports a co.jp or or.jp name applied for by an individual', () => {
    expect(sut({ domain: { name: 'sato-hanako.co.jp' } })).toEqual(['ORG_JP_TYPE_DOMAIN_BY_INDIVIDUAL']);
    expect(sut({ domain: { name: 'sato-zaidan.or.jp' } })).toEqual(['ORG_JP_TYPE_DOMAIN_BY_INDIVIDUAL']);
  });

  it('reports other organisation-only types applied for by an individual', () => {
    for (const name of ['sato-gakuen.ac.jp', 'sato-yochien.ed.jp', 'sato-net.ad.jp', 'sato-circle.gr.jp']) {
      expect(sut({ domain: { name } }), name).toEqual(['ORG_JP_TYPE_DOMAIN_BY_INDIVIDUAL']);
    }
  });

  it('lets an individual hold an ne.jp name (a person may run a network service)', () => {
    expect(sut({ domain: { name: 'sato-hanako.ne.jp' } })).toEqual([]);
  });

  it('reports a co.jp name for an organisation without a corporate number', () => {
    const hits = runSignal(jpTypeDomainSignal, anApplication({ domain: { name: 'yamato-unyu.co.jp' }, registrant: company() }));
    expect(reasonsOf(hits)).toEqual(['ORG_JP_TYPE_DOMAIN_WITHOUT_CORPORATE_NUMBER']);
    expect(hits[0]?.detail).toContain('co.jp');
  });

  it('does not ask ac.jp, ed.jp or gr.jp holders for a corporate number (public schools, groups have none)', () => {
    for (const name of ['minato-shogakko.ed.jp', 'tokyo-kogyo.ac.jp', 'shogi-club.gr.jp']) {
      expect(sut({ domain: { name }, registrant: company() }), name).toEqual([]);
    }
  });

  it('leaves a malformed corporate number to organization.corporate_number', () => {
    expect(sut({ domain: { name: 'yamato-unyu.co.jp' }, registrant: company('12345') })).toEqual([]);
  });

  it('reports go.jp and lg.jp names whoever applies', () => {
    expect(sut({ domain: { name: 'mhlw-kyufukin.go.jp' } })).toEqual(['ORG_JP_GOVERNMENT_DOMAIN']);
    expect(sut({ domain: { name: 'city-chiyoda.lg.jp' }, registrant: company('1180301018771') })).toEqual(['ORG_JP_GOVERNMENT_DOMAIN']);
  });

  it('says nothing on a bare name without a registrant (shinsa domains, rescans), or without a domain', () => {
    expect(sut({ domain: { name: 'example.co.jp' }, registrant: undefined })).toEqual([]);
    expect(sut({ domain: { name: 'nta.go.jp' }, registrant: undefined })).toEqual([]);
    expect(sut({ domain: undefined })).toEqual([]);
  });

  it('does not take a name like go.jp.example.com for a government domain', () => {
    expect(sut({ domain: { name: 'go.jp.example.com' } })).toEqual([]);
  });
});
