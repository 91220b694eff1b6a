import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/eval/csv-records';
import { buildBenignList, buildNewRegistrationSample, buildPhishingDataset, classifyPhishingUrl } from '../../../src/eval/domain-datasets';

const CSV_2021 = [
  'date,URL,description',
  '2021/03/01 10:00:00,https://www.smbc-card-login.com/vpass/,三井住友カード',
  '2021/03/01 10:05:00,"https://smbc-card-login.com/login?next=a,b",Vpass',
  ' ,https://accout.smba.jp.ggdnjtf.cn/,三井住友カード',
  '2021/03/02 09:00:00,https://aeon-card.duckdns.org/,イオンカード',
  '2021/03/02 09:10:00,http://203.0.113.7/amazon/,Amazon',
  '2021/03/02 09:20:00,https://mercari-jp.sakura.ne.jp/login,メルカリ',
  '2021/03/03 11:00:00,https://bit.ly/3xYzAbC,Amazon',
  '2021/03/03 11:30:00,"http://arrow.razor.jp/special/,v/crypt/index.php","Brazil Ministry of Agriculture, Livestock, and Food Supply"',
  '2021/03/04 12:00:00,https://amazon-co-jp.rakutens-co-jp.com/,"Amazon ""JP"""',
].join('\r\n');

const CSV_2022 = ['date,URL,description', '2022/01/05 08:00:00,https://smbc-card-login.com/again,三井住友カード', '2022/01/05 08:30:00,https://driect-sntpjpviewa00.com/,Viewcard', ''].join('\n');

describe(buildPhishingDataset.name, () => {
  const sut = () =>
    buildPhishingDataset([
      { year: 2022, name: '2022/202201.csv', text: CSV_2022 },
      { year: 2021, name: '2021/202103.csv', text: CSV_2021 },
    ]);

  it('keeps one row per registrable domain, in the first year it appears, with its brands', () => {
    const { domains } = sut();
    expect(domains).toEqual([
      { registrableDomain: 'smbc-card-login.com', year: 2021, brands: ['三井住友カード', 'Vpass'], urls: 2 },
      { registrableDomain: 'ggdnjtf.cn', year: 2021, brands: ['三井住友カード'], urls: 1 },
      { registrableDomain: 'razor.jp', year: 2021, brands: ['Brazil Ministry of Agriculture, Livestock, and Food Supply'], urls: 1 },
      { registrableDomain: 'rakutens-co-jp.com', year: 2021, brands: ['Amazon "JP"'], urls: 1 },
      { registrableDomain: 'driect-sntpjpviewa00.com', year: 2022, brands: ['Viewcard'], urls: 1 },
    ]);
  });

  it('counts what it dropped: IP hosts, shared platforms, PSL private suffixes, earlier years', () => {
    const [year2021, year2022] = sut().counts;
    expect(year2021).toEqual({
      year: 2021,
      urls: 9,
      blankDates: 1,
      badUrls: 0,
      ipHosts: 1,
      sharedPlatform: 2,
      privateSuffix: 1,
      noRegistrableDomain: 0,
      domains: 4,
      seenInEarlierYear: 0,
    });
    expect(year2022).toMatchObject({ year: 2022, urls: 2, domains: 1, seenInEarlierYear: 1 });
  });

  it('names the platforms it dropped', () => {
    expect(Object.fromEntries(sut().platformUrls)).toEqual({ 'duckdns.org': 1, 'bit.ly': 1 });
  });

  it('rejects a CSV without the expected columns', () => {
    expect(() => buildPhishingDataset([{ year: 2021, name: 'bad.csv', text: 'when,link\n2021/01/01,https://example.com/\n' }])).toThrow(/no "date" column/);
  });
});

describe(classifyPhishingUrl.name, () => {
  it.each([
    ['https://login.example.co.jp/x', { kind: 'domain', registrableDomain: 'example.co.jp' }],
    ['http://[2001:db8::1]/', { kind: 'ip' }],
    ['https://xn--pple-43d.com/', { kind: 'domain', registrableDomain: 'xn--pple-43d.com' }],
    ['https://аpple.com/', { kind: 'domain', registrableDomain: 'xn--pple-43d.com' }],
    ['https://foo.sakura.ne.jp/', { kind: 'privateSuffix' }],
    ['https://x.web.core.windows.net/', { kind: 'sharedPlatform', platform: 'windows.net' }],
    ['https://tasks.blogspot.jp/', { kind: 'sharedPlatform', platform: 'blogspot.jp' }],
    ['www.example-shop.top/login', { kind: 'domain', registrableDomain: 'example-shop.top' }],
    ['http://', { kind: 'badUrl' }],
  ])('%s', (url, verdict) => {
    expect(classifyPhishingUrl(url)).toEqual(verdict);
  });
});

describe(buildBenignList.name, () => {
  it('reduces lines to registrable domains, without duplicates or non-domains', () => {
    const sut = buildBenignList('sample', 'google.com\nwww.google.com\n\nrakuten-bank.co.jp\nrj.gov.br\nexample.com\r\n');
    expect(sut).toEqual({ name: 'sample', lines: 5, invalid: 1, duplicates: 1, domains: ['google.com', 'rakuten-bank.co.jp', 'example.com'] });
  });
});

describe(buildNewRegistrationSample.name, () => {
  it('reads domain<TAB>first-seen day, keeping the first of a duplicate and counting what is not a registrable domain', () => {
    const sut = buildNewRegistrationSample('tanaka-bakery.com\t2024-02-08\n_dmarc-check.faith\t2024-02-08\nwww.tanaka-bakery.com\t2024-02-09\nsakura.shop\t2024-06-01\r\nnoday.xyz\n\n');
    expect(sut).toEqual({
      lines: 5,
      invalid: 2,
      duplicates: 1,
      registrations: [
        { registrableDomain: 'tanaka-bakery.com', day: '2024-02-08' },
        { registrableDomain: 'sakura.shop', day: '2024-06-01' },
      ],
    });
  });
});

describe(parseCsv.name, () => {
  it('reads RFC 4180: quoted commas, doubled quotes, line breaks inside quotes, CRLF', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n"multi\nline",,x\r\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['multi\nline', '', 'x'],
    ]);
  });

  it('rejects an unterminated quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow(/unterminated/);
  });
});
