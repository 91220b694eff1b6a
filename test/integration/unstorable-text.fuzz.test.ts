import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { signRequest } from '../../src/app/crypto/signature';
import { EkycHeader } from '../../src/app/ekyc/generic-hmac';
import { createLogger } from '../../src/app/observability/logger';
import { ReviewerDirectory } from '../../src/app/review/reviewers';
import { anApplication } from '../support/factories';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, postSigned, startApi, submitReviewLogin, type RunningApi, type TestClient } from '../support/service';

const EKYC_SECRET = 'e'.repeat(40);

/** Text PostgreSQL cannot store, or that no honest input carries. */
const UNSTORABLE = ['\u0000', '\ud800', '\udfff', '\ufffe', '\uffff', '\ufdd0', '\u{1fffe}', '\u{10ffff}'];
/** The same in a URL: what can be percent-encoded (a lone surrogate only as bytes that are not UTF-8). */
const UNSTORABLE_IN_URL = ['%00', '%ED%A0%80', '%ED%BF%BF', '%EF%BF%BE', '%EF%BF%BF', '%EF%B7%90', '%F0%9F%BF%BE', '%F4%8F%BF%BF'];

/** Every string leaf of a value, by path (array items by index). */
function stringPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (typeof value === 'string') return [path];
  if (Array.isArray(value)) return value.flatMap((item, index) => stringPaths(item, [...path, index]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => stringPaths(item, [...path, key]));
  return [];
}

function withString(value: unknown, path: readonly (string | number)[], replace: (text: string) => string): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) cursor = cursor[key] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  cursor[last] = replace(cursor[last] as string);
  return copy;
}

/** Puts the bad text before, inside or after the valid value, as fast-check picks. */
const placement = fc.constantFrom<(text: string, bad: string) => string>(
  (text, bad) => `${bad}${text}`,
  (text, bad) => `${text.slice(0, Math.ceil(text.length / 2))}${bad}${text.slice(Math.ceil(text.length / 2))}`,
  (text, bad) => `${text}${bad}`,
);

