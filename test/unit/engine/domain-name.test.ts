import { describe, expect, it } from 'vitest';
import { parseDomainName } from '../../../src/engine';

describe(parseDomainName.name, () => {
  const sut = (raw: string) => {
    const result = parseDomainName(raw);
    if (!result.ok) throw new Error(`expected ${raw} to parse: ${result.reason}`);
    return result.name;
  };

  it('finds the registrable domain under an ICANN suffix', () => {
    expect(sut('a.b.example.co.jp')).toMatchObject({ registrableDomain: 'example.co.jp', publicSuffix: 'co.jp', tld: 'jp', label: 'example', subdomainLabels: ['a', 'b'] });
    expect(sut('Shop.Example.COM.')).toMatchObject({ registrableDomain: 'example.com', publicSuffix: 'com', tld: 'com', label: 'example' });
    expect(sut('www.example.xn--fiqs8s')).toMatchObject({ publicSuffix: 'xn--fiqs8s', tld: 'xn--fiqs8s' });
    expect(sut('example.com.cn')).toMatchObject({ publicSuffix: 'com.cn', tld: 'cn' });
    expect(sut('amazon-update-ab-jp.net.cn')).toMatchObject({ registrableDomain: 'amazon-update-ab-jp.net.cn', publicSuffix: 'net.cn', label: 'amazon-update-ab-jp' });
  });

  it('treats private suffixes as ordinary names: a registrar sells github.io, not its subdomains', () => {
    expect(sut('victim.github.io')).toMatchObject({ registrableDomain: 'github.io', subdomainLabels: ['victim'] });
  });

  it('applies UTS #46: case, full-width characters and a trailing dot fold away', () => {
    expect(sut('ＡＭＡＺＯＮ.co.jp.')).toMatchObject({ ascii: 'amazon.co.jp', registrableDomain: 'amazon.co.jp' });
  });

  it('decodes IDN labels', () => {
    expect(sut('nıfty.com')).toMatchObject({ ascii: 'xn--nfty-lza.com', label: 'xn--nfty-lza', labelUnicode: 'nıfty', isIdn: true });
    expect(sut('xn--cckwcxetd.com')).toMatchObject({ labelUnicode: 'アマゾン', unicode: 'アマゾン.com', isIdn: true });
  });

  it.each([
    ['', 'empty'],
    ['bad_domain!.com', 'label "bad_domain!" is not a valid hostname label'],
    ['-x.com', 'label "-x" is not a valid hostname label'],
    // A bad label anywhere in the name is the one named (the whole name is tested at once first).
    ['shop.x-.example.com', 'label "x-" is not a valid hostname label'],
    ['a..b.com', 'label "" is not a valid hostname label'],
    [`www.${'a'.repeat(64)}.com`, `label "${'a'.repeat(64)}" is not a valid hostname label`],
    ['203.0.113.5', 'an IP address, not a domain name'],
    ['com', 'no registrable domain under a public suffix'],
    [`${'a'.repeat(250)}.com`, 'longer than 253 characters'],
  ])('rejects %j: %s', (raw, reason) => {
    expect(parseDomainName(raw)).toEqual({ ok: false, reason });
  });
});
