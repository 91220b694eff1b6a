import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { parseApplication } from '../../src/engine';
import { anApplication } from '../support/factories';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, openDatabase, postScreening, startApi, type RunningApi, type TestClient } from '../support/service';
import { json } from '../support/service';

/** Paths into a valid application, to replace one value at a time with something else. */
const PATHS = [
  ['externalId'],
  ['product'],
  ['submittedAt'],
  ['domain'],
  ['domain', 'name'],
  ['domain', 'nameservers'],
  ['registrant'],
  ['registrant', 'type'],
  ['registrant', 'name'],
  ['registrant', 'name', 'kanji'],
  ['registrant', 'phone'],
  ['registrant', 'email'],
  ['registrant', 'address', 'postalCode'],
  ['registrant', 'address', 'country'],
  ['verification', 'sms', 'attempts'],
  ['signup', 'ip'],
  ['signup', 'port'],
  ['payment', 'cardCountry'],
] as const;

function withValue(base: unknown, path: readonly string[], value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  let cursor = copy;
  for (const key of path.slice(0, -1)) {
    if (typeof cursor[key] !== 'object' || cursor[key] === null) cursor[key] = {};
    cursor = cursor[key] as Record<string, unknown>;
  }
  cursor[path[path.length - 1]!] = value;
  return copy;
}

const oddValue = fc.oneof(
  fc.jsonValue(),
  fc.string({ unit: 'binary', maxLength: 600 }),
  // 1e309 is Infinity in JavaScript: a number JSON cannot hold.
  // eslint-disable-next-line no-loss-of-precision
  fc.constantFrom(-1, 1e309, 70000, 1.5, '', ' ', '\u0000', '../../etc/passwd', '<script>', '0'.repeat(600)),
  fc.dictionary(fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'x'), fc.jsonValue()),
);

/** Bodies that must never be accepted: broken JSON, wrong shapes, one field made wrong, unknown keys. */
const malformedBody: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400 }),
  fc.json(),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  fc.tuple(fc.constantFrom(...PATHS), oddValue).map(([path, value]) => JSON.stringify(withValue(anApplication(), path, value))),
  fc.tuple(fc.string({ minLength: 1, maxLength: 20 }), fc.jsonValue()).map(([key, value]) => JSON.stringify({ ...anApplication(), [`x-${key}`]: value })),
  fc.integer({ min: 1, max: 5000 }).map((depth) => `${'['.repeat(depth)}${']'.repeat(depth)}`),
  fc.string({ maxLength: 200 }).map((text) => JSON.stringify(anApplication()).slice(0, Math.max(1, text.length))),
);

function isValidApplication(body: string): boolean {
  try {
    return parseApplication(JSON.parse(body)).ok;
  } catch {
    return false;
  }
}

// Real parts: the api on a port, PostgreSQL, Redis.
describe('POST /v1/screenings with malformed bodies', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '1000000' });
    api = await startApi(config);
    db = await openDatabase(config);
    client = await addClient(db, config);
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('answers each of 2,000+ signed malformed bodies with a 4xx problem and stays up', { timeout: 240_000 }, async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(malformedBody, async (body) => {
        fc.pre(!isValidApplication(body));
        const response = await postScreening(api.baseUrl, client, body);
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
        const problem = await json(response);
        expect(problem.status).toBe(response.status);
        expect(typeof problem.detail).toBe('string');
      }),
      { numRuns: 2_100, seed: 20261127 },
    );
    const answered = [...statuses.values()].reduce((sum, n) => sum + n, 0);
    expect(answered).toBeGreaterThanOrEqual(2_000);
    expect(statuses.get(422)).toBeGreaterThan(100);
    expect(statuses.get(400)).toBeGreaterThan(100);
    expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);
    expect(Number((await db.query('SELECT count(*) AS n FROM applications'))[0].n)).toBe(0);
  });
});
