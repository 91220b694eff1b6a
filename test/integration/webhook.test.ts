import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHmac, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { curlExample } from '../../src/cli/demo-setup';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { ClientDirectory } from '../../src/app/clients/client-directory';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { signedHeaders, type SignedRequest } from '../../src/app/crypto/signature';
import { createLogger } from '../../src/app/observability/logger';
import { anApplication, anUnlinkedApplication } from '../support/factories';
import { withOutboxRefusing } from '../support/faults';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, getScreening, openDatabase, postScreening, startApi, waitFor, type RunningApi, type TestClient } from '../support/service';
import { json } from '../support/service';

// Real parts: the Nest/Fastify api on a port, PostgreSQL (a database cloned for this file), Redis.
describe('POST /v1/screenings', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;

  const count = async (table: string, where = 'true', params: unknown[] = []): Promise<number> =>
    Number((await db.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params))[0].n);

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '1000', SHINSA_BODY_LIMIT_BYTES: '65536' });
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

  describe('a valid signed application', () => {
    it('answers with the assessment and stores application, assessment, attributes, case and outbox event in one go', async () => {
      const application = anApplication({
        externalId: 'wh-review-1',
        domain: { name: 'amazon-co-jp-login.com' },
        signup: { ip: '2001:db8:0:0:0:0:0:1', port: 40123 },
      });
      const response = await postScreening(api.baseUrl, client, JSON.stringify(application));
      expect(response.status).toBe(200);
      const body = await json(response);
      expect(body).toMatchObject({ externalId: 'wh-review-1', rulesVersion: expect.stringMatching(/^sha256:/) });
      expect(['review', 'hold']).toContain(body.outcome);
      expect(body.caseId).toEqual(expect.any(String));
      expect(body.hits.map((hit: { reason: string }) => hit.reason)).toContain('BRAND_COMBOSQUAT');

      const [stored] = await db.query('SELECT external_id, signup_ip, signup_port, body FROM applications WHERE id = $1', [body.id]);
      // The source address and port exactly as given (CGNAT needs the port).
      expect(stored).toMatchObject({ external_id: 'wh-review-1', signup_ip: '2001:db8:0:0:0:0:0:1', signup_port: 40123 });
      expect(stored.body.registrant.name.kanji).toBe('佐藤 花子');
      const [assessment] = await db.query('SELECT outcome, score, rules_version, hits FROM assessments WHERE application_id = $1', [body.id]);
      expect(assessment).toMatchObject({ outcome: body.outcome, score: body.score, rules_version: body.rulesVersion });
      expect(assessment.hits).toEqual(body.hits);
      const kinds = (await db.query('SELECT kind FROM attributes WHERE application_id = $1', [body.id])).map((row: { kind: string }) => row.kind);
      expect(kinds).toEqual(expect.arrayContaining(['phone', 'phone_block', 'email', 'email_domain', 'address', 'name', 'ip_prefix', 'registrable_domain']));
      const [reviewCase] = await db.query('SELECT state, outcome, due_at > now() AS due_later FROM cases WHERE id = $1 AND application_id = $2', [body.caseId, body.id]);
      expect(reviewCase).toMatchObject({ state: 'open', outcome: body.outcome, due_later: true });
      expect(await count('case_events', 'case_id = $1', [body.caseId])).toBe(1);
      const [event] = await db.query('SELECT topic, payload FROM outbox WHERE aggregate_id = $1', [body.id]);
      expect(event).toMatchObject({ topic: 'screening.assessed', payload: { applicationId: body.id, outcome: body.outcome, caseId: body.caseId } });
    });

    it('opens no case for an allowed application', async () => {
      const response = await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'wh-allow-1' })));
      const body = await json(response);
      expect(body.outcome).toBe('allow');
      expect(body.caseId).toBeNull();
      expect(await count('cases', 'application_id = $1', [body.id])).toBe(0);
      expect(await count('outbox', 'aggregate_id = $1', [body.id])).toBe(1);
    });

    it("keeps its own arrival clock: a client's time never dates the application (only `shinsa replay` sets the clock)", async () => {
      // A replay line's `receivedAt` is not part of the contract: the webhook refuses it, naming it.
      const withReceivedAt = { ...anApplication({ externalId: 'wh-clock-received' }), receivedAt: '2020-01-01T00:00:00+09:00' };
      const refused = await postScreening(api.baseUrl, client, JSON.stringify(withReceivedAt));
      expect(refused.status).toBe(422);
      expect((await json(refused)).errors).toEqual([{ field: 'receivedAt', message: 'unknown field' }]);
      expect(await count('applications', "external_id = 'wh-clock-received'")).toBe(0);

      // The applicant's `submittedAt` (and the signup's time) are stored as given, and date nothing.
      const before = Date.now();
      const application = anApplication({ externalId: 'wh-clock-submitted', submittedAt: '2020-01-01T00:00:00+09:00' });
      const response = await postScreening(api.baseUrl, client, JSON.stringify(application));
      const after = Date.now();
      expect(response.status).toBe(200);
      const body = await json(response);
      const answered = Date.parse(body.receivedAt);
      expect(answered).toBeGreaterThanOrEqual(before - 1000);
      expect(answered).toBeLessThanOrEqual(after + 1000);
      const [stored] = await db.query('SELECT received_at, submitted_at FROM applications WHERE id = $1', [body.id]);
      expect(stored.received_at.getTime()).toBe(answered);
      expect(stored.submitted_at.toISOString()).toBe('2019-12-31T15:00:00.000Z');
      const observed: { observed_at: Date }[] = await db.query('SELECT DISTINCT observed_at FROM attributes WHERE application_id = $1', [body.id]);
      expect(observed.map((row) => row.observed_at.getTime())).toEqual([answered]);
    });

    it('stores attribute values only as keyed hashes, never in clear', async () => {
      const response = await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'wh-hash-1' })));
      const { id } = await json(response);
      const rows: { value_hash: Buffer }[] = await db.query('SELECT value_hash FROM attributes WHERE application_id = $1', [id]);
      expect(rows.length).toBeGreaterThan(5);
      for (const row of rows) {
        expect(row.value_hash).toHaveLength(32);
        expect(row.value_hash.toString('latin1')).not.toContain('+8190');
      }
    });
  });

  describe('signature', () => {
    const body = JSON.stringify(anApplication({ externalId: 'wh-sig' }));
    const signed = (key: string): SignedRequest => ({ method: 'POST', path: '/v1/screenings', idempotencyKey: key, body });

    it.each([
      ['a wrong secret', (headers: Record<string, string>, key: string) => ({ ...headers, 'x-shinsa-signature': signedHeaders('x', 'wrong-secret', signed(key))['x-shinsa-signature']! })],
      ['a malformed signature', (headers: Record<string, string>) => ({ ...headers, 'x-shinsa-signature': 'v2=zz' })],
      ['no signature', (headers: Record<string, string>) => ({ ...headers, 'x-shinsa-signature': '' })],
      ['an unknown key id', (headers: Record<string, string>) => ({ ...headers, 'x-shinsa-key-id': 'key_unknown' })],
      ['a stale timestamp (6 minutes old)', (_headers: Record<string, string>, key: string) => signedHeaders(client.keyId, client.secret, signed(key), Math.floor(Date.now() / 1000) - 360)],
      ['a timestamp 6 minutes ahead', (_headers: Record<string, string>, key: string) => signedHeaders(client.keyId, client.secret, signed(key), Math.floor(Date.now() / 1000) + 360)],
      ['the retired v1 scheme (timestamp and body only)', (headers: Record<string, string>) => ({ ...headers, 'x-shinsa-signature': `v1=${createHmac('sha256', client.secret).update(`${headers['x-shinsa-timestamp']}.${body}`).digest('hex')}` })],
      ['a signature made for another Idempotency-Key', (headers: Record<string, string>) => ({ ...headers, 'idempotency-key': randomUUID() })],
    ])('refuses %s with one undifferentiated 401 problem', async (_case, tamper) => {
      const key = randomUUID();
      const headers = tamper(signedHeaders(client.keyId, client.secret, signed(key)), key);
      const response = await fetch(`${api.baseUrl}/v1/screenings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': key, ...headers },
        body,
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await json(response);
      expect(problem).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', detail: 'the request signature could not be verified' });
    });

    it('refuses a captured request replayed with a changed body', async () => {
      const headers = signedHeaders(client.keyId, client.secret, signed(randomUUID()));
      const changed = body.replace('wh-sig', 'wh-sig-tampered');
      const response = await fetch(`${api.baseUrl}/v1/screenings`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: changed });
      expect(response.status).toBe(401);
      expect(await count('applications', "external_id = 'wh-sig-tampered'")).toBe(0);
    });

    it('refuses a captured signed POST replayed with a new Idempotency-Key: no second application, no revision', async () => {
      const key = randomUUID();
      const headers = signedHeaders(client.keyId, client.secret, { ...signed(key), body: JSON.stringify(anApplication({ externalId: 'wh-replay' })) });
      const original = JSON.stringify(anApplication({ externalId: 'wh-replay' }));
      expect((await fetch(`${api.baseUrl}/v1/screenings`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: original })).status).toBe(200);
      const replayed = await fetch(`${api.baseUrl}/v1/screenings`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers, 'idempotency-key': randomUUID() }, body: original });
      expect(replayed.status).toBe(401);
      expect(await count('applications', "external_id = 'wh-replay'")).toBe(1);
    });

    it('refuses a captured signed GET reused for another screening id, another method or a query added', async () => {
      const first = await json(await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'wh-get-a' }))));
      const second = await json(await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'wh-get-b' }))));
      const captured = signedHeaders(client.keyId, client.secret, { method: 'GET', path: `/v1/screenings/${first.id}`, body: '' });
      expect((await fetch(`${api.baseUrl}/v1/screenings/${first.id}`, { headers: captured })).status).toBe(200);
      expect((await fetch(`${api.baseUrl}/v1/screenings/${second.id}`, { headers: captured })).status).toBe(401);
      expect((await fetch(`${api.baseUrl}/v1/screenings/${first.id}?x=1`, { headers: captured })).status).toBe(401);
      const asPost = await fetch(`${api.baseUrl}/v1/screenings/${first.id}`, { method: 'POST', headers: { ...captured, 'content-type': 'application/json' }, body: '' });
      expect([401, 404]).toContain(asPost.status);
      const otherRoute = await fetch(`${api.baseUrl}/v1/labels`, { method: 'POST', headers: { ...captured, 'content-type': 'application/json' }, body: '' });
      expect(otherRoute.status).toBe(401);
    });

    it("accepts the signed curl example `shinsa up` prints, run by bash with curl and openssl", async () => {
      const bodyFile = path.join(mkdtempSync(path.join(tmpdir(), 'shinsa-curl-')), 'demo-application.json');
      writeFileSync(bodyFile, JSON.stringify(anUnlinkedApplication('curl', 3, { externalId: 'wh-curl-example' })));
      const script = curlExample(api.baseUrl, client, bodyFile);
      // Asynchronously: the api answering curl runs in this process.
      const { stdout } = await promisify(execFile)('bash', ['-c', script], { encoding: 'utf8', timeout: 15_000 });
      expect(JSON.parse(stdout)).toMatchObject({ externalId: 'wh-curl-example', revision: 1, outcome: expect.any(String) });
    });

    it('accepts either active secret during a rotation, and not a retired one', async () => {
      const rotating = await addClient(db, config);
      const directory = new ClientDirectory(db, new MasterKeys(config.masterKey));
      const second = await directory.rotate(rotating.keyId, { retireOldest: false });
      await expect(directory.rotate(rotating.keyId, { retireOldest: false })).rejects.toThrow(/already has 2 active request secrets/);
      const make = (id: string) => JSON.stringify(anApplication({ externalId: id }));
      const accepted = await postScreening(api.baseUrl, rotating, make('rot-old'));
      expect(accepted.status).toBe(200);
      const { id } = await json(accepted);
      expect((await postScreening(api.baseUrl, { keyId: rotating.keyId, secret: second.secret }, make('rot-new'))).status).toBe(200);
      await directory.rotate(rotating.keyId, { retireOldest: true });
      // The rotation is announced to the running api (client-changes.test.ts proves it is not the cache expiring).
      await waitFor(async () => ((await getScreening(api.baseUrl, rotating, id)).status === 401 ? true : undefined), 'the api to refuse the retired secret');
      expect((await postScreening(api.baseUrl, rotating, make('rot-retired'))).status).toBe(401);
      expect((await postScreening(api.baseUrl, { keyId: rotating.keyId, secret: second.secret }, make('rot-still'))).status).toBe(200);
    });
  });

  describe('bad input', () => {
    it('names every bad field in a 422 problem', async () => {
      const bad = { ...anApplication({ externalId: 'wh-bad' }), produkt: 'domain', product: 'car', registrant: { phone: 5, address: { country: 'Japan' } } };
      const response = await postScreening(api.baseUrl, client, JSON.stringify(bad));
      expect(response.status).toBe(422);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      const problem = await json(response);
      const fields = problem.errors.map((error: { field: string }) => error.field);
      expect(fields).toEqual(expect.arrayContaining(['produkt', 'product', 'registrant.phone', 'registrant.address.country']));
      expect(await count('applications', "external_id = 'wh-bad'")).toBe(0);
    });

    it('refuses an application with nothing to screen with a 422 naming what is missing, and stores nothing', async () => {
      const response = await postScreening(api.baseUrl, client, JSON.stringify({ externalId: 'wh-empty', product: 'domain' }));
      expect(response.status).toBe(422);
      expect(await json(response)).toMatchObject({ code: 'INVALID_APPLICATION', errors: [{ field: 'domain', message: expect.stringContaining('domain name') }] });
      const hosting = await postScreening(api.baseUrl, client, JSON.stringify({ externalId: 'wh-empty-hosting', product: 'hosting', hosting: { plan: 'vps' }, registrant: { type: 'individual' } }));
      expect(hosting.status).toBe(422);
      expect((await json(hosting)).errors.map((error: { field: string }) => error.field)).toEqual(['registrant']);
      expect(await count('applications', "external_id IN ('wh-empty', 'wh-empty-hosting')")).toBe(0);
    });

    it('answers malformed JSON with 400', async () => {
      const response = await postScreening(api.baseUrl, client, '{"externalId": ');
      expect(response.status).toBe(400);
      expect(await json(response)).toMatchObject({ code: 'INVALID_JSON' });
    });

    it('requires an Idempotency-Key', async () => {
      const response = await postScreening(api.baseUrl, client, JSON.stringify(anApplication()), { idempotencyKey: null });
      expect(response.status).toBe(400);
      expect(await json(response)).toMatchObject({ code: 'MISSING_IDEMPOTENCY_KEY' });
    });

    it('answers another content type with 415', async () => {
      const response = await postScreening(api.baseUrl, client, JSON.stringify(anApplication()), { contentType: 'text/plain' });
      expect(response.status).toBe(415);
      expect(await json(response)).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE' });
    });

    it('answers a body over the limit with 413', async () => {
      const huge = JSON.stringify({ ...anApplication(), padding: 'x'.repeat(70_000) });
      const response = await postScreening(api.baseUrl, client, huge);
      expect(response.status).toBe(413);
      expect(await json(response)).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    });
  });

  describe('idempotency', () => {
    it('returns the stored response for the same key and body, without a second application', async () => {
      const key = randomUUID();
      const body = JSON.stringify(anApplication({ externalId: 'wh-idem-1' }));
      const first = await postScreening(api.baseUrl, client, body, { idempotencyKey: key });
      const second = await postScreening(api.baseUrl, client, body, { idempotencyKey: key });
      expect(second.status).toBe(200);
      expect(second.headers.get('idempotent-replayed')).toBe('true');
      expect(await json(second)).toEqual(await json(first));
      expect(await count('applications', "external_id = 'wh-idem-1'")).toBe(1);
    });

    it('answers 409 when the key comes back with another body', async () => {
      const key = randomUUID();
      await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'wh-idem-2' })), { idempotencyKey: key });
      const response = await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'wh-idem-2b' })), { idempotencyKey: key });
      expect(response.status).toBe(409);
      expect(await json(response)).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
      expect(await count('applications', "external_id = 'wh-idem-2b'")).toBe(0);
    });

    it('keeps keys per client: two clients may use the same key', async () => {
      const other = await addClient(db, config);
      const key = randomUUID();
      const a = await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'wh-idem-3' })), { idempotencyKey: key });
      const b = await postScreening(api.baseUrl, other, JSON.stringify(anApplication({ externalId: 'wh-idem-3' })), { idempotencyKey: key });
      expect([a.status, b.status]).toEqual([200, 200]);
      expect((await json(a)).id).not.toBe((await json(b)).id);
    });

    it('turns concurrent identical requests into one application with one answer', async () => {
      const key = randomUUID();
      const body = JSON.stringify(anApplication({ externalId: 'wh-concurrent', domain: { name: 'smbc-card-login.jp' } }));
      const responses = await Promise.all(Array.from({ length: 12 }, () => postScreening(api.baseUrl, client, body, { idempotencyKey: key })));
      expect(responses.map((response) => response.status)).toEqual(Array(12).fill(200));
      const ids = new Set((await Promise.all(responses.map((response) => json(response)))).map((body) => body.id));
      expect(ids.size).toBe(1);
      expect(await count('applications', "external_id = 'wh-concurrent'")).toBe(1);
      expect(await count('outbox', 'aggregate_id = $1', [[...ids][0]])).toBe(1);
    });
  });

  describe('revisions: a second submission of an external id', () => {
    it('is a revision of the same application: same id, the old revision kept, GET answers the latest', async () => {
      const first = await json(await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'wh-rev-1' }))));
      expect(first.revision).toBe(1);
      const corrected = anApplication({ externalId: 'wh-rev-1', registrant: { address: { line1: '千代田1-1-2' } } });
      const second = await json(await postScreening(api.baseUrl, client, JSON.stringify(corrected)));
      expect(second).toMatchObject({ id: first.id, externalId: 'wh-rev-1', revision: 2 });
      expect(await count('applications', "external_id = 'wh-rev-1'")).toBe(1);
      const [stored] = await db.query('SELECT revision, body FROM applications WHERE id = $1', [first.id]);
      expect(stored).toMatchObject({ revision: 2, body: { registrant: { address: { line1: '千代田1-1-2' } } } });
      expect(await db.query('SELECT revision, body FROM application_revisions WHERE application_id = $1', [first.id])).toEqual([{ revision: 1, body: expect.objectContaining({ registrant: expect.objectContaining({ address: expect.objectContaining({ line1: anApplication().registrant!.address!.line1 }) }) }) }]);
      expect(await db.query('SELECT trigger, revision FROM assessments WHERE application_id = $1 ORDER BY created_at', [first.id])).toEqual([
        { trigger: 'intake', revision: 1 },
        { trigger: 'revision', revision: 2 },
      ]);
      // Its own earlier revision is no "other application" sharing its details.
      expect(JSON.stringify(second.hits)).not.toContain(first.id);
      const latest = await json(await getScreening(api.baseUrl, client, first.id));
      expect(latest).toMatchObject({ id: first.id, revision: 2, receivedAt: second.receivedAt });
      expect(await db.query(`SELECT payload->>'revision' AS revision FROM outbox WHERE aggregate_id = $1 ORDER BY id`, [first.id])).toEqual([{ revision: '1' }, { revision: '2' }]);
    });

    it('raises or updates the open case, never opens a second one, and opens one when a revision needs it', async () => {
      const risky = (n: number) => JSON.stringify(anUnlinkedApplication('revcase', 1, { externalId: 'wh-rev-case', domain: { name: 'amazon-co-jp-login.com' }, signup: { port: 40000 + n } }));
      const first = await json(await postScreening(api.baseUrl, client, risky(1)));
      expect(first.caseId).toEqual(expect.any(String));
      const answers = await Promise.all([2, 3, 4, 5].map(async (n) => json(await postScreening(api.baseUrl, client, risky(n)))));
      for (const answer of answers) expect(answer).toMatchObject({ id: first.id, caseId: first.caseId });
      expect(answers.map((answer) => answer.revision).sort()).toEqual([2, 3, 4, 5]);
      expect(await count('cases', 'application_id = $1', [first.id])).toBe(1);
      expect((await db.query(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY id`, [first.caseId])).map((row: { type: string }) => row.type)).toEqual(['opened', 'revised', 'revised', 'revised', 'revised']);

      const clean = await json(await postScreening(api.baseUrl, client, JSON.stringify(anUnlinkedApplication('revlater', 2, { externalId: 'wh-rev-later' }))));
      expect(clean.caseId).toBeNull();
      const worse = await json(await postScreening(api.baseUrl, client, JSON.stringify(anUnlinkedApplication('revlater', 2, { externalId: 'wh-rev-later', domain: { name: 'amazon-co-jp-login.com' } }))));
      expect(worse).toMatchObject({ id: clean.id, revision: 2, caseId: expect.any(String) });
      expect(await count('cases', 'application_id = $1', [clean.id])).toBe(1);
    });

    it('turns concurrent first submissions of one external id under different keys into one application with revisions', async () => {
      const body = (n: number) => JSON.stringify(anApplication({ externalId: 'wh-rev-race', signup: { port: 50000 + n } }));
      const answers = await Promise.all(Array.from({ length: 6 }, async (_, n) => postScreening(api.baseUrl, client, body(n))));
      expect(answers.map((answer) => answer.status)).toEqual(Array(6).fill(200));
      const bodies = await Promise.all(answers.map((answer) => json(answer)));
      expect(new Set(bodies.map((answer) => answer.id)).size).toBe(1);
      expect(bodies.map((answer) => answer.revision).sort()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(await count('applications', "external_id = 'wh-rev-race'")).toBe(1);
      expect(await count('application_revisions r JOIN applications a ON a.id = r.application_id', "a.external_id = 'wh-rev-race'")).toBe(5);
    });
  });

  describe('GET /v1/screenings/:id', () => {
    it('returns the stored assessment to the client that created it, and 404 to anyone else', async () => {
      const created = await json(await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'wh-get' }))));
      const own = await getScreening(api.baseUrl, client, created.id);
      expect(own.status).toBe(200);
      // The stored assessment, and the verdict beside it: none yet.
      expect(await json(own)).toEqual({ ...created, verdict: null });
      const stranger = await addClient(db, config);
      const other = await getScreening(api.baseUrl, stranger, created.id);
      expect(other.status).toBe(404);
      expect((await getScreening(api.baseUrl, client, 'not-a-uuid')).status).toBe(404);
      const unsigned = await fetch(`${api.baseUrl}/v1/screenings/${created.id}`);
      expect(unsigned.status).toBe(401);
    });
  });

  describe('atomicity', () => {
    it('leaves nothing behind when a write after the application insert fails', async () => {
      // A real failure inside the transaction: the outbox refuses this one event.
      const key = randomUUID();
      const body = JSON.stringify(anApplication({ externalId: 'wh-atomic', domain: { name: 'smbc-card-login.jp' } }));
      await withOutboxRefusing(db, 'wh-atomic', async () => {
        const response = await postScreening(api.baseUrl, client, body, { idempotencyKey: key });
        expect(response.status).toBe(500);
        expect(await json(response)).toMatchObject({ code: 'INTERNAL' });
        expect(await count('applications', "external_id = 'wh-atomic'")).toBe(0);
        expect(await count('assessments a JOIN applications p ON p.id = a.application_id', "p.external_id = 'wh-atomic'")).toBe(0);
        expect(await count('idempotency_keys', 'key = $1', [key])).toBe(0);
        expect(await count('cases c JOIN applications p ON p.id = c.application_id', "p.external_id = 'wh-atomic'")).toBe(0);
      });
      // The key was not burnt: the retry is accepted.
      const retry = await postScreening(api.baseUrl, client, body, { idempotencyKey: key });
      expect(retry.status).toBe(200);
      expect(await count('applications', "external_id = 'wh-atomic'")).toBe(1);
    });
  });

  describe('operations endpoints', () => {
    it('serves health, readiness, Prometheus metrics and the OpenAPI document', async () => {
      expect(await json(await fetch(`${api.baseUrl}/healthz`))).toEqual({ status: 'ok' });
      expect(await json(await fetch(`${api.baseUrl}/readyz`))).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up' } });
      const metrics = await (await fetch(`${api.baseUrl}/metrics`)).text();
      expect(metrics).toMatch(/shinsa_http_requests_total\{route="\/v1\/screenings",method="POST",status="200",outcome="success"\} \d+/);
      expect(metrics).toMatch(/shinsa_http_request_duration_seconds_bucket\{le="0.05",route="\/v1\/screenings",method="POST",outcome="success"\} \d+/);
      expect(metrics).toMatch(/shinsa_outbox_backlog \d+/);
      expect(metrics).toMatch(/shinsa_queue_jobs\{queue="callbacks",state="waiting"\} \d+/);
      expect(metrics).toMatch(/shinsa_queue_jobs\{queue="linkage",state="waiting"\} \d+/);
      const document = await json(await fetch(`${api.baseUrl}/docs/openapi.json`));
      expect(document.paths['/v1/screenings'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Application' });
      expect(document.components.schemas.Application.properties.registrant).toBeDefined();
      expect((await fetch(`${api.baseUrl}/docs`)).status).toBe(200);
    });

    it('answers an unknown route with a 404 problem', async () => {
      const response = await fetch(`${api.baseUrl}/v1/nothing`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    });
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After once a client exceeds its budget, without touching other clients', async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '3' });
    const api = await startApi(config);
    const db = await openDatabase(config);
    try {
      const busy = await addClient(db, config);
      const quiet = await addClient(db, config);
      const statuses: number[] = [];
      let retryAfter: string | null = null;
      for (let index = 0; index < 5; index += 1) {
        const response = await postScreening(api.baseUrl, busy, JSON.stringify(anApplication({ externalId: `rl-${index}` })));
        statuses.push(response.status);
        if (response.status === 429) retryAfter = response.headers.get('retry-after');
      }
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      expect(Number(retryAfter)).toBeGreaterThan(0);
      expect((await postScreening(api.baseUrl, quiet, JSON.stringify(anApplication({ externalId: 'rl-quiet' })))).status).toBe(200);
    } finally {
      await api.close();
      await db.destroy();
      await deleteQueueKeys(config.redisUrl, config.queuePrefix);
      await database.drop();
    }
  });
});

describe('failed authentications', () => {
  it('are limited per source address: past the limit even a good signature from that address gets 429, before any look-up', async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.url, { SHINSA_AUTH_FAILURES_PER_MINUTE: '5' });
    const api = await startApi(config);
    const db = await openDatabase(config);
    try {
      const client = await addClient(db, config);
      const body = JSON.stringify(anApplication({ externalId: 'af-1' }));
      const statuses: number[] = [];
      for (let index = 0; index < 5; index += 1) statuses.push((await postScreening(api.baseUrl, { keyId: `key_guess_${index}`, secret: 'guess' }, body)).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401]);
      const blocked = await postScreening(api.baseUrl, client, body);
      expect(blocked.status).toBe(429);
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(Number((await db.query(`SELECT count(*) AS n FROM applications WHERE external_id = 'af-1'`))[0].n)).toBe(0);
    } finally {
      await api.close();
      await db.destroy();
      await deleteQueueKeys(config.redisUrl, config.queuePrefix);
      await database.drop();
    }
  });

  it('remember a key id that names no client, so guessing it again costs no database look-up', async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.url);
    const db = await openDatabase(config);
    try {
      const directory = new ClientDirectory(db, new MasterKeys(config.masterKey));
      const spy = vi.spyOn(db, 'query');
      // One moment for every call: the test is about what is cached, not how long the look-ups take.
      const now = Date.now();
      expect(await directory.findActive('key_never_issued', now)).toBeNull();
      expect(await directory.findActive('key_never_issued', now + 30_000)).toBeNull();
      expect(spy).toHaveBeenCalledTimes(1);
      // Ten thousand guessed ids do not push a real client out of the cache.
      const client = await addClient(db, config);
      expect(await directory.findActive(client.keyId, now)).not.toBeNull();
      for (let index = 0; index < 10_050; index += 1) await directory.findActive(`key_guess_${index}`, now);
      spy.mockClear();
      expect(await directory.findActive(client.keyId, now + 1_000)).not.toBeNull();
      expect(spy).not.toHaveBeenCalled();
    } finally {
      await db.destroy();
      await database.drop();
    }
  }, 60_000);
});

