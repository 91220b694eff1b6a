import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { driverPool } from '../../src/app/database/data-source';
import { routeAbuseReport } from '../../src/app/labels/labels.service';
import { HistoryScreener } from '../../src/app/linkage/history-screener';
import { LinkageLookup } from '../../src/app/linkage/linkage-lookup';
import { LabelPropagation, Rescreener } from '../../src/app/linkage/rescreener';
import { reviewPolicyOf } from '../../src/app/review/case-policy';
import type { Application } from '../../src/engine';
import { Screener } from '../../src/screening/screener';
import { anApplication } from '../support/factories';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, getScreening, json, openDatabase, postScreening, postSigned, startApi, type RunningApi, type TestClient } from '../support/service';

/** A problem body without what differs on every request (its request id). */
const comparable = (problem: Record<string, unknown>) => ({ ...problem, requestId: undefined });

// Real parts: the api on a port, PostgreSQL, Redis. Two registrars, A and B, on one shinsa: for
// every client-facing endpoint, B can neither read, write nor learn of A's applications.
describe('two clients on one shinsa', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let a: TestClient;
  let b: TestClient;
  let sequence = 0;

  const applicant = (tag: string, overrides: Parameters<typeof anApplication>[0] = {}): Application => {
    sequence += 1;
    const phone = `+81 90-${2000 + ((sequence * 7919) % 7000)}-${3000 + ((sequence * 104729) % 6000)}`;
    return anApplication({
      externalId: `${tag}-${sequence}`,
      domain: { name: `${tag}-shop${sequence}.jp`, nameservers: [`ns1.${tag}${sequence}.example.net`] },
      registrant: { email: `owner${sequence}@${tag}${sequence}.example.ne.jp`, phone, address: { line1: `千代田2-${sequence}-1` } },
      verification: { sms: { number: phone } },
      signup: { ip: `126.${sequence % 250}.9.9`, port: 41000 + sequence },
      payment: { fingerprint: `sha256:${tag}-card-${sequence}` },
      ...overrides,
    } as Parameters<typeof anApplication>[0]);
  };
  const screen = async (client: TestClient, application: Application) => {
    const response = await postScreening(api.baseUrl, client, JSON.stringify(application));
    expect(response.status).toBe(200);
    return json(response);
  };
  const count = async (sql: string, params: unknown[]): Promise<number> => Number((await db.query(`SELECT count(*) AS n FROM ${sql}`, params))[0].n);

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '100000' });
    api = await startApi(config);
    db = await openDatabase(config);
    a = await addClient(db, config);
    b = await addClient(db, config);
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  describe('GET /v1/screenings/:id', () => {
    it("answers B's request for A's screening exactly as for an id that does not exist", async () => {
      const held = await screen(a, applicant('get'));
      const foreign = await getScreening(api.baseUrl, b, held.id);
      const unknown = await getScreening(api.baseUrl, b, randomUUID());
      expect([foreign.status, unknown.status]).toEqual([404, 404]);
      const [foreignProblem, unknownProblem] = [await json(foreign), await json(unknown)];
      expect({ ...comparable(foreignProblem), instance: undefined }).toEqual({ ...comparable(unknownProblem), instance: undefined });
      expect((await getScreening(api.baseUrl, a, held.id)).status).toBe(200);
    });

    it("shows A's newest label on A's application beside its assessment, and B's labels never", async () => {
      const label = async (client: TestClient, applicationId: string, verdict: 'fraud' | 'legitimate', source: string) =>
        postSigned(api.baseUrl, '/v1/labels', client, JSON.stringify({ applicationId, verdict, source }));
      const held = await screen(a, applicant('verdict'));
      const own = await screen(b, applicant('verdict'));
      expect(held.outcome).toBe('allow');
      expect(await json(await getScreening(api.baseUrl, a, held.id))).toMatchObject({ id: held.id, outcome: 'allow', verdict: null });

      expect((await label(a, held.id, 'fraud', 'chargeback')).status).toBe(201);
      const labelled = await json(await getScreening(api.baseUrl, a, held.id));
      // The labelled application itself is not re-screened: the verdict is what tells the registrar.
      expect(labelled).toMatchObject({ id: held.id, outcome: 'allow', verdict: { verdict: 'fraud', source: 'chargeback', labelledAt: expect.any(String) } });
      expect(Date.parse(labelled.verdict.labelledAt)).toBeGreaterThan(Date.now() - 60_000);

      // B cannot label A's application, and its labels on its own never show on A's.
      expect((await label(b, held.id, 'legitimate', 'b-desk')).status).toBe(404);
      expect((await label(b, own.id, 'legitimate', 'b-desk')).status).toBe(201);
      expect((await json(await getScreening(api.baseUrl, a, held.id))).verdict).toMatchObject({ verdict: 'fraud', source: 'chargeback' });
      expect((await json(await getScreening(api.baseUrl, b, own.id))).verdict).toMatchObject({ verdict: 'legitimate', source: 'b-desk' });
      expect((await getScreening(api.baseUrl, b, held.id)).status).toBe(404);

      // A correction by A replaces the verdict.
      expect((await label(a, held.id, 'legitimate', 'customer-verified')).status).toBe(201);
      expect((await json(await getScreening(api.baseUrl, a, held.id))).verdict).toMatchObject({ verdict: 'legitimate', source: 'customer-verified' });
    });
  });

  describe('POST /v1/screenings', () => {
    it("keeps external ids per client: B's submission under A's external id is B's own application, not a revision of A's", async () => {
      const shared = applicant('ext');
      const mine = await screen(a, shared);
      const theirs = await screen(b, { ...shared, registrant: { ...shared.registrant, email: 'other@example.jp' } });
      expect(theirs.id).not.toBe(mine.id);
      expect(theirs.revision).toBe(1);
      const [row] = await db.query('SELECT revision, body FROM applications WHERE id = $1', [mine.id]);
      expect(row.revision).toBe(1);
      expect(row.body.registrant.email).toBe(shared.registrant!.email);
    });

    it("uses A's fraud label against B's applicant sharing the phone, without naming A's application in B's answer", async () => {
      const phone = '+81 80-5151-2727';
      const labelled = await screen(a, applicant('intel', { registrant: { phone }, verification: { sms: { number: phone } } }));
      expect((await postSigned(api.baseUrl, '/v1/labels', a, JSON.stringify({ applicationId: labelled.id, verdict: 'fraud', source: 'abuse-desk' }))).status).toBe(201);
      const linked = await screen(b, applicant('intel-b', { registrant: { phone }, verification: { sms: { number: phone } } }));
      const link = linked.hits.find((hit: { reason: string }) => hit.reason === 'LINKED_TO_FRAUD');
      expect(link).toBeDefined();
      expect(JSON.stringify(linked)).not.toContain(labelled.id);
      expect(link.detail).toMatch(/1 application\(s\)/);
      // GET answers the same way; the reviewers' stored assessment keeps the id.
      expect(JSON.stringify(await json(await getScreening(api.baseUrl, b, linked.id)))).not.toContain(labelled.id);
      const [stored] = await db.query(`SELECT hits FROM assessments WHERE application_id = $1`, [linked.id]);
      expect(JSON.stringify(stored.hits)).toContain(labelled.id);
    });
  });

  describe('POST /v1/labels', () => {
    it("answers a label of A's application by id exactly as for an unknown id, and writes nothing", async () => {
      const held = await screen(a, applicant('lbl-id'));
      const foreign = await postSigned(api.baseUrl, '/v1/labels', b, JSON.stringify({ applicationId: held.id, verdict: 'fraud', source: 'probe' }));
      const unknown = await postSigned(api.baseUrl, '/v1/labels', b, JSON.stringify({ applicationId: randomUUID(), verdict: 'fraud', source: 'probe' }));
      expect([foreign.status, unknown.status]).toEqual([404, 404]);
      expect(comparable(await json(foreign))).toEqual(comparable(await json(unknown)));
      expect(await count('labels WHERE application_id = $1', [held.id])).toBe(0);
    });

    it("answers a label of A's domain exactly as for an unknown domain: B can neither mark nor clear A's applications", async () => {
      const held = await screen(a, applicant('lbl-dom', { domain: { name: 'held-by-a.jp' } }));
      expect((await postSigned(api.baseUrl, '/v1/labels', a, JSON.stringify({ applicationId: held.id, verdict: 'fraud', source: 'a-desk' }))).status).toBe(201);
      for (const verdict of ['fraud', 'legitimate']) {
        const foreign = await postSigned(api.baseUrl, '/v1/labels', b, JSON.stringify({ domain: 'held-by-a.jp', verdict, source: 'probe' }));
        const unknown = await postSigned(api.baseUrl, '/v1/labels', b, JSON.stringify({ domain: 'nobody-holds-this.jp', verdict, source: 'probe' }));
        expect([foreign.status, unknown.status]).toEqual([404, 404]);
        const [foreignProblem, unknownProblem] = [await json(foreign), await json(unknown)];
        expect(comparable({ ...foreignProblem, detail: foreignProblem.detail.replace('held-by-a.jp', 'D') })).toEqual(comparable({ ...unknownProblem, detail: unknownProblem.detail.replace('nobody-holds-this.jp', 'D') }));
      }
      // A's fraud mark stands: only A's label is on A's application.
      expect(await db.query('SELECT verdict, client_id FROM labels WHERE application_id = $1', [held.id])).toEqual([{ verdict: 'fraud', client_id: a.id }]);
      expect(await count(`attribute_labels WHERE application_id = $1 AND verdict = 'fraud'`, [held.id])).toBeGreaterThan(0);
    });

    it("lowers only B's own marks with a legitimate label: A's fraud label keeps linking the shared phone", async () => {
      const phone = '+81 80-4242-1919';
      const fraud = await screen(a, applicant('legit', { registrant: { phone }, verification: { sms: { number: phone } } }));
      expect((await postSigned(api.baseUrl, '/v1/labels', a, JSON.stringify({ applicationId: fraud.id, verdict: 'fraud', source: 'a-desk' }))).status).toBe(201);
      const own = await screen(b, applicant('legit-b', { registrant: { phone }, verification: { sms: { number: phone } } }));
      expect((await postSigned(api.baseUrl, '/v1/labels', b, JSON.stringify({ applicationId: own.id, verdict: 'legitimate', source: 'b-desk' }))).status).toBe(201);
      const next = await screen(b, applicant('legit-b2', { registrant: { phone }, verification: { sms: { number: phone } } }));
      expect(next.hits.map((hit: { reason: string }) => hit.reason)).toContain('LINKED_TO_FRAUD');
      expect(await count(`attribute_labels WHERE application_id = $1 AND verdict = 'fraud'`, [fraud.id])).toBeGreaterThan(0);
    });

    it("keeps Idempotency-Keys per client and answers a replay of B's own label from the stored answer", async () => {
      const own = await screen(b, applicant('lbl-key'));
      const key = randomUUID();
      const body = JSON.stringify({ applicationId: own.id, verdict: 'fraud', source: 'b-desk' });
      const first = await postSigned(api.baseUrl, '/v1/labels', b, body, { idempotencyKey: key });
      const again = await postSigned(api.baseUrl, '/v1/labels', b, body, { idempotencyKey: key });
      expect([first.status, again.status]).toEqual([201, 201]);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await json(again)).toEqual(await json(first));
      expect(await count('labels WHERE application_id = $1', [own.id])).toBe(1);
      const conflict = await postSigned(api.baseUrl, '/v1/labels', b, JSON.stringify({ applicationId: own.id, verdict: 'legitimate', source: 'b-desk' }), { idempotencyKey: key });
      expect(conflict.status).toBe(409);
      // A may use the same key for its own request.
      const held = await screen(a, applicant('lbl-key-a'));
      expect((await postSigned(api.baseUrl, '/v1/labels', a, JSON.stringify({ applicationId: held.id, verdict: 'fraud', source: 'a-desk' }), { idempotencyKey: key })).status).toBe(201);
      expect((await postSigned(api.baseUrl, '/v1/labels', b, body, { idempotencyKey: null })).status).toBe(400);
    });

    it("re-screens A's linked applications after B's fraud label, telling A without naming B's label or application", async () => {
      const card = 'sha256:card-shared-across-registrars';
      const heldByA = await screen(a, applicant('prop', { payment: { fingerprint: card } }));
      const labelledByB = await screen(b, applicant('prop-b', { payment: { fingerprint: card } }));
      const response = await postSigned(api.baseUrl, '/v1/labels', b, JSON.stringify({ applicationId: labelledByB.id, verdict: 'fraud', source: 'chargeback' }));
      const labelId = (await json(response)).labels[0].id;
      const screener = new Screener();
      const history = new HistoryScreener(screener, new LinkageLookup(() => driverPool(db)), new MasterKeys(config.masterKey));
      await new LabelPropagation(db, new Rescreener(db, history, reviewPolicyOf(screener.engine.rules))).propagate(labelId);
      const [event] = await db.query(`SELECT client_id, payload FROM outbox WHERE aggregate_id = $1 AND topic = 'screening.reassessed'`, [heldByA.id]);
      expect(event.client_id).toBe(a.id);
      expect(event.payload.trigger).toBe('label');
      expect(event.payload.reasons).toContain('LINKED_TO_FRAUD');
      expect(JSON.stringify(event.payload)).not.toContain(labelledByB.id);
      expect(JSON.stringify(event.payload)).not.toContain(labelId);
      expect(JSON.stringify(await json(await getScreening(api.baseUrl, a, heldByA.id)))).not.toContain(labelledByB.id);
    });
  });

  describe('POST /v1/abuse-reports', () => {
    const report = (domain: string) => JSON.stringify({ domain, category: 'phishing', url: `https://${domain}/login`, reporter: { name: 'Reporter Person', email: 'reporter@example.jp' }, note: 'seen in a campaign' });

    it("answers B's report about A's domain exactly as one about an unknown domain, and routes it to A", async () => {
      const held = await screen(a, applicant('abuse', { domain: { name: 'abused-by-a.jp' } }));
      const foreign = await postSigned(api.baseUrl, '/v1/abuse-reports', b, report('abused-by-a.jp'));
      const unknown = await postSigned(api.baseUrl, '/v1/abuse-reports', b, report('never-seen-anywhere.jp'));
      expect([foreign.status, unknown.status]).toEqual([201, 201]);
      const [foreignBody, unknownBody] = [await json(foreign), await json(unknown)];
      expect({ ...foreignBody, id: 'x' }).toEqual({ ...unknownBody, id: 'x' });
      expect(foreignBody.applicationId).toBeNull();
      // The same statements ran for both: each report queued its routing.
      for (const id of [foreignBody.id, unknownBody.id]) expect(await count(`outbox WHERE topic = 'abuse-report.received' AND aggregate_id = $1`, [id])).toBe(1);

      // Linked to A's application for the reviewers, and routed to A's desk without the reporter.
      expect((await db.query('SELECT application_id, client_id FROM abuse_reports WHERE id = $1', [foreignBody.id]))[0]).toEqual({ application_id: held.id, client_id: b.id });
      expect(await routeAbuseReport(db, foreignBody.id)).toEqual({ routed: true });
      expect(await routeAbuseReport(db, foreignBody.id)).toEqual({ routed: true });
      expect(await routeAbuseReport(db, unknownBody.id)).toEqual({ routed: false });
      const routed = await db.query(`SELECT client_id, payload FROM outbox WHERE topic = 'abuse.reported' AND aggregate_id = $1`, [held.id]);
      expect(routed).toHaveLength(1);
      expect(routed[0]).toEqual({
        client_id: a.id,
        payload: { abuseReportId: foreignBody.id, applicationId: held.id, externalId: held.externalId, domain: 'abused-by-a.jp', category: 'phishing', url: 'https://abused-by-a.jp/login', reportedAt: expect.any(String) },
      });
      expect(JSON.stringify(routed[0].payload)).not.toMatch(/Reporter Person|reporter@example\.jp|campaign/);
    });

    it("gives B its own application's id for a report about its own domain, and routes nothing", async () => {
      const own = await screen(b, applicant('abuse-own', { domain: { name: 'held-by-b.jp' } }));
      const response = await postSigned(api.baseUrl, '/v1/abuse-reports', b, report('held-by-b.jp'));
      const body = await json(response);
      expect(body).toEqual({ id: expect.any(String), applicationId: own.id, state: 'pending' });
      expect(await routeAbuseReport(db, body.id)).toEqual({ routed: false });
    });
  });
});
