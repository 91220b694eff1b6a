import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/app/config/config';
import { feedUrlAt, loadFeedsFile, shownUrl } from '../../../src/app/feeds/feed-config';

const directory = mkdtempSync(path.join(tmpdir(), 'shinsa-feeds-config-'));
const file = (name: string, text: string): string => {
  const where = path.join(directory, name);
  writeFileSync(where, text);
  return where;
};

describe(loadFeedsFile.name, () => {
  it('reads feeds with defaults, the format’s category, and ${VARIABLE}s from the environment', () => {
    const sut = loadFeedsFile(
      file('good.yaml', 'defaults:\n  timeoutSeconds: 10\nfeeds:\n  - name: phishtank\n    url: https://data.example/data/${APP_KEY}/online.json?key=${APP_KEY}\n    format: phishtank-json\n    trust: untrusted\n    schedule: "0 * * * *"\n    attempts: 5\n'),
      { APP_KEY: 's3cret' },
    );
    expect(sut.problems).toEqual([]);
    expect(sut.feeds).toEqual([
      expect.objectContaining({ name: 'phishtank', url: 'https://data.example/data/s3cret/online.json?key=s3cret', shownUrl: 'https://data.example/data/${APP_KEY}/online.json?…', category: 'phishing', timeoutMs: 10_000, attempts: 5, maxBytes: 64 * 1024 ** 2 }),
    ]);
  });

  it('lists every problem by key, never a value', () => {
    const sut = loadFeedsFile(
      file(
        'bad.yaml',
        'feeds:\n  - name: a\n    url: ftp://x.example/\n    format: plain\n    trust: trusted\n    schedule: "* * *"\n  - name: b\n    url: https://x.example/${MISSING}\n    format: rss\n    trust: maybe\n    schedule: "0 * * * *"\n',
      ),
      {},
    );
    expect(sut.problems).toEqual(expect.arrayContaining([expect.stringMatching(/^feeds\[0\]\.schedule: must be a cron pattern/), expect.stringMatching(/^feeds\[1\]\.format:/), expect.stringMatching(/^feeds\[1\]\.trust:/)]));
    const second = loadFeedsFile(file('bad2.yaml', 'feeds:\n  - {name: a, url: "ftp://x.example/", format: plain, trust: trusted, schedule: "0 * * * *"}\n  - {name: a, url: "https://x.example/${MISSING}", format: plain, trust: trusted, schedule: "0 * * * *"}\n'), {});
    expect(second.problems).toEqual(['feeds[0].url: must be an http(s) URL', 'feeds[1].name: a is listed twice', 'feeds[1].url: the environment variable MISSING is not set']);
  });

  it('stops the configuration at start with SHINSA_FEEDS_FILE named', () => {
    const error = (() => {
      try {
        loadConfig({ SHINSA_MASTER_KEY: 'a'.repeat(64), SHINSA_FEEDS_FILE: path.join(directory, 'missing.yaml') });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([`SHINSA_FEEDS_FILE: cannot read ${path.join(directory, 'missing.yaml')}`]);
  });
});

describe(feedUrlAt.name, () => {
  it('fills {yyyy} and {mm} with the month monthOffset from the pull, in the time zone', () => {
    const feed = { url: 'https://x.example/{yyyy}/{yyyy}{mm}.csv', monthOffset: -1 };
    // 1 January 2024 08:00 JST is still 31 December in UTC: the zone decides the month.
    expect(feedUrlAt(feed, new Date('2023-12-31T23:00:00Z'), 'Asia/Tokyo')).toBe('https://x.example/2023/202312.csv');
    expect(feedUrlAt({ ...feed, monthOffset: 0 }, new Date('2023-12-31T23:00:00Z'), 'Asia/Tokyo')).toBe('https://x.example/2024/202401.csv');
    expect(shownUrl('https://user:pw@x.example/a?key=1')).toBe('https://x.example/a?…');
  });
});