describe('logs', () => {
  it('carry request ids and no personal data, on success, bad input and internal errors alike', async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.url);
    const lines: string[] = [];
    const logger = createLogger('trace', 'test-api', { write: (line: string) => void lines.push(line) });
    const api = await startApi(config, logger);
    const db = await openDatabase(config);
    const personal = { phone: '090-7777-3131', email: 'kiyoshi.private@example.ne.jp', ip: '198.51.100.77', name: '秘密 清', line1: '秘密町9-9-9' };
    const application = anApplication({
      externalId: 'log-1',
      registrant: { name: { kanji: personal.name }, phone: personal.phone, email: personal.email, address: { line1: personal.line1 } },
      signup: { ip: personal.ip, port: 40000 },
    });
    try {
      const client = await addClient(db, config);
      expect((await postScreening(api.baseUrl, client, JSON.stringify(application))).status).toBe(200);
      expect((await postScreening(api.baseUrl, client, JSON.stringify({ ...application, externalId: 'log-2', extra: personal.email }))).status).toBe(422);
      await db.query(`CREATE FUNCTION test_fail() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused' USING DETAIL = NEW.body::text; END $$`);
      // The database error's detail holds the whole application: it must not reach the log.
      await db.query('CREATE TRIGGER test_fail BEFORE INSERT ON applications FOR EACH ROW EXECUTE FUNCTION test_fail()');
      expect((await postScreening(api.baseUrl, client, JSON.stringify({ ...application, externalId: 'log-3' }))).status).toBe(500);
    } finally {
      await api.close();
      await db.destroy();
      await deleteQueueKeys(config.redisUrl, config.queuePrefix);
      await database.drop();
    }
    const text = lines.join('');
    expect(text).toContain('"reqId"');
    expect(text).toContain('unhandled error');
    for (const value of [...Object.values(personal), '+819077773131', '198.51.100']) expect(text).not.toContain(value);
    // The caller's address is personal data too (the server's own listening address may appear).
    expect(text).not.toMatch(/remoteAddress|remotePort|"hostname"/);
  });
});

