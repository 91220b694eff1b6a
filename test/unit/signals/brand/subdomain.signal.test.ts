import { describe, expect, it } from 'vitest';
import { brandSubdomainSignal } from '../../../../src/engine/signals/brand/subdomain.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal } from '../../../support/engine';

describe(brandSubdomainSignal.name, () => {
  const run = (name: string) => runSignal(brandSubdomainSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(brandSubdomainSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['amazon.co.jp.example.com', 'Amazon'],
    ['rakuten-login.example.net', 'Rakuten'],
    ['smbc.co.jp.account-verify.com', 'SMBC'],
    ['secure.apple-id.example.org', 'Apple'],
  ])('reports %s as naming %s in a subdomain', (name, brand) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['BRAND_IN_SUBDOMAIN']);
    expect(hits[0]?.detail).toContain(brand);
  });

  it.each(['www.example.com', 'ja.example.com', 'line.example.jp', 'shop.example.co.jp', 'www.amazon.co.jp', 'images.rakuten.co.jp', 'rakuten.example.go.jp'])('says nothing about %s', (name) => {
    expect(sut(name)).toEqual([]);
  });
});
