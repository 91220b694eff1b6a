import { reviewPolicyOf } from '../../src/app/review/case-policy';
import type { ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { driverPool } from '../../src/app/database/data-source';
import { extractAttributes } from '../../src/app/linkage/attributes';
import { HistoryScreener } from '../../src/app/linkage/history-screener';
import { LinkageLookup, hashAttributes, phoneNumbersOf } from '../../src/app/linkage/linkage-lookup';
import { LabelPropagation, Rescreener } from '../../src/app/linkage/rescreener';
import { Screener } from '../../src/screening/screener';
import type { Application } from '../../src/engine';
import { anApplication } from '../support/factories';
import { spawnWorker, stopProcess } from '../support/faults';
import { createTestDatabase, testEnvironment } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, postSigned, startApi, waitFor, type RunningApi, type TestClient } from '../support/service';

// Real parts: the api on a port, PostgreSQL, Redis and a `shinsa worker` process for propagation.
describe('linkage and labels', () => {
  let database: { url: string; drop: () => Promise<void> };
  let env: Record<string, string>;
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;
  let worker: ChildProcess | undefined;
  let sequence = 0;

  /** A clean individual with details of its own; share some by passing them. */
  const applicant = (overrides: Parameters<typeof anApplication>[0] = {}): Application => {
    sequence += 1;
    const n = String(sequence).padStart(4, '0');
    // Details of its own: numbers far apart, names from no common template.
    const phone = `+81 90-${1000 + ((sequence * 7919) % 9000)}-${1000 + ((sequence * 104729) % 9000)}`;
    const surnames = ['takahashi', 'watanabe', 'yamamoto', 'nakamura', 'kobayashi', 'yoshida', 'yamaguchi', 'matsumoto', 'inoue', 'kimura', 'hayashi', 'shimizu'];
    const givens = ['haruka', 'kenichi', 'misaki', 'takeshi', 'ayumi', 'daisuke'];
    return anApplication({
      externalId: `lk-${n}`,
      domain: { name: `${surnames[sequence % surnames.length]}${givens[Math.floor(sequence / surnames.length) % givens.length]}.jp`, nameservers: [`ns1.own-${n}.example.net`] },
      verification: { sms: { number: phone } },
      signup: { ip: `126.${sequence % 250}.7.9`, port: 40000 + sequence },
      payment: { fingerprint: `sha256:card-${n}` },
      ...overrides,
      // Only the details a test names are shared: the rest of the registrant stays its own.
      registrant: { email: `hanako.sato.${n}@yahoo.co.jp`, phone, address: { line1: `千代田1-${sequence}-1` }, ...overrides.registrant },
    } as Parameters<typeof anApplication>[0]);
  };

  const screen = async (application: Application) => {
    const response = await postScreening(api.baseUrl, client, JSON.stringify(application));
    expect(response.status).toBe(200);
    return json(response);
  };

  const postLabel = async (body: unknown) =>
    postSigned(api.baseUrl, '/v1/labels', client, JSON.stringify(body));

  const reasons = (body: { hits: { reason: string }[] }) => body.hits.map((hit) => hit.reason);

  beforeAll(async () => {
    database = await createTestDatabase();
    env = testEnvironment(database.url, { SHINSA_WORKER_LOCK_MS: '2000', SHINSA_RELAY_INTERVAL_MS: '200' });
    config = loadConfig(env);
    api = await startApi(config);
    db = await openDatabase(config);
    client = await addClient(db, config);
  });

  afterAll(async () => {
    if (worker) await stopProcess(worker);
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('names an earlier application of another registrant that shared a mailbox, folded as the provider folds it; the same registrant returning is no reuse', async () => {
    const first = await screen(applicant({ registrant: { email: 'taro.suzuki@gmail.com' } }));
    const other = await screen(applicant({ registrant: { name: { kanji: '鈴木 一郎', kana: null, romaji: null }, email: 'Taro.Suzuki+shop2@gmail.com' } }));
    expect(reasons(first)).not.toContain('LINKED_DETAILS_REUSED');
    expect(reasons(other)).toContain('LINKED_DETAILS_REUSED');
    expect(other.hits.find((hit: { reason: string }) => hit.reason === 'LINKED_DETAILS_REUSED').detail).toContain(first.id);
  });

  it('links an address written in another form, ignoring the room', async () => {
    const first = await screen(applicant({ registrant: { name: { kanji: '田中 健', kana: null, romaji: null }, address: { postalCode: '100-0001', line1: '千代田一丁目9番9号', line2: 'ハイツ101' } } }));
    const second = await screen(applicant({ registrant: { name: { kanji: '中村 誠', kana: null, romaji: null }, address: { postalCode: '100-0001', line1: '千代田１－９－９', line2: '305号室' } } }));
    expect(second.hits.find((hit: { reason: string }) => hit.reason === 'LINKED_DETAILS_REUSED')?.detail).toContain(first.id);
  });

  it('sees consecutive SIM numbers and a domain series across applications', async () => {
    const numbers = ['+81 70-4410-2201', '+81 70-4410-2202', '+81 70-4410-2204'];
    const results = [];
    for (const [index, phone] of numbers.entries()) {
      results.push(await screen(applicant({ domain: { name: `qxzshopping-jp${index + 1}.com` }, registrant: { phone }, verification: { sms: { number: phone } } })));
    }
    const last = results[2];
    expect(reasons(last)).toEqual(expect.arrayContaining(['LINKED_CONSECUTIVE_PHONES', 'DOMAIN_SERIES']));
    expect(last.hits.find((hit: { reason: string }) => hit.reason === 'LINKED_CONSECUTIVE_PHONES').detail).toContain(results[0].id);
  });

  it('turns a fraud label into a strong link for the next application, and a correction takes it back', async () => {
    const phone = '+81 80-6620-1188';
    const labelled = await screen(applicant({ registrant: { phone } }));
    const response = await postLabel({ applicationId: labelled.id, verdict: 'fraud', source: 'abuse-desk', evidenceUrl: 'https://example.jp/phish', note: 'phishing kit' });
    expect(response.status).toBe(201);
    expect((await json(response)).labels).toEqual([{ id: expect.any(String), applicationId: labelled.id }]);

    const next = await screen(applicant({ registrant: { phone } }));
    expect(reasons(next)).toContain('LINKED_TO_FRAUD');
    expect(next.hits.find((hit: { reason: string }) => hit.reason === 'LINKED_TO_FRAUD').detail).toContain(labelled.id);
    expect(['review', 'hold', 'deny']).toContain(next.outcome);

    expect((await postLabel({ applicationId: labelled.id, verdict: 'legitimate', source: 'reviewer-correction' })).status).toBe(201);
    const after = await screen(applicant({ registrant: { phone } }));
    expect(reasons(after)).not.toContain('LINKED_TO_FRAUD');
  });

  it('links a signup device: a fraud label on one device flags the next signup from it, and six in an hour are a burst', async () => {
    // Each signup with a mailbox and nameservers of its own, so the device is all they share.
    const own = (n: number, signup: Record<string, unknown>): Application => {
      const application = applicant({ domain: { name: `${['kawa', 'yama', 'mori', 'umi', 'sora', 'hana', 'take', 'ishi', 'kaze'][n % 9]}-kobo${n}.jp`, nameservers: [`ns1.device-${n}.example.net`] }, signup } as Parameters<typeof applicant>[0]);
      return { ...application, registrant: { ...application.registrant, email: `owner@device-${n}.example.jp` } } as Application;
    };
    const deviceId = 'fp-9c41e07a2b';
    const labelled = await screen(own(1, { ip: '126.200.7.9', port: 41000, deviceId }));
    expect((await postLabel({ applicationId: labelled.id, verdict: 'fraud', source: 'abuse-desk' })).status).toBe(201);
    const next = await screen(own(2, { ip: '126.201.7.9', port: 41001, deviceId: ` ${deviceId} ` }));
    const link = next.hits.find((hit: { reason: string }) => hit.reason === 'LINKED_TO_FRAUD');
    expect(link?.detail).toContain('signup device');
    expect(link?.detail).toContain(labelled.id);
    const unrelated = await screen(own(3, { ip: '126.202.7.9', port: 41002, deviceId: 'fp-other-device' }));
    expect(reasons(unrelated)).not.toContain('LINKED_TO_FRAUD');
    // Take the label back: the name and AS it shares with every applicant here must not weigh on later tests.
    expect((await postLabel({ applicationId: labelled.id, verdict: 'legitimate', source: 'reviewer-correction' })).status).toBe(201);

    let last;
    for (let index = 0; index < 6; index += 1) last = await screen(own(10 + index, { ip: `126.210.${index}.9`, port: 42000 + index, deviceId: 'fp-busy-device' }));
    expect(last.hits.find((hit: { reason: string }) => hit.reason === 'LINKED_BURST')?.detail).toContain('other registrants with this signup device in the last hour');
  });

  it('lowers nothing with a label on a legitimate application', async () => {
    const fraudEmail = 'campaign.box@example-mail.jp';
    const fraud = await screen(applicant({ registrant: { email: fraudEmail } }));
    expect((await postLabel({ applicationId: fraud.id, verdict: 'fraud', source: 'abuse-desk' })).status).toBe(201);
    const bystander = await screen(applicant());
    expect((await postLabel({ applicationId: bystander.id, verdict: 'legitimate', source: 'ekyc' })).status).toBe(201);
    const next = await screen(applicant({ registrant: { email: fraudEmail } }));
    expect(reasons(next)).toContain('LINKED_TO_FRAUD');
  });

  it('propagates a label through the queue: the worker re-screens applications sharing strong details and opens cases', async () => {
    const card = 'sha256:card-shared-campaign';
    const earlier = await screen(applicant({ payment: { fingerprint: card } }));
    const labelled = await screen(applicant({ payment: { fingerprint: card } }));
    expect(earlier.hits.map((hit: { reason: string }) => hit.reason)).not.toContain('LINKED_TO_FRAUD');
    expect(earlier.outcome).toBe('allow');
    worker = spawnWorker(env);
    expect((await postLabel({ applicationId: labelled.id, verdict: 'fraud', source: 'chargeback' })).status).toBe(201);

    const reassessed = await waitFor(async () => {
      const rows = await db.query(`SELECT outcome, hits, trigger FROM assessments WHERE application_id = $1 AND trigger LIKE 'label:%'`, [earlier.id]);
      return rows[0];
    }, 'the re-screening of the linked application');
    expect(reassessed.hits.map((hit: { reason: string }) => hit.reason)).toContain('LINKED_TO_FRAUD');
    const cases = await db.query(`SELECT c.state, c.outcome, e.type, e.reason FROM cases c JOIN case_events e ON e.case_id = c.id WHERE c.application_id = $1`, [earlier.id]);
    expect(cases).toEqual([{ state: 'open', outcome: reassessed.outcome, type: 'opened', reason: expect.stringMatching(/^label:.* allow → /) }]);
    const [event] = await db.query(`SELECT payload FROM outbox WHERE aggregate_id = $1 AND topic = 'screening.reassessed'`, [earlier.id]);
    expect(event.payload).toEqual({
      applicationId: earlier.id,
      externalId: earlier.externalId,
      trigger: reassessed.trigger,
      outcome: reassessed.outcome,
      previousOutcome: 'allow',
      score: expect.any(Number),
      rulesVersion: earlier.rulesVersion,
      caseId: expect.any(String),
      reasons: expect.arrayContaining(['LINKED_TO_FRAUD']),
    });

    // The same propagation again (a retried job) changes nothing more.
    const before = Number((await db.query('SELECT count(*) AS n FROM assessments WHERE application_id = $1', [earlier.id]))[0].n);
    const [label] = await db.query(`SELECT id FROM labels WHERE application_id = $1`, [labelled.id]);
    const screener = new Screener();
    const history = new HistoryScreener(screener, new LinkageLookup(() => driverPool(db)), new MasterKeys(config.masterKey));
    const propagation = new LabelPropagation(db, new Rescreener(db, history, reviewPolicyOf(screener.engine.rules)));
    expect(await propagation.propagate(label.id)).toMatchObject({ changed: 0, worsened: 0 });
    expect(Number((await db.query('SELECT count(*) AS n FROM assessments WHERE application_id = $1', [earlier.id]))[0].n)).toBe(before);
    expect(Number((await db.query('SELECT count(*) AS n FROM cases WHERE application_id = $1', [earlier.id]))[0].n)).toBe(1);
  });

  it('counts within the hour, day and 30-day windows and lets labels decay with time', async () => {
    const phone = '+81 90-3131-7070';
    const stored = await screen(applicant({ registrant: { phone } }));
    expect((await postLabel({ applicationId: stored.id, verdict: 'fraud', source: 'abuse-desk' })).status).toBe(201);
    const lookup = new LinkageLookup(() => driverPool(db));
    const attributes = extractAttributes(applicant({ registrant: { phone } }), {});
    const query = (asOf: Date) => lookup.factsFor({ attributes: hashAttributes(new MasterKeys(config.masterKey), attributes), identityKeys: [], phoneNumbers: phoneNumbersOf(attributes), domainName: null, asOf, self: null });
    const phoneFacts = async (hoursLater: number) => (await query(new Date(Date.now() + hoursLater * 3_600_000))).linkage.attributes.find((attribute) => attribute.kind === 'phone');

    expect((await phoneFacts(0))?.earlier).toEqual({ hour: 1, day: 1, month: 1 });
    expect((await phoneFacts(2))?.earlier).toEqual({ hour: 0, day: 1, month: 1 });
    expect((await phoneFacts(48))?.earlier).toEqual({ hour: 0, day: 0, month: 1 });
    const late = await phoneFacts(24 * 31);
    expect(late?.earlier).toEqual({ hour: 0, day: 0, month: 0 });
    // The label is still there, older: the engine's half-life decides what it is worth.
    expect(late?.fraudLabels[0]?.ageHours).toBeGreaterThan(24 * 30);
    expect((await query(new Date(Date.now() - 3_600_000))).linkage.attributes.find((attribute) => attribute.kind === 'phone')).toBeUndefined();
  });

  describe('POST /v1/labels and /v1/abuse-reports', () => {
    it('refuses a label naming both an application and a domain, an unknown application, or another client\'s', async () => {
      const own = await screen(applicant());
      const both = await postLabel({ applicationId: own.id, domain: 'x.jp', verdict: 'fraud', source: 's' });
      expect(both.status).toBe(422);
      expect((await json(both)).errors).toEqual([{ field: 'applicationId', message: 'give exactly one of applicationId and domain' }]);
      expect((await postLabel({ applicationId: '00000000-0000-4000-8000-000000000000', verdict: 'fraud', source: 's' })).status).toBe(404);
      const stranger = await addClient(db, config);
      const body = JSON.stringify({ applicationId: own.id, verdict: 'fraud', source: 's' });
      const foreign = await postSigned(api.baseUrl, '/v1/labels', stranger, body);
      expect(foreign.status).toBe(404);
      expect((await postLabel({ applicationId: own.id, verdict: 'maybe', source: 's' })).status).toBe(422);
    });

    it('labels every application of a domain', async () => {
      const named = await screen(applicant({ domain: { name: 'labelled-by-domain.jp' } }));
      const response = await postLabel({ domain: 'Labelled-By-Domain.jp', verdict: 'fraud', source: 'abuse-desk' });
      expect(response.status).toBe(201);
      expect((await json(response)).labels.map((label: { applicationId: string }) => label.applicationId)).toEqual([named.id]);
    });

    it('stores an abuse report, linked to the domain\'s application, pending a reviewer', async () => {
      const reported = await screen(applicant({ domain: { name: 'reported-phish.jp' } }));
      const body = JSON.stringify({ domain: 'reported-phish.jp', category: 'phishing', url: 'https://reported-phish.jp/login', reporter: { organization: 'JPCERT/CC' }, reportedAt: '2026-11-27T09:00:00+09:00' });
      const response = await postSigned(api.baseUrl, '/v1/abuse-reports', client, body);
      expect(response.status).toBe(201);
      const created = await json(response);
      expect(created).toEqual({ id: expect.any(String), applicationId: reported.id, state: 'pending' });
      const [row] = await db.query('SELECT category, state, reported_at FROM abuse_reports WHERE id = $1', [created.id]);
      expect(row).toMatchObject({ category: 'phishing', state: 'pending' });
      expect(row.reported_at.toISOString()).toBe('2026-11-27T00:00:00.000Z');
      const bad = JSON.stringify({ domain: 'x', category: 'rumour', reporter: {} });
      const refused = await postSigned(api.baseUrl, '/v1/abuse-reports', client, bad);
      expect(refused.status).toBe(422);
      expect((await json(refused)).errors.map((error: { field: string }) => error.field)).toEqual(expect.arrayContaining(['domain', 'category']));
    });
  });
});