describe('a secret sealed under another master key', () => {
  it('cannot authenticate (401, not 500) and is reported, and a reissued secret works again', async () => {
    const database = await createTestDatabase();
    const config = testConfig(database.url);
    const db = await openDatabase(config);
    const lines: string[] = [];
    const api = await startApi(config, createLogger('error', 'test-api', { write: (line: string) => void lines.push(line) }));
    try {
      const otherKeys = new MasterKeys(Buffer.alloc(32, 9));
      const client = await new ClientDirectory(db, otherKeys).add('sealed-elsewhere', null);
      const response = await postScreening(api.baseUrl, client, JSON.stringify(anApplication()));
      expect(response.status).toBe(401);
      expect(lines.join('')).toContain('cannot be opened with this SHINSA_MASTER_KEY');
      const reissued = await new ClientDirectory(db, new MasterKeys(config.masterKey)).reissue(client.keyId);
      // Re-issued in another directory: the api hears of it and loads the new secret.
      await waitFor(async () => ((await postScreening(api.baseUrl, reissued, JSON.stringify(anApplication()))).status === 200 ? true : undefined), 'the api to accept the re-issued secret');
    } finally {
      await api.close();
      await db.destroy();
      await deleteQueueKeys(config.redisUrl, config.queuePrefix);
      await database.drop();
    }
  });
});
