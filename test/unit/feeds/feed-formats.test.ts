import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultSignalRegistry, type FeedPolicy } from '../../../src/engine';
import { entryOf, type FeedEntry } from '../../../src/app/feeds/feed-entry';
import { FeedFormatError, parseFeed, type FeedFormat } from '../../../src/app/feeds/feed-formats';
import { DEFAULT_RULES_DIR, loadRuleSet } from '../../../src/screening/rules-directory';

const FIXTURES = path.resolve(__dirname, '..', '..', '..', 'fixtures', 'feeds');
const policy: FeedPolicy = loadRuleSet(DEFAULT_RULES_DIR, defaultSignalRegistry()).feeds!;

interface Read {
  readonly entries: (FeedEntry & { line: number })[];
  readonly bad: { line: number; error: string }[];
}

/** Parses a feed and classifies every record as the ingest does. */
async function read(format: FeedFormat, input: Buffer | string): Promise<Read> {
  const entries: Read['entries'] = [];
  const bad: Read['bad'] = [];
  for await (const parsed of parseFeed(format, input)) {
    if ('error' in parsed) {
      bad.push(parsed);
      continue;
    }
    const entry = entryOf(parsed.record, policy);
    if ('error' in entry) bad.push({ line: parsed.line, error: entry.error });
    else entries.push({ ...entry, line: parsed.line });
  }
  return { entries, bad };
}

const fixture = (name: string): Buffer => readFileSync(path.join(FIXTURES, name));
const byLine = (result: Read, line: number): FeedEntry | undefined => result.entries.find((entry) => entry.line === line);