// Real parts: the api on a port, PostgreSQL, Redis; its log captured at warn and above.
describe('text PostgreSQL cannot store, sent to every string field of every endpoint', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;
  const logged: { level: number; msg: string }[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;

  const record = (route: string, status: number): void => {
    sent += 1;
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    expect(status, route).toBeGreaterThanOrEqual(400);
    expect(status, route).toBeLessThan(500);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '1000000', SHINSA_EKYC_GENERIC_SECRET: EKYC_SECRET, SHINSA_EKYC_GENERIC_VERIFY_URL: 'https://verify.example/{request}' });
    api = await startApi(config, createLogger('warn', 'test-api', { write: (line: string) => void logged.push(JSON.parse(line)) }));
    db = await openDatabase(config);
    client = await addClient(db, config);
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
    console.log(`unstorable-text fuzz: ${sent} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}`);
  });

  const full = anApplication({
    domain: { registrar: 'registrar-one', reseller: 'reseller-one' },
    hosting: { plan: 'vps', rootAccess: true },
    registrant: { organization: { name: '株式会社例', nameEn: 'Example K.K.', corporateNumber: '1180301018771' }, address: { line2: 'ビル 3F' } },
    signup: { deviceId: 'device-1' },
  });
  const contracts: { route: string; body: unknown }[] = [
    { route: '/v1/screenings', body: full },
    { route: '/v1/labels', body: { applicationId: randomUUID(), verdict: 'fraud', source: 'abuse-desk', evidenceUrl: 'https://example.jp/phish', note: 'kit' } },
    { route: '/v1/labels', body: { domain: 'labelled.jp', verdict: 'legitimate', source: 'abuse-desk' } },
    { route: '/v1/abuse-reports', body: { domain: 'reported.jp', category: 'phishing', url: 'https://reported.jp/x', reporter: { name: '報告 者', email: 'r@example.jp', organization: 'JPCERT/CC' }, reportedAt: '2026-11-27T09:00:00+09:00', note: 'seen' } },
  ];

  it.each(contracts.map((contract) => [contract.route, Object.keys(contract.body as object).join(','), contract] as const))('%s (%s): every string field, every kind of bad text → 422 naming the field', { timeout: 120_000 }, async (_route, _fields, contract) => {
    const paths = stringPaths(contract.body);
    expect(paths.length).toBeGreaterThanOrEqual(3);
    for (const path of paths) {
      for (const [index, bad] of UNSTORABLE.entries()) {
        const place = fc.sample(placement, { numRuns: 1, seed: index + path.length })[0]!;
        const body = JSON.stringify(withString(contract.body, path, (text) => place(text, bad)));
        const response = await postSigned(api.baseUrl, contract.route, client, body);
        record(contract.route, response.status);
        expect(response.status).toBe(422);
        expect((await json(response)).errors.map((error: { field: string }) => error.field)).toContain(path.join('.'));
      }
    }
    // A key with bad text is refused too (its name escaped in the answer).
    const keyed = await postSigned(api.baseUrl, contract.route, client, JSON.stringify({ ...(contract.body as object), 'x\u0000y': 1 }));
    record(contract.route, keyed.status);
    expect((await json(keyed)).errors.map((error: { field: string }) => error.field)).toContain('x\\u0000y');
  });

  it('POST /v1/ekyc/callbacks/generic: every string field, signed by the vendor → 422', { timeout: 60_000 }, async () => {
    const base = { requestId: randomUUID(), vendorReference: 'VND-1', result: 'passed', checks: [{ check: 'name', passed: true }], completedAt: '2026-11-27T10:20:00+09:00' };
    for (const path of stringPaths(base)) {
      for (const bad of UNSTORABLE) {
        const raw = JSON.stringify(withString(base, path, (text) => `${text}${bad}`));
        const timestamp = Math.floor(Date.now() / 1000);
        const response = await fetch(`${api.baseUrl}/v1/ekyc/callbacks/generic`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', [EkycHeader.Timestamp]: String(timestamp), [EkycHeader.Signature]: signRequest(EKYC_SECRET, timestamp, { method: 'POST', path: '/v1/ekyc/callbacks/generic', body: raw }) },
          body: raw,
        });
        record('/v1/ekyc/callbacks/generic', response.status);
        expect(response.status).toBe(422);
      }
    }
  });

  it('path parameters and query strings of the api and the review UI → 400; posted forms → 422', { timeout: 120_000 }, async () => {
    const admin = 'fuzz-admin';
    await new ReviewerDirectory(db).add({ login: admin, role: 'admin', password: 'a long enough password' }, 'test');
    const login = await submitReviewLogin(api.baseUrl, admin, 'a long enough password');
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await fetch(`${api.baseUrl}/review`, { headers: { cookie } })).text())![1]!;
    const caseId = (await json(await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'fuzz-case', domain: { name: 'amazon-co-jp-login.com' } }))))).caseId ?? randomUUID();

    const gets = [
      ...['state', 'outcome', 'breached', 'signal', 'registrar', 'lang'].map((name) => (bad: string) => `/review?${name}=x${bad}`),
      (bad: string) => `/review/login?next=/review${bad}`,
      (bad: string) => `/review/cases/${caseId}?bulk=1.1.1.1${bad}`,
      (bad: string) => `/review/cases/${bad}`,
      (bad: string) => `/review/abuse-reports?state=pending${bad}`,
      (bad: string) => `/review/rescans/${bad}`,
      (bad: string) => `/review/backtests/${bad}`,
      (bad: string) => `/review/metrics?lang=${bad}`,
      (bad: string) => `/v1/screenings/${bad}`,
    ];
    for (const url of gets) {
      for (const bad of UNSTORABLE_IN_URL) {
        const response = await fetch(`${api.baseUrl}${url(bad)}`, { headers: { cookie }, redirect: 'manual' });
        record(url(bad), response.status);
        expect(response.status).toBe(400);
      }
    }
    const forms: [string, Record<string, string>][] = [
      ['/review/login', { _csrf: 'x', login: admin, password: 'p', next: '/review' }],
      [`/review/cases/${caseId}/decide`, { _csrf: csrf, decision: 'reject', reasonCode: 'FORGED_DETAILS', note: 'forged' }],
      [`/review/cases/${caseId}/ekyc`, { _csrf: csrf, method: 'jpki' }],
      [`/review/cases/${caseId}/escalate`, { _csrf: csrf, note: 'why' }],
      ['/review/bulk', { _csrf: csrf, kind: 'phone', valueHash: 'ab', decision: 'reject', reasonCode: 'CAMPAIGN_MEMBER', note: 'campaign', from: caseId }],
      [`/review/abuse-reports/${randomUUID()}/dismiss`, { _csrf: csrf, note: 'not abuse', next: '/review/abuse-reports' }],
      ['/review/backtests/directory', { _csrf: csrf, rules: 'deployed', since: '2026-01-01', until: '2026-02-01' }],
      ['/review/accounts', { _csrf: csrf, login: 'new-reviewer', role: 'reviewer', displayName: 'New' }],
    ];
    for (const [route, fields] of forms) {
      for (const name of Object.keys(fields)) {
        for (const bad of UNSTORABLE_IN_URL) {
          // Percent-encoded by hand: a browser's encoder would turn a lone surrogate into U+FFFD.
          const body = Object.entries(fields)
            .map(([field, value]) => `${encodeURIComponent(field)}=${encodeURIComponent(value)}${field === name ? bad : ''}`)
            .join('&');
          const response = await fetch(`${api.baseUrl}${route}`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body, redirect: 'manual' });
          record(`${route} ${name}`, response.status);
          // Text that decodes to what cannot be stored is a 422 naming the field; bytes that are not UTF-8, a 400.
          expect(response.status, `${route} ${name} ${bad}`).toBe(bad.startsWith('%ED') ? 400 : 422);
        }
      }
    }
    // The rules-bundle upload: a text field and the file's name.
    for (const bad of UNSTORABLE) {
      const form = new FormData();
      form.set('_csrf', csrf);
      form.set('since', `2026-01-01${bad}`);
      form.set('bundle', new Blob([Buffer.from([0x1f, 0x8b])]), `rules${bad}.tar.gz`);
      const response = await fetch(`${api.baseUrl}/review/backtests/bundle`, { method: 'POST', headers: { cookie }, body: form, redirect: 'manual' });
      record('/review/backtests/bundle', response.status);
      expect(response.status).toBe(422);
      // FormData sends a lone surrogate as U+FFFD; everything else arrives and is named on the page.
      if (!/^[\ud800-\udfff]$/.test(bad)) expect(await response.text()).toMatch(/contains (U\+0000|the non-character)/);
    }
  });

  it('answered everything with 4xx and logged nothing above warn', () => {
    expect(sent).toBeGreaterThan(500);
    expect(logged.filter((line) => line.level > 40)).toEqual([]);
    expect(Number([...statuses.keys()].every((status) => status >= 400 && status < 500))).toBe(1);
  });
});
