import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseJprsWhois, type WhoisRecord } from '../../../src/app/domains/whois-jprs';

const fixture = (name: string): string => readFileSync(`fixtures/whois/${name}`, 'utf8');

/** A record with nothing in it but a domain; override what the sample has. */
function aRecord(overrides: Partial<WhoisRecord> = {}): WhoisRecord {
  return {
    line: 1,
    form: 'general-ja',
    domain: 'example.jp',
    registrantName: null,
    registrantNameEn: null,
    organizationType: null,
    contact: null,
    nameservers: [],
    createdOn: null,
    expiresOn: null,
    status: null,
    updatedAt: null,
    ...overrides,
  };
}

/** Key in brackets, value from column 33 as JPRS aligns it (a kanji is two columns wide). */
function keyLine(key: string, value = ''): string {
  const width = [...key].reduce((sum, character) => sum + (/[\u0000-\u007F]/u.test(character) ? 1 : 2), 0);
  return `${key}${' '.repeat(Math.max(1, 32 - width))}${value}`;
}

const generalJa = (domain: string, overrides: Record<string, string> = {}): string[] => {
  const values: Record<string, string> = { '[登録者名]': '例示商事株式会社', '[Registrant]': 'Example Trading Co., Ltd.', '[登録年月日]': '2014/07/01', '[有効期限]': '2025/07/31', '[状態]': 'Active', ...overrides };
  return ['Domain Information: [ドメイン情報]', keyLine('[Domain Name]', domain), ...Object.entries(values).map(([key, value]) => keyLine(key, value)), ''];
};

