import { describe, expect, it } from 'vitest';
import { parseDomainName, type DomainName } from '../../../src/engine';
import { findDomainSeries, findDomainSeriesOfEach } from '../../../src/engine/domain-series';

describe(findDomainSeries.name, () => {
  const sut = findDomainSeries;

  it('groups names that differ only in a counter, with the template and the other members', () => {
    const names = ['driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com', 'driect-sntpjpviewa02.com', 'driect-sntpjpviewa03.com'];
    const series = sut(names);
    expect([...series.keys()]).toEqual(names);
    expect(series.get('driect-sntpjpviewa01.com')).toEqual({
      template: 'driect-sntpjpviewa*.com',
      kind: 'counter',
      size: 4,
      members: ['driect-sntpjpviewa00.com', 'driect-sntpjpviewa02.com', 'driect-sntpjpviewa03.com'],
    });
  });

  it('takes names already parsed, keyed by their registrable domain, with the same result', () => {
    const names = ['www.driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com', 'driect-sntpjpviewa02.com', 'driect-sntpjpviewa03.com'];
    const parsed = names.map((name) => (parseDomainName(name) as { ok: true; name: DomainName }).name);
    const series = sut(parsed);
    expect([...series.keys()]).toEqual(['driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com', 'driect-sntpjpviewa02.com', 'driect-sntpjpviewa03.com']);
    expect(series.get('driect-sntpjpviewa01.com')).toEqual(sut(names.slice(1).concat('driect-sntpjpviewa00.com')).get('driect-sntpjpviewa01.com'));
  });

  it('groups names that differ in a short hyphen segment', () => {
    const series = sut(['amazon-jp-a1.top', 'amazon-jp-b2.top', 'amazon-jp-c3.top', 'tanaka-shoten.jp']);
    expect(series.get('amazon-jp-b2.top')).toMatchObject({ template: 'amazon-jp-*.top', kind: 'segment', size: 3 });
    expect(series.has('tanaka-shoten.jp')).toBe(false);
  });

  it('groups names that differ in a short tail of letters', () => {
    const series = sut(['mistoreoszx.top', 'mistoreoszq.top', 'mistoreoszk.top']);
    expect(series.get('mistoreoszq.top')).toMatchObject({ template: 'mistoreos*.top', kind: 'tail', size: 3 });
  });

  it('groups the same label under several suffixes', () => {
    const series = sut(['maicacsrdca01.top', 'maicacsrdca01.xyz', 'maicacsrdca01.shop']);
    expect(series.get('maicacsrdca01.xyz')).toMatchObject({ template: 'maicacsrdca01.*', kind: 'tlds', size: 3, members: ['maicacsrdca01.shop', 'maicacsrdca01.top'] });
  });

  it('needs three distinct registrable domains by default, and takes the minimum as an option', () => {
    const pair = ['driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com'];
    expect(sut(pair).size).toBe(0);
    expect(sut(pair, { minMembers: 2 }).size).toBe(2);
    // Subdomains and repeats of one registrable domain are one member.
    expect(sut([...pair, 'www.driect-sntpjpviewa01.com', 'driect-sntpjpviewa00.com']).size).toBe(0);
  });

  it('keys each result by the name as given, subdomains included', () => {
    const series = sut(['login.driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com', 'DRIECT-SNTPJPVIEWA02.COM']);
    expect([...series.keys()]).toEqual(['login.driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com', 'DRIECT-SNTPJPVIEWA02.COM']);
    expect(series.get('DRIECT-SNTPJPVIEWA02.COM')?.members).toEqual(['driect-sntpjpviewa00.com', 'driect-sntpjpviewa01.com']);
  });

  it('puts a name that fits several templates in the largest series', () => {
    const names = ['amazon-jp-a1.top', 'amazon-jp-b2.top', 'amazon-jp-c3.top', 'amazon-jp-d4.top', 'amazon-jp-a1.xyz', 'amazon-jp-a1.shop'];
    expect(sut(names).get('amazon-jp-a1.top')).toMatchObject({ template: 'amazon-jp-*.top', size: 4 });
    expect(sut(names).get('amazon-jp-a1.xyz')).toMatchObject({ template: 'amazon-jp-a1.*', size: 3 });
  });

  it('lists at most a few members of a large series but reports its size', () => {
    const names = Array.from({ length: 50 }, (_, i) => `ekl1-neett${i}.top`);
    const facts = sut(names, { maxListedMembers: 5 }).get('ekl1-neett7.top');
    expect(facts?.size).toBe(50);
    expect(facts?.members).toHaveLength(5);
    expect(facts?.members).not.toContain('ekl1-neett7.top');
  });

  it('finds no series among unrelated names', () => {
    const names = [
      'sato-hanako.jp', 'takahashi-shoten.co.jp', 'kyoto-ryokan.jp', 'deviantart.com', 'rakuten-bank.co.jp', 'web2shop.jp', 'shop24.jp',
      'tokyo-ramen.xyz', 'osaka-ramen.xyz', 'nagoya-ramen.xyz', 'mofumofu-animal.com', 'ggdnjtf.cn', 'xjqkzv.top', 'x7k2m9.top', 'a8f3k2l9.xyz',
      '163.com', '360.cn', '4399.com', '58.com', 'hao123.com', 'game499.cn', 'shequ10086.cn', '114school.cn', 'jtb.co.jp', 'nhk.or.jp',
      'ntt-east.co.jp', 'ntt-west.co.jp', 'ntt-docomo.co.jp', 'strengths.com', 'bestdeal.com', 'bestdeals.com',
    ];
    expect([...sut(names).entries()]).toEqual([]);
  });

  it('does not make a template of digits alone or of very few letters', () => {
    expect(sut(['38861.cn', '79239.cn', '75265.cn', '81769.cn']).size).toBe(0);
    expect(sut(['web1.com', 'web2.com', 'web3.com']).size).toBe(0);
  });

  it('ignores lines that are not hostnames', () => {
    expect(sut(['bad_name.com', 'bad_name.com', 'bad_name.com', '', '203.0.113.5']).size).toBe(0);
  });

  it('is deterministic whatever the input order', () => {
    const names = ['ekl1-neett3.top', 'ekl1-neett1.top', 'ekl1-neett2.top', 'ekl1-neett0.top'];
    expect(sut(names).get('ekl1-neett1.top')).toEqual(sut([...names].reverse()).get('ekl1-neett1.top'));
  });

  it('names up to ten other members of a large series, the first in sorted order, never the name itself', () => {
    const names = Array.from({ length: 15 }, (_, i) => `mypage-account${String(14 - i).padStart(2, '0')}.top`);
    const series = sut(names);
    const sorted = [...names].sort();
    for (const name of names) {
      const members = series.get(name)!.members;
      expect(members).toEqual(sorted.filter((other) => other !== name).slice(0, 10));
    }
    expect(series.get('mypage-account14.top')).toMatchObject({ template: 'mypage-account*.top', kind: 'counter', size: 15 });
  });

  it('keeps a counter and a varying tail that spell one template in one bucket, and apart from the same label on other suffixes', () => {
    const series = sut(['mistoreos12.top', 'mistoreoszq.top', 'mistoreos7.top', 'mistoreos.xyz', 'mistoreos.shop']);
    expect(series.get('mistoreoszq.top')).toMatchObject({ template: 'mistoreos*.top', size: 3 });
    expect(series.has('mistoreos.xyz')).toBe(false);
  });

  it('handles a batch of 200,000 names in one pass', () => {
    // Random labels (no series) plus a few planted series; a quadratic pass would not finish.
    let seed = 12345;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    const letters = 'abcdefghijklmnopqrstuvwxyz0123456789';
    const suffixes = ['com', 'cn', 'top', 'xyz', 'shop', 'jp', 'co.jp', 'net'];
    const names: string[] = [];
    for (let i = 0; i < 200_000; i++) {
      let label = '';
      const length = 6 + (next() % 8);
      for (let j = 0; j < length; j++) label += letters[next() % 26]!;
      names.push(`${label}.${suffixes[next() % suffixes.length]}`);
    }
    for (let i = 0; i < 30; i++) names.push(`driect-sntpjpviewa${String(i).padStart(2, '0')}.com`);
    const series = sut(names);
    expect(series.get('driect-sntpjpviewa07.com')).toMatchObject({ template: 'driect-sntpjpviewa*.com', size: 30 });
    // Random 6–13-letter labels seldom share a 8-letter stem or a label.
    expect(series.size).toBeLessThan(200);
  });
});

describe(findDomainSeriesOfEach.name, () => {
  const sut = findDomainSeriesOfEach;

  it('gives each parsed name, by position, the series findDomainSeries gives its registrable domain', () => {
    const texts = ['www.driect-sntpjpviewa00.com', 'tanaka-shoten.jp', 'driect-sntpjpviewa01.com', 'driect-sntpjpviewa02.com', 'driect-sntpjpviewa00.com'];
    const parsed = texts.map((name) => (parseDomainName(name) as { ok: true; name: DomainName }).name);
    const byDomain = findDomainSeries(parsed);
    const seriesOf = sut(parsed);
    expect(parsed.map((_, position) => seriesOf(position))).toEqual(parsed.map((name) => byDomain.get(name.registrableDomain)));
    expect(seriesOf(1)).toBeUndefined();
  });
});
