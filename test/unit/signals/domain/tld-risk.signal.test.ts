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

  it.each(['tokyo-ramen.xyz', 'sakura-flowers.shop', 'amazon-jp-a1.top', 'login.meacori.icu', 'tanaka.club'])(
    'reports %s: a suffix whose share of phishing registrations is at least twice its share of new registrations',
    (name) => {
      const hits = run(name);
      expect(reasonsOf(hits)).toEqual(['DOMAIN_TLD_OVERREPRESENTED']);
      expect(hits[0]?.evidence).toBeGreaterThanOrEqual(Math.log(2));
    },
  );

  it('says how the shares compare in the detail', () => {
    expect(run('tokyo-ramen.top')[0]?.detail).toMatch(/^registered under \.top: 1 in \d+ phishing registrations are on \.top, against 1 in \d+ new registrations$/);
  });

  it('weighs a new gTLD with few names in the sample by the share of all such gTLDs together', () => {
    // The new gTLDs with few names in the sample hold about as large a share of the phishing
    // registrations as of the new registrations: no evidence either way.
    expect(sut('xqzvb.cfd')).toEqual([]);
    expect(sut('tanaka-shop.sbs')).toEqual([]);
  });

  it.each(['tanaka.online', 'abc-def.lol', 'hello.site', 'example.store'])('says nothing about %s: cheap, but no likelier among phishing than among new registrations', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it('falls back to the listed tiers for country codes the sample does not hold', () => {
    expect(sut('ggdnjtf.cn')).toEqual(['DOMAIN_TLD_HIGH_RISK']);
    expect(run('ggdnjtf.cn')[0]?.detail).toBe('registered under .cn, a suffix with a high share of phishing domains (a country code the name base rates do not measure)');
    expect(run('ggdnjtf.cn')[0]?.evidence).toBeUndefined();
  });

  it('lets the most specific listed suffix decide (com.cn is moderate although cn is high)', () => {
    expect(sut('xzang.com.cn')).toEqual(['DOMAIN_TLD_MODERATE_RISK']);
    expect(run('xzang.com.cn')[0]?.detail).toBe('registered under .com.cn, a suffix over-represented among phishing domains (a country code the name base rates do not measure)');
    expect(sut('ccsser.cc')).toEqual(['DOMAIN_TLD_MODERATE_RISK']);
    expect(sut('shop.example.net.cn')).toEqual(['DOMAIN_TLD_ELEVATED_RISK']);
  });

  it.each(['sato-hanako.jp', 'takahashi-shoten.co.jp', 'city.abashiri.hokkaido.jp', 'kyoto-u.ac.jp', 'deviantart.com', 'example.net', 'kyoto-ryokan.info', 'bbc.co.uk', 'example.mobi', 'example.de', 'example.co', 'example.xn--tckwe'])('accepts %s', (name) => {
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