describe(parseJprsWhois.name, () => {
  describe('the four forms', () => {
    it('reads 汎用JP in Japanese: both names, the public contact with its multi-line address, JST timestamps', () => {
      const sut = parseJprsWhois(fixture('general-ja.txt'));
      expect(sut.errors).toEqual([]);
      expect(sut.records).toEqual([
        aRecord({
          line: 6,
          form: 'general-ja',
          domain: 'example.jp',
          registrantName: '例示商事株式会社',
          registrantNameEn: 'Example Trading Co., Ltd.',
          contact: { name: '例示商事株式会社 情報システム部', email: 'hostmaster@example.jp', postalCode: '100-0000', address: '東京都千代田区例示町一丁目2番3号\n例示ビル4階', phone: '03-0000-0000' },
          nameservers: ['ns1.example.jp', 'ns2.example.net'],
          createdOn: '2014-07-01',
          expiresOn: '2025-07-31',
          status: 'Active',
          updatedAt: '2024-08-01T01:05:08+09:00',
        }),
      ]);
    });

    it('reads 都道府県型JP in English (/e), lower-casing nameservers and dropping their trailing dot', () => {
      const sut = parseJprsWhois(fixture('general-en.txt'));
      expect(sut.errors).toEqual([]);
      expect(sut.records).toEqual([
        aRecord({
          line: 6,
          form: 'general-en',
          domain: 'example.tokyo.jp',
          registrantName: 'Example Design Office',
          registrantNameEn: 'Example Design Office',
          contact: { name: 'Example Design Office', email: 'info@example.tokyo.jp', postalCode: '150-0000', address: '5-6-7 Reiji, Shibuya-ku\nTokyo', phone: '03-0000-0001' },
          nameservers: ['ns1.example.net', 'ns2.example.net'],
          createdOn: '2019-11-20',
          expiresOn: '2025-11-30',
          status: 'Active',
          updatedAt: '2024-12-01T01:05:04+09:00',
        }),
      ]);
    });

    it('reads 属性型 in Japanese: 組織名 before Organization, 組織種別, the expiry from [状態], no contact', () => {
      const sut = parseJprsWhois(fixture('attribute-ja.txt'));
      expect(sut.errors).toEqual([]);
      expect(sut.records).toEqual([
        aRecord({
          line: 6,
          form: 'attribute-ja',
          domain: 'example.co.jp',
          registrantName: '例示商事株式会社',
          registrantNameEn: 'Example Trading Co., Ltd.',
          organizationType: '株式会社',
          nameservers: ['ns1.example.co.jp', 'ns2.example.co.jp'],
          createdOn: '2001-04-02',
          expiresOn: '2025-03-31',
          status: 'Connected (2025/03/31)',
          updatedAt: '2024-04-01T01:26:11+09:00',
        }),
      ]);
    });

    it('reads 属性型 in English: [State], [Registered Date], [Last Update]', () => {
      const sut = parseJprsWhois(fixture('attribute-en.txt'));
      expect(sut.errors).toEqual([]);
      expect(sut.records).toEqual([
        aRecord({
          line: 6,
          form: 'attribute-en',
          domain: 'example.ac.jp',
          registrantName: 'Example University',
          registrantNameEn: 'Example University',
          organizationType: 'University',
          nameservers: ['ns1.example.ac.jp', 'ns2.example.ac.jp'],
          createdOn: '1996-05-15',
          expiresOn: '2026-03-31',
          status: 'Connected (2026/03/31)',
          updatedAt: '2025-04-01T01:34:56+09:00',
        }),
      ]);
    });
  });

  describe('registrant names', () => {
    it('gives null, not the privacy text, for a hidden registrant, and keeps the proxy contact as printed', () => {
      const sut = parseJprsWhois(fixture('hidden-registrant.txt'));
      expect(sut.errors).toEqual([]);
      expect(sut.records).toEqual([
        aRecord({
          line: 6,
          domain: 'example-shop.jp',
          contact: { name: 'Whois情報公開代行サービス', email: 'proxy@example-registrar.jp', postalCode: '100-0000', address: '東京都千代田区例示町九丁目8番7号', phone: '03-0000-0009' },
          nameservers: ['ns1.example-registrar.jp', 'ns2.example-registrar.jp'],
          createdOn: '2023-02-14',
          expiresOn: '2025-02-28',
          status: 'Active',
          updatedAt: '2024-03-01T01:05:02+09:00',
        }),
      ]);
    });

    it.each(['', '   ', '　', '-', '非公開', '（非公開）', '【非公開】', 'REDACTED FOR PRIVACY', 'Whois Privacy Protection Service', 'Whois情報公開代行', 'Domain Proxy Service', 'Not Disclosed', 'Suspended Domain Name'])(
      'treats %j as hidden',
      (hidden) => {
        const sut = parseJprsWhois(generalJa('EXAMPLE.JP', { '[登録者名]': hidden, '[Registrant]': hidden }).join('\n'));
        expect(sut.records.map((record) => [record.registrantName, record.registrantNameEn])).toEqual([[null, null]]);
      },
    );

    it('keeps names that merely contain a word such as 代行', () => {
      const sut = parseJprsWhois(generalJa('EXAMPLE.JP', { '[登録者名]': '例示家事代行サービス株式会社', '[Registrant]': 'Example Housekeeping Inc.' }).join('\n'));
      expect(sut.records[0]?.registrantName).toBe('例示家事代行サービス株式会社');
    });

    it('falls back to the English name when only the Japanese one is hidden', () => {
      const sut = parseJprsWhois(generalJa('EXAMPLE.JP', { '[登録者名]': '' }).join('\n'));
      expect(sut.records[0]).toMatchObject({ registrantName: 'Example Trading Co., Ltd.', registrantNameEn: 'Example Trading Co., Ltd.' });
    });
  });

  describe('domain names', () => {
    it('turns a Japanese domain name into lower-case punycode and keeps a full-width space inside a name', () => {
      const sut = parseJprsWhois(fixture('idn.txt'));
      expect(sut.errors).toEqual([]);
      expect(sut.records).toEqual([
        aRecord({
          line: 6,
          domain: 'xn--r8jz45g.jp',
          registrantName: '山田　太郎',
          registrantNameEn: 'Taro Yamada',
          contact: { name: '山田　太郎', email: 'taro@example.com', postalCode: '530-0000', address: '大阪府大阪市北区例示町3-3-3', phone: '06-0000-0003' },
          nameservers: ['ns1.example.com', 'ns2.example.com'],
          createdOn: '2021-09-09',
          expiresOn: '2025-09-30',
          status: 'Active',
          updatedAt: '2024-10-01T01:05:09+09:00',
        }),
      ]);
    });

    it('accepts a domain already in punycode, and full-width letters', () => {
      const sut = parseJprsWhois([...generalJa('XN--R8JZ45G.JP'), ...generalJa('ＥＸＡＭＰＬＥ．ＪＰ')].join('\n'));
      expect(sut.errors).toEqual([]);
      expect(sut.records.map((record) => record.domain)).toEqual(['xn--r8jz45g.jp', 'example.jp']);
    });

    it.each(['EXAMPLE JP', 'EXAMPLE', '-EXAMPLE.JP', 'EXA_MPLE.JP', 'EXAMPLE..JP', 'XN--ZZ.JP', '192.0.2.1'])('refuses %j and goes on with the next record', (bad) => {
      const sut = parseJprsWhois([...generalJa(bad), ...generalJa('EXAMPLE.JP')].join('\n'));
      expect(sut.errors).toEqual([{ line: 2, message: `[Domain Name]: not a domain name: ${bad}` }]);
      expect(sut.records.map((record) => [record.line, record.domain])).toEqual([[9, 'example.jp']]);
    });
  });

  describe('dates and states', () => {
    it('takes the 属性型 expiry from inside the state, whatever the state', () => {
      const record = (state: string): string => ['Domain Information:', keyLine('a. [Domain Name]', 'EXAMPLE.NE.JP'), keyLine('[State]', state)].join('\n');
      const sut = parseJprsWhois([record('To be suspended (2025/02/28)'), record('Reserved'), record('Connected (2025/3/1)')].join('\n\n'));
      expect(sut.errors).toEqual([]);
      expect(sut.records.map((entry) => [entry.status, entry.expiresOn])).toEqual([
        ['To be suspended (2025/02/28)', '2025-02-28'],
        ['Reserved', null],
        ['Connected (2025/3/1)', '2025-03-01'],
      ]);
    });

    it('prefers [有効期限] to a date in [状態]', () => {
      const sut = parseJprsWhois(generalJa('EXAMPLE.JP', { '[有効期限]': '2025/07/31', '[状態]': 'Active (2030/01/31)' }).join('\n'));
      expect(sut.records[0]?.expiresOn).toBe('2025-07-31');
    });

    it('leaves empty dates null (JPRS prints no date for domains registered before 1993/02)', () => {
      const sut = parseJprsWhois(generalJa('EXAMPLE.JP', { '[登録年月日]': '', '[有効期限]': '' }).join('\n'));
      expect(sut.errors).toEqual([]);
      expect(sut.records[0]).toMatchObject({ createdOn: null, expiresOn: null });
    });

    it('accepts 29 February only in a leap year', () => {
      const sut = parseJprsWhois([...generalJa('EXAMPLE.JP', { '[登録年月日]': '2024/02/29' }), ...generalJa('EXAMPLE-SHOP.JP', { '[登録年月日]': '2025/02/29' })].join('\n'));
      expect(sut.records.map((record) => record.createdOn)).toEqual(['2024-02-29']);
      expect(sut.errors).toEqual([{ line: 13, message: '[登録年月日]: not a date: 2025/02/29' }]);
    });

    it('reads a time without (JST) as JST and refuses an impossible time or another zone', () => {
      const sut = parseJprsWhois(
        [
          ...generalJa('EXAMPLE.JP', { '[最終更新]': '2024/08/01 01:05:08' }),
          ...generalJa('EXAMPLE-A.JP', { '[最終更新]': '2024/08/01 24:00:00 (JST)' }),
          ...generalJa('EXAMPLE-B.JP', { '[最終更新]': '2024/08/01 01:05:08 (PST)' }),
        ].join('\n'),
      );
      expect(sut.records.map((record) => record.updatedAt)).toEqual(['2024-08-01T01:05:08+09:00']);
      expect(sut.errors).toEqual([
        { line: 17, message: '[最終更新]: not a date and time: 2024/08/01 24:00:00 (JST)' },
        { line: 26, message: '[最終更新]: not a date and time: 2024/08/01 01:05:08 (PST)' },
      ]);
    });

    it('refuses an impossible date inside the state', () => {
      const sut = parseJprsWhois(['Domain Information:', keyLine('a. [Domain Name]', 'EXAMPLE.CO.JP'), keyLine('[State]', 'Connected (2025/02/30)')].join('\n'));
      expect(sut).toEqual({ records: [], errors: [{ line: 3, message: '[State]: not a date: 2025/02/30' }] });
    });
  });

  describe('an export of many records', () => {
    it('returns every good record with its first line and reports the broken one by line', () => {
      const sut = parseJprsWhois(fixture('export-mixed.txt'));
      expect(sut.errors).toEqual([{ line: 77, message: '[有効期限]: not a date: 2025/13/45' }]);
      expect(sut.records).toEqual([
        aRecord({
          line: 10,
          domain: 'example-cafe.jp',
          registrantName: '例示カフェ合同会社',
          registrantNameEn: 'Example Cafe LLC',
          contact: { name: '例示カフェ合同会社', email: 'web@example-cafe.jp', postalCode: '600-0000', address: '京都府京都市下京区例示町1番地', phone: '075-000-0001' },
          nameservers: ['ns1.example.net', 'ns2.example.net'],
          createdOn: '2020-06-01',
          expiresOn: '2025-06-30',
          status: 'Active',
          updatedAt: '2024-07-01T01:05:01+09:00',
        }),
        aRecord({
          line: 43,
          form: 'attribute-ja',
          domain: 'example.or.jp',
          registrantName: '特定非営利活動法人例示協会',
          registrantNameEn: 'Example Association NPO',
          organizationType: '特定非営利活動法人',
          nameservers: ['ns1.example.or.jp', 'ns2.example.or.jp'],
          createdOn: '2010-08-02',
          expiresOn: '2025-08-31',
          status: 'Connected (2025/08/31)',
          updatedAt: '2024-09-01T01:12:00+09:00',
        }),
        aRecord({
          line: 99,
          form: 'attribute-en',
          domain: 'example.ne.jp',
          registrantName: 'Example Network Service',
          registrantNameEn: 'Example Network Service',
          organizationType: 'Network Service',
          nameservers: ['ns1.example.ne.jp'],
          createdOn: '2005-02-01',
          expiresOn: '2025-02-28',
          status: 'To be suspended (2025/02/28)',
          updatedAt: '2025-01-10T17:40:21+09:00',
        }),
        aRecord({
          line: 118,
          form: 'general-en',
          domain: 'example.osaka.jp',
          contact: { name: null, email: null, postalCode: null, address: null, phone: null },
          nameservers: ['ns1.example.net'],
          createdOn: '2018-03-01',
          expiresOn: '2025-03-31',
          status: 'Suspended',
          updatedAt: '2025-01-05T01:05:00+09:00',
        }),
        aRecord({ line: 146, form: 'attribute-ja', domain: 'example.go.jp', status: 'Reserved', updatedAt: '2012-04-01T00:00:00+09:00' }),
      ]);
    });

    it('splits records that have no Domain Information: header at each domain name line', () => {
      const text = [keyLine('[Domain Name]', 'EXAMPLE.JP'), keyLine('[Status]', 'Active'), keyLine('a. [Domain Name]', 'EXAMPLE.CO.JP'), keyLine('[State]', 'Reserved')].join('\n');
      expect(parseJprsWhois(text).records.map((record) => [record.line, record.domain, record.form, record.status])).toEqual([
        [1, 'example.jp', 'general-en', 'Active'],
        [3, 'example.co.jp', 'attribute-en', 'Reserved'],
      ]);
    });

    it('reports a record whose domain name line is missing at its header, without merging it into its neighbours', () => {
      const withoutDomain = generalJa('EXAMPLE-B.JP').filter((line) => !line.startsWith('[Domain Name]'));
      const sut = parseJprsWhois([...generalJa('EXAMPLE-A.JP'), ...withoutDomain, ...generalJa('EXAMPLE-C.JP')].join('\n'));
      expect(sut.errors).toEqual([{ line: 9, message: '[Domain Name]: missing' }]);
      expect(sut.records.map((record) => [record.line, record.domain])).toEqual([
        [1, 'example-a.jp'],
        [16, 'example-c.jp'],
      ]);
    });

    it('reports fields that follow a JPRS notice without a domain, and a field given twice', () => {
      const notice = '[ JPRS database provides information on network administration. Its use is    ]';
      const twice = [...generalJa('EXAMPLE-B.JP'), keyLine('[登録年月日]', '2015/01/01')];
      const sut = parseJprsWhois([...generalJa('EXAMPLE-A.JP'), notice, keyLine('[登録者名]', '例示'), ...twice].join('\n'));
      expect(sut.errors).toEqual([
        { line: 10, message: '[Domain Name]: missing' },
        { line: 19, message: '[登録年月日]: repeated in one record (first on line 15)' },
      ]);
      expect(sut.records.map((record) => record.domain)).toEqual(['example-a.jp']);
    });

    it('drops a header with no field after it, as at the end of an export cut before each domain line', () => {
      const chunk = fixture('export-mixed.txt').split('\n').slice(10, 43).join('\n');
      expect(chunk.endsWith('Domain Information: [ドメイン情報]')).toBe(true);
      expect(parseJprsWhois(chunk)).toEqual({ records: [expect.objectContaining({ line: 1, domain: 'example-cafe.jp' })], errors: [] });
    });

    it('refuses a nameserver that is not a host name', () => {
      const text = ['Domain Information:', keyLine('a. [Domain Name]', 'EXAMPLE.CO.JP'), keyLine('p. [Name Server]', 'ns1 example co jp')].join('\n');
      expect(parseJprsWhois(text).errors).toEqual([{ line: 3, message: '[Name Server]: not a host name: ns1 example co jp' }]);
    });

    it('ignores unknown keys and the continuation lines under them', () => {
      const text = [...generalJa('EXAMPLE.JP'), keyLine('[Signing Key]', '12345 8 2 ('), '                                0123456789ABCDEF )', keyLine('[ロック状態]', 'DomainTransferLocked')].join('\n');
      const sut = parseJprsWhois(text);
      expect(sut.errors).toEqual([]);
      expect(sut.records).toHaveLength(1);
    });

    it('returns nothing, and does not throw, for text that holds no record', () => {
      expect(parseJprsWhois('')).toEqual({ records: [], errors: [] });
      expect(parseJprsWhois('No match!!\n\n[ JPRS database provides information on network administration. ]')).toEqual({ records: [], errors: [] });
    });
  });

  describe('text as it arrives', () => {
    const expected = parseJprsWhois(fixture('export-mixed.txt'));

    it('reads CRLF and old-Mac CR line ends alike, with a byte-order mark', () => {
      expect(parseJprsWhois(`\uFEFF${fixture('export-mixed.txt').replaceAll('\n', '\r\n')}`)).toEqual(expected);
      expect(parseJprsWhois(fixture('export-mixed.txt').replaceAll('\n', '\r'))).toEqual(expected);
    });

    it('reads full-width spaces and tabs as the gap between key and value, and trims trailing spaces of either width', () => {
      const widened = fixture('export-mixed.txt')
        .split('\n')
        .map((line) => line.replace(/^((?:[a-z]\. )?\[[^\] ][^\]]*\]) +/u, '$1　\t　').replace(/^ {32}/u, '　\t'))
        .map((line) => (line.length > 0 && !line.startsWith('[ ') ? `${line}　 ` : line))
        .join('\n');
      expect(widened).not.toBe(fixture('export-mixed.txt'));
      expect(parseJprsWhois(widened)).toEqual(expected);
    });

    it('reads full-width brackets and letters in keys', () => {
      const text = ['Domain Information: [ドメイン情報]', keyLine('ａ．［ドメイン名］', 'EXAMPLE.CO.JP'), keyLine('［状態］', 'Connected (２０２５/０３/３１)')].join('\n');
      expect(parseJprsWhois(text).records).toEqual([aRecord({ form: 'attribute-ja', domain: 'example.co.jp', status: 'Connected (２０２５/０３/３１)', expiresOn: '2025-03-31' })]);
    });
  });
});
