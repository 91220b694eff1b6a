import { describe, expect, it } from 'vitest';
import { parseDomainName } from '../../../../src/engine';
import { jpTokenSignal, withoutJpToken } from '../../../../src/engine/signals/domain/jp-token.signal';
import { anApplication } from '../../../support/factories';
import { reasonsOf, runSignal, shippedEngine } from '../../../support/engine';

describe(jpTokenSignal.name, () => {
  const run = (name: string) => runSignal(jpTokenSignal, anApplication({ domain: { name } }));
  const sut = (name: string) => reasonsOf(run(name));

  it('stays quiet on the default application', () => {
    expect(reasonsOf(runSignal(jpTokenSignal, anApplication()))).toEqual([]);
  });

  it.each([
    ['jp-update.top', 'jp'],
    ['amauozpn-jp.com', 'jp'],
    ['update-service-jpn.org', 'jpn'],
    ['accesloginjp.net', 'accesloginjp'],
    ['jponlineuser.click', 'jponlineuser'],
  ])('reports %s: jp spelled outside .jp', (name, part) => {
    const hits = run(name);
    expect(reasonsOf(hits)).toEqual(['DOMAIN_JP_IN_LABEL']);
    expect(hits[0]?.detail).toContain(`"${part}"`);
  });

  it.each([
    'jp-update.jp', // under .jp the country is the suffix's
    'jp-update.co.jp',
    'amazon-co-jp.xyz', // a spelled 属性型 suffix: DOMAIN_JP_SUFFIX_IN_LABEL's
    'secure-nejp.com',
    'jpeg-tools.com', // an image format
    'jpgmini.com',
    'jp.org', // the whole label
    'ajp.com', // too short to be a word glued to jp
    'wsjplus.com', // jp inside a word
    'jpush.cn',
    'tokyo-ramen.com',
  ])('says nothing about %s', (name) => {
    expect(sut(name)).toEqual([]);
  });

  it('weighs jp by its base rates on the suffix, and jp with an account word is strong evidence on .com', () => {
    const hit = run('jp-update.com')[0]!;
    expect(hit.evidence).toBeGreaterThan(Math.log(10));
    expect(hit.detail).toMatch(/^"jp" in jp-update\.com spells jp outside \.jp: 1 in [\d,]+ new \.com registrations look like this, 1 in \d+ phishing \.com registrations$/);
    const screen = (name: string) => shippedEngine().screen({ externalId: name, product: 'domain', domain: { name } });
    expect(screen('jp-update.com').outcome).toBe('review');
    expect(screen('jp-tokyo.com').outcome).toBe('allow');
  });

  it.each([
    ['accesloginjp.net', 'acceslogin'],
    ['jp-update.top', 'update'],
    ['tokyo-jp-shop.com', 'tokyo-shop'],
  ])('takes the token out of %s for the letter evidence', (domain, rest) => {
    const parsed = parseDomainName(domain);
    if (!parsed.ok) throw new Error(domain);
    expect(withoutJpToken(parsed.name, parsed.name.label)).toBe(rest);
  });
});