describe(parseFeed.name, () => {
  it('reads JPCERT/CC phishurl-list CSV: dates in JST, the brand from the description, quoted URLs, bad rows by line', async () => {
    const sut = await read('jpcert-phishurl', fixture('jpcert-phishurl.csv'));
    expect(sut.entries).toHaveLength(8);
    expect(sut.bad.map((entry) => entry.line)).toEqual([9, 10, 12]);
    expect(sut.bad[0]!.error).toContain('date');
    expect(sut.bad[1]!.error).toContain('not a URL');
    expect(sut.bad[2]!.error).toContain('expected 3 fields');
    expect(byLine(sut, 2)).toMatchObject({ host: 'beet-u5s1-1h6y.p6ndza0z.workers.dev', registrableDomain: 'workers.dev', excluded: 'private_suffix', brand: '三井住友カード' });
    expect(byLine(sut, 2)!.listedAt!.toISOString()).toBe('2023-12-01T01:32:00.000Z');
    expect(byLine(sut, 4)).toMatchObject({ host: 'login.mufg-secure-feedtest.jp', registrableDomain: 'mufg-secure-feedtest.jp', excluded: null, brand: '三菱UFJ銀行' });
    // The fragment is not part of the entry's identity.
    expect(byLine(sut, 5)!.url).toBe('https://mufg-secure-feedtest.jp/other?x=1');
    expect(byLine(sut, 6)).toMatchObject({ registrableDomain: 'bit.ly', excluded: 'shared_platform', listedAt: null, brand: 'Amazon' });
    expect(byLine(sut, 7)).toMatchObject({ url: 'https://www.aeon-feedtest.com/a,b', registrableDomain: 'aeon-feedtest.com' });
    // UTS #46: full-width letters fold to the ASCII name.
    expect(byLine(sut, 8)).toMatchObject({ host: 'example-feedtest.jp', registrableDomain: 'example-feedtest.jp' });
    expect(byLine(sut, 11)).toMatchObject({ host: '192.0.2.10', registrableDomain: null, excluded: 'ip' });
  });

  it('reads the URLhaus CSV export: comment lines skipped, dates in UTC, a broken quote or short row counted bad', async () => {
    const sut = await read('urlhaus-csv', fixture('urlhaus.csv'));
    expect(sut.entries.map((entry) => [entry.host, entry.excluded])).toEqual([
      ['malware-drop-feedtest.jp', null],
      ['198.51.100.7', 'ip'],
      ['feedtest.github.io', 'private_suffix'],
      ['malware-drop-feedtest.jp', null],
    ]);
    expect(sut.entries[0]!.listedAt!.toISOString()).toBe('2024-11-27T10:27:07.000Z');
    expect(sut.bad.map((entry) => entry.line)).toEqual([13, 14]);
  });

  it('reads the OpenPhish text feed: one URL a line, blank lines skipped, a line that is not a URL counted bad', async () => {
    const sut = await read('openphish-text', fixture('openphish.txt'));
    expect(sut.entries.map((entry) => [entry.line, entry.registrableDomain, entry.excluded])).toEqual([
      [1, 'secure-paypal-feedtest.com', null],
      [2, 'web.app', 'private_suffix'],
      [4, null, 'ip'],
      [6, 'xn--80ak6aa92e.com', null],
      [7, 'secure-paypal-feedtest.com', null],
    ]);
    // The same URL twice is one entry (the ingest counts the second as seen).
    expect(sut.entries[0]!.hash.equals(sut.entries[4]!.hash)).toBe(true);
    expect(sut.bad).toEqual([{ line: 5, error: expect.stringContaining('not a URL') }]);
  });

  it("reads PhishTank's JSON dump: the target as brand unless Other, entries without a URL or unverified counted bad", async () => {
    const sut = await read('phishtank-json', fixture('phishtank.json'));
    expect(sut.entries.map((entry) => [entry.registrableDomain, entry.excluded, entry.brand])).toEqual([
      ['rakuten-feedtest.co', null, 'Rakuten'],
      ['github.io', 'private_suffix', null],
    ]);
    expect(sut.entries[0]!.listedAt!.toISOString()).toBe('2024-11-27T02:03:04.000Z');
    expect(sut.bad.map((entry) => [entry.line, entry.error.split(':')[0]])).toEqual([
      [3, 'url'],
      [4, 'verified'],
    ]);
  });

  it('reads a plain list of domains and URLs: comments skipped, a bad host name counted bad', async () => {
    const sut = await read('plain', fixture('plain.txt'));
    expect(sut.entries.map((entry) => [entry.line, entry.url, entry.registrableDomain, entry.excluded])).toEqual([
      [2, null, 'phish-feedtest-one.jp', null],
      [3, 'https://www.phish-feedtest-two.co.jp/login', 'phish-feedtest-two.co.jp', null],
      [4, null, 'duckdns.org', 'private_suffix'],
    ]);
    expect(sut.bad).toEqual([{ line: 5, error: expect.stringContaining('bad..domain') }]);
  });

  it('judges only the registrable domain when a phishing host has labels no registry sells (underscores)', async () => {
    const sut = await read('jpcert-phishurl', 'date,URL,description\n2020/08/01 10:00:00,https://www_amazon.co.jp.api_x.uihf-feedtest.top/a,Amazon\n2020/08/01 10:00:00,https://bad_domain_feedtest.top/,Amazon\n');
    expect(sut.entries).toEqual([expect.objectContaining({ host: 'www_amazon.co.jp.api_x.uihf-feedtest.top', registrableDomain: 'uihf-feedtest.top', excluded: null })]);
    expect(sut.bad).toEqual([{ line: 3, error: expect.stringContaining('bad_domain_feedtest') }]);
  });

  it('refuses an input that is not in its format at all (a changed header, an HTML page, a JSON object)', async () => {
    const refused = async (format: FeedFormat, text: string): Promise<string> => {
      const error = await read(format, text).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toBeInstanceOf(FeedFormatError);
      return (error as Error).message;
    };
    expect(await refused('jpcert-phishurl', 'date,url,brand,extra\n2023/12/01 10:00:00,https://a.example/,x,y\n')).toContain('date,URL,description');
    expect(await refused('jpcert-phishurl', '')).toContain('empty');
    expect(await refused('urlhaus-csv', '<html><body>Service unavailable</body></html>\n')).toContain('URLhaus');
    expect(await refused('openphish-text', '<!doctype html>\n<html>\n')).toContain('one URL a line');
    expect(await refused('plain', '<html>\n')).toContain('markup');
    expect(await refused('phishtank-json', '{"error": "rate limited"}')).toContain('array');
    expect(await refused('phishtank-json', '[{"url": ')).toContain('JSON');
  });
});
