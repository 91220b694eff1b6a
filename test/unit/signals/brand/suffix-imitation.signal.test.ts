import { describe, expect, it } from 'vitest';
import { brandSuffixImitationSignal } from '../../../../src/engine/signals/brand/suffix-imitation.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(brandSuffixImitationSignal.name, () => {
  const run = (name: string) => runSignal(brandSuffixImitationSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(brandSuffixImitationSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['amazon-co-jp.xyz', 'amazon.co.jp'],
    ['mercari-jp.com', 'mercari.jp'],
    ['amazoncom-login.top', 'amazon.com'],
    ['rakuten-co-jp.xyz', 'rakuten.co.jp'],
    ['nta-go-jp-japan.space', 'nta.go.jp'],
  ])('reports %s as spelling %s, the brand’s own domain', (name, owned) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['BRAND_SUFFIX_IMITATION']);
    expect(hits[0]?.detail).toContain(owned);
  });

  it.each(['rakutens-co-jp.com', 'jcbcojp-member.top', 'mercariicojp.xyz', 'aeon-ne-jp.shop'])('reports %s: a brand with a spelled 属性型 suffix', (name) => {
    expect(sut(name)).toEqual(['BRAND_SUFFIX_IMITATION']);
  });

  it('reports a .jp label that ends in -co next to a brand (epos-co.jp reads as epos.co.jp)', () => {
    expect(sut('epos-co.jp')).toEqual(['BRAND_SUFFIX_IMITATION']);
    expect(sut('tanaka-co.jp')).toEqual([]);
  });

  it.each(['smbc.co.jp.account-verify.com', 'secure.amazon.co.jp.example.net', 'rakuten.co.jp.login.example.xyz'])('reports %s: a brand’s domain in front of another', (name) => {
    expect(sut(name)).toEqual(['BRAND_SUFFIX_IMITATION']);
  });

  it.each(['co-jp-login.top', 'account-ne-jp.xyz', 'tax-go-jp.club', 'secure.co.jp.example.com'])('reports %s: a spelled .jp suffix outside .jp, without a brand', (name) => {
    expect(sut(name)).toEqual(['DOMAIN_JP_SUFFIX_IN_LABEL']);
  });

  it.each(['taco-jp.com', 'phone-jp.com', 'example.co.jp', 'shop-jp.jp', 'amazon-login.com', 'tokyo-cojp.jp'])('says nothing about %s', (name) => {
    expect(sut(name)).toEqual([]);
  });
});
