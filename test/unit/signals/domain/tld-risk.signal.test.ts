import { describe, expect, it } from 'vitest';
import { tldRiskSignal } from '../../../../src/engine/signals/domain/tld-risk.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal, shippedEngine } from '../../../support/engine';

describe(tldRiskSignal.name, () => {
  const run = (name: string) => runSignal(tldRiskSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(tldRiskSignal, anApplication()))).toEqual([]);
  });

  it.each(['ggdnjtf.cn', 'tokyo-ramen.xyz', 'sakura-flowers.shop', 'amazon-jp-a1.top', 'login.meacori.icu'])('reports %s as a high-risk suffix', (name) => {
    expect(sut(name)).toEqual(['DOMAIN_TLD_HIGH_RISK']);
  });

  it.each(['shop.example.net.cn', 'xqzvb.rest', 'tanaka.online', 'abc-def.lol'])('reports %s as an elevated-risk suffix', (name) => {
    expect(sut(name)).toEqual(['DOMAIN_TLD_ELEVATED_RISK']);
  });

  it('names the suffix in the detail', () => {
    expect(run('ggdnjtf.cn')[0]?.detail).toBe('registered under .cn, a suffix with a high share of phishing domains');
  });

  it('lets the most specific listed suffix decide (com.cn is moderate although cn is high)', () => {
    expect(sut('xzang.com.cn')).toEqual(['DOMAIN_TLD_MODERATE_RISK']);
    expect(run('xzang.com.cn')[0]?.detail).toBe('registered under .com.cn, a suffix over-represented among phishing domains');
    expect(sut('ccsser.cc')).toEqual(['DOMAIN_TLD_MODERATE_RISK']);
  });

  it.each(['xqzvb.cfd', 'tanaka-shop.sbs', 'hello.one', 'example.website', 'sub.example.quest'])('reports %s: a new gTLD no measured tier lists', (name) => {
    expect(sut(name)).toEqual(['DOMAIN_TLD_NEW_GTLD']);
    expect(run(name)[0]?.detail).toMatch(/^registered under \.[a-z]+, a new generic TLD/);
  });

  it.each(['sato-hanako.jp', 'takahashi-shoten.co.jp', 'deviantart.com', 'example.net', 'kyoto-ryokan.info', 'bbc.co.uk', 'example.mobi', 'example.travel', 'example.de', 'example.co', 'example.xn--tckwe'])('accepts %s', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it('says nothing on a name that is not a hostname', () => {
    expect(sut('bad_name.cn')).toEqual([]);
  });

  it('never scores a protected brand’s own domain', () => {
    const brands = shippedEngine().rules.brands;
    const owned = brands.brands.flatMap((brand) => brand.owned).filter((domain) => /\.(cn|top|xyz|shop|icu|cc|com\.cn)$/.test(domain));
    for (const domain of owned) expect(sut(domain)).toEqual([]);
  });

  it('reads only suffixes that the lists name, in lower case, each in one tier', () => {
    const rules = shippedEngine().rules;
    const high = rules.lists.get('high-risk-tlds')!.entries;
    const elevated = rules.lists.get('elevated-risk-tlds')!.entries;
    const moderate = rules.lists.get('moderate-risk-tlds')!.entries;
    expect(high).toContain('cn');
    expect(moderate).toContain('com.cn');
    const all = [...high, ...elevated, ...moderate];
    expect(new Set(all).size).toBe(all.length);
    for (const suffix of all) expect(suffix).toMatch(/^[a-z0-9]+(\.[a-z0-9]+)*$/);
  });
});
