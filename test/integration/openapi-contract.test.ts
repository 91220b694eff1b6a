import { randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type AppConfig } from '../../src/app/config/config';
import { signRequest, signedHeaders } from '../../src/app/crypto/signature';
import { EkycHeader } from '../../src/app/ekyc/generic-hmac';
import { AbuseReportService } from '../../src/app/review/abuse-reports';
import { CaseService } from '../../src/app/review/case-service';
import type { Actor } from '../../src/app/review/case-types';
import { ReviewerDirectory } from '../../src/app/review/reviewers';
import { anUnlinkedApplication } from '../support/factories';
import { startDeliveringService, type DeliveringService } from '../support/delivering-service';
import { TcpProxy, type CallbackReceiver } from '../support/faults';
import { mountedRoutes, OpenApiContract } from '../support/openapi-contract';
import { testEnvironment } from '../support/service-env';
import { addClient, deleteQueueKeys, getSigned, postSigned, startApi, waitFor, type RunningApi, type TestClient } from '../support/service';

const EKYC_SECRET = 'e'.repeat(40);
const EKYC_SETTINGS = { SHINSA_EKYC_GENERIC_SECRET: EKYC_SECRET, SHINSA_EKYC_GENERIC_VERIFY_URL: 'https://ekyc.example/verify/{request}?method={method}' };
const EKYC_PATH = '/v1/ekyc/callbacks/generic';

/** An eKYC vendor's result callback, signed as the generic adapter's vendor signs it. */
function ekycCallback(baseUrl: string, body: string, options: { secret?: string; contentType?: string } = {}): Promise<Response> {
  const timestamp = Math.floor(Date.now() / 1000);
  return fetch(`${baseUrl}${EKYC_PATH}`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      [EkycHeader.Timestamp]: String(timestamp),
      [EkycHeader.Signature]: signRequest(options.secret ?? EKYC_SECRET, timestamp, { method: 'POST', path: EKYC_PATH, body }),
    },
    body,
  });
}

// Real parts: the api on a port (twice: the second reaches PostgreSQL through a proxy that is cut
// and has a rate limit of 2 a minute), PostgreSQL, Redis, a `shinsa worker` process delivering
// callbacks to an HTTP receiver. What is checked: the document /docs/openapi.json publishes.
describe('the published OpenAPI document', () => {
  let service: DeliveringService;
  let api: RunningApi;
  let db: DataSource;
  let receiver: CallbackReceiver;
  let holder: TestClient;
  let reporter: TestClient;
  let contract: OpenApiContract;
  let reviewer: Actor;

  const url = (path: string) => `${api.baseUrl}${path}`;

  /** Screens an application for the holder; the answer is checked against the document too. */
  const screen = async (application: unknown) => contract.response(await postSigned(api.baseUrl, '/v1/screenings', holder, JSON.stringify(application)), 'POST', '/v1/screenings');

  /** Waits for the callback of one type about one subject, then checks it. */
  const callbackOf = async (type: string, about: (data: Record<string, unknown>) => boolean) => {
    const delivered = await waitFor(
      async () =>
        [...receiver.accepted.values()].find((callback) => {
          const message = JSON.parse(callback.body) as { type: string; data: Record<string, unknown> };
          return message.type === type && about(message.data);
        }),
      `a ${type} callback`,
    );
    return contract.callback(delivered, holder.callbackSecret!);
  };

  beforeAll(async () => {
    service = await startDeliveringService({ SHINSA_BODY_LIMIT_BYTES: '65536', ...EKYC_SETTINGS });
    ({ api, db, receiver } = service);
    holder = await addClient(db, service.config, receiver.url);
    reporter = await addClient(db, service.config);
    const { reviewer: created } = await new ReviewerDirectory(db).add({ login: 'contract-lead', role: 'lead' }, 'test');
    reviewer = { id: created.id, login: created.login, role: created.role };
    const published = await fetch(url('/docs/openapi.json'));
    expect(published.status).toBe(200);
    contract = new OpenApiContract(await published.json());
  });

  afterAll(async () => service?.stop());

  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    expect(await validator.validate(contract.document)).toEqual({ valid: true });
    expect(validator.version).toBe('3.1');
  });

  it('documents every route the api mounts outside the reviewer UI, and nothing else', () => {
    const mounted = mountedRoutes(api.app).filter((route) => !route.split(' ')[1]!.startsWith('/review'));
    const documented = Object.entries(contract.document.paths as Record<string, object>).flatMap(([path, item]) => Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`));
    expect(mounted.length).toBeGreaterThan(5);
    expect(documented.sort()).toEqual(mounted);
  });

  it('POST /v1/screenings and GET /v1/screenings/{id}: answers and problems', async () => {
    const check = (response: Response) => contract.response(response, 'POST', '/v1/screenings');
    const application = JSON.stringify(anUnlinkedApplication('contract', 1, { domain: { name: 'smbc-card-login.jp' } }));
    const key = randomUUID();
    const screened = await check(await postSigned(api.baseUrl, '/v1/screenings', holder, application, { idempotencyKey: key }));
    expect(screened.caseId).toEqual(expect.any(String));
    const replay = await postSigned(api.baseUrl, '/v1/screenings', holder, application, { idempotencyKey: key });
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(await check(replay)).toEqual(screened);

    expect((await check(await postSigned(api.baseUrl, '/v1/screenings', holder, '{"externalId":', {}))).code).toBe('INVALID_JSON');
    expect((await check(await postSigned(api.baseUrl, '/v1/screenings', holder, application, { idempotencyKey: null }))).code).toBe('MISSING_IDEMPOTENCY_KEY');
    expect((await check(await postSigned(api.baseUrl, '/v1/screenings', { ...holder, secret: 'not the secret' }, application))).code).toBe('UNAUTHENTICATED');
    expect((await check(await postSigned(api.baseUrl, '/v1/screenings', holder, application.replace('smbc', 'mufg'), { idempotencyKey: key }))).code).toBe('IDEMPOTENCY_CONFLICT');
    expect((await check(await postSigned(api.baseUrl, '/v1/screenings', holder, JSON.stringify({ padding: 'x'.repeat(70_000) })))).code).toBe('PAYLOAD_TOO_LARGE');
    expect((await check(await postSigned(api.baseUrl, '/v1/screenings', holder, application, { contentType: 'text/plain' }))).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const invalid = await check(await postSigned(api.baseUrl, '/v1/screenings', holder, JSON.stringify({ externalId: 'x', product: 'domain', registrant: { emial: 'a@b.jp' } })));
    expect(invalid).toMatchObject({ code: 'INVALID_APPLICATION', status: 422 });
    expect(invalid.errors.map((error: { field: string }) => error.field).sort()).toEqual(['domain', 'registrant.emial']);

    // The customer account: the published schema and the service agree on it, and a bad one is a 422 naming the field.
    const account = { id: 'acct-000123', openedAt: '2019-04-01T09:00:00+09:00', domainCount: 12, reseller: false };
    const withAccount = anUnlinkedApplication('contract', 6, { account });
    contract.request(withAccount, 'POST', '/v1/screenings');
    expect(await check(await postSigned(api.baseUrl, '/v1/screenings', holder, JSON.stringify(withAccount)))).toMatchObject({ externalId: 'contract-6', revision: 1 });
    const fieldsOf = async (badAccount: unknown) => {
      const problem = await check(await postSigned(api.baseUrl, '/v1/screenings', holder, JSON.stringify({ ...anUnlinkedApplication('contract', 7), account: badAccount })));
      expect(problem).toMatchObject({ code: 'INVALID_APPLICATION', status: 422 });
      return problem.errors.map((error: { field: string }) => error.field).sort();
    };
    expect(await fieldsOf({ ...account, domainCount: -1, reseller: 'yes' })).toEqual(['account.domainCount', 'account.reseller']);
    expect(await fieldsOf({ ...account, openedAt: '2019-04-01' })).toEqual(['account.openedAt']);
    expect(await fieldsOf({ id: 'acct-000123', domainCount: 1, reseller: true, opened: '2019-04-01T09:00:00Z' })).toEqual(['account.opened', 'account.openedAt']);
    expect(await fieldsOf({ ...account, openedAt: new Date(Date.now() + 60 * 60_000).toISOString() })).toEqual(['account.openedAt']);
    // Within the clock skew a client's clock slightly ahead is accepted.
    expect(await check(await postSigned(api.baseUrl, '/v1/screenings', holder, JSON.stringify(anUnlinkedApplication('contract', 8, { account: { ...account, openedAt: new Date(Date.now() + 60_000).toISOString() } }))))).toMatchObject({ revision: 1 });

    const find = (path: string, client: TestClient = holder) => getSigned(api.baseUrl, client, path).then((response) => contract.response(response, 'GET', '/v1/screenings/{id}'));
    expect(await find(`/v1/screenings/${screened.id}`)).toMatchObject({ id: screened.id, revision: 1, verdict: null });
    expect((await find(`/v1/screenings/${screened.id}`, reporter)).code).toBe('NOT_FOUND');
    expect((await find('/v1/screenings/%00')).code).toBe('BAD_REQUEST');
    expect((await find(`/v1/screenings/${screened.id}`, { ...holder, keyId: 'nobody' })).code).toBe('UNAUTHENTICATED');
  });

  it('POST /v1/labels and /v1/abuse-reports: answers and problems', async () => {
    const screened = await screen(anUnlinkedApplication('contract', 2));
    for (const [path, body, status] of [
      ['/v1/labels', { applicationId: screened.id, verdict: 'legitimate', source: 'contract-test' }, 201],
      ['/v1/abuse-reports', { domain: 'unknown-to-shinsa.example', category: 'spam', reporter: { name: '報告 太郎' } }, 201],
    ] as const) {
      const check = (response: Response) => contract.response(response, 'POST', path);
      const key = randomUUID();
      const raw = JSON.stringify(body);
      expect((await postSigned(api.baseUrl, path, holder, raw, { idempotencyKey: key })).status).toBe(status);
      const replay = await postSigned(api.baseUrl, path, holder, raw, { idempotencyKey: key });
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      await check(replay);
      expect((await check(await postSigned(api.baseUrl, path, holder, `${raw}!`))).code).toBe('INVALID_JSON');
      expect((await check(await postSigned(api.baseUrl, path, holder, JSON.stringify({ ...body, note: 'other' }), { idempotencyKey: key }))).code).toBe('IDEMPOTENCY_CONFLICT');
      expect((await check(await postSigned(api.baseUrl, path, { ...holder, secret: 'wrong' }, raw))).code).toBe('UNAUTHENTICATED');
      expect((await check(await postSigned(api.baseUrl, path, holder, JSON.stringify({ ...body, note: 'x'.repeat(70_000) })))).code).toBe('PAYLOAD_TOO_LARGE');
      expect((await check(await postSigned(api.baseUrl, path, holder, raw, { contentType: 'text/plain' }))).code).toBe('UNSUPPORTED_MEDIA_TYPE');
      expect((await check(await postSigned(api.baseUrl, path, holder, JSON.stringify({ ...body, verdikt: 'fraud' })))).errors).toContainEqual({ field: 'verdikt', message: 'unknown field' });
    }
    const unknown = await postSigned(api.baseUrl, '/v1/labels', reporter, JSON.stringify({ applicationId: screened.id, verdict: 'fraud', source: 'contract-test' }));
    expect((await contract.response(unknown, 'POST', '/v1/labels')).code).toBe('NOT_FOUND');
  });

  it('every callback: screening.assessed, ekyc.requested, the vendor’s result, case.decided', async () => {
    const screened = await screen(anUnlinkedApplication('contract', 3, { domain: { name: 'smbc-card-kakunin.jp' } }));
    expect(screened.caseId).toEqual(expect.any(String));
    expect((await callbackOf('screening.assessed', (data) => data.applicationId === screened.id)).data).toMatchObject({ caseId: screened.caseId, revision: 1 });

    const cases = api.app.get(CaseService);
    await cases.claim(screened.caseId, reviewer);
    const { ekycRequestId } = await cases.requestEkyc(screened.caseId, reviewer, 'mynumber_card_ic');
    expect((await callbackOf('ekyc.requested', (data) => data.ekycRequestId === ekycRequestId)).data).toMatchObject({ caseId: screened.caseId, domain: 'smbc-card-kakunin.jp' });

    const check = (response: Response) => contract.response(response, 'POST', '/v1/ekyc/callbacks/{provider}');
    const result = JSON.stringify({ requestId: ekycRequestId, vendorReference: 'VND-1', result: 'passed', checks: [{ check: 'face_match', passed: true }], completedAt: new Date().toISOString() });
    expect(await check(await ekycCallback(api.baseUrl, result))).toEqual({ caseId: screened.caseId, recorded: true });
    expect(await check(await ekycCallback(api.baseUrl, result))).toEqual({ caseId: screened.caseId, recorded: false });
    expect((await check(await ekycCallback(api.baseUrl, result.replace('"passed"', '"failed"')))).code).toBe('CONFLICT');
    expect((await check(await ekycCallback(api.baseUrl, result.replace(ekycRequestId, randomUUID())))).code).toBe('NOT_FOUND');
    expect((await check(await ekycCallback(api.baseUrl, result, { secret: 'f'.repeat(40) }))).code).toBe('UNAUTHENTICATED');
    expect((await check(await ekycCallback(api.baseUrl, result.replace('"checks"', '"image":"AAAA","checks"')))).code).toBe('INVALID_APPLICATION');
    expect((await check(await ekycCallback(api.baseUrl, '{"requestId"'))).code).toBe('INVALID_JSON');
    expect((await check(await ekycCallback(api.baseUrl, result, { contentType: 'text/plain' }))).code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect((await check(await ekycCallback(api.baseUrl, JSON.stringify({ padding: 'x'.repeat(70_000) })))).code).toBe('PAYLOAD_TOO_LARGE');
    const elsewhere = await fetch(url('/v1/ekyc/callbacks/acme'), { method: 'POST', headers: { 'content-type': 'application/json' }, body: result });
    expect((await check(elsewhere)).code).toBe('NOT_FOUND');

    await cases.claim(screened.caseId, reviewer);
    await cases.decide(screened.caseId, reviewer, { decision: 'reject', reasonCode: 'BRAND_ABUSE', note: 'not the brand’s owner' });
    expect((await callbackOf('case.decided', (data) => data.caseId === screened.caseId)).data).toMatchObject({ decision: 'rejected', reasonCode: 'BRAND_ABUSE' });
  });

  it('every callback: screening.reassessed after a label, abuse.reported and abuse.confirmed after a report', async () => {
    const card = `sha256:${randomUUID()}`;
    const earlier = await screen(anUnlinkedApplication('contract', 4, { payment: { fingerprint: card } }));
    const labelled = await screen(anUnlinkedApplication('contract', 5, { payment: { fingerprint: card } }));
    const label = await postSigned(api.baseUrl, '/v1/labels', holder, JSON.stringify({ applicationId: labelled.id, verdict: 'fraud', source: 'chargeback' }));
    const { labels } = await contract.response(label, 'POST', '/v1/labels');
    const labelledNow = await contract.response(await getSigned(api.baseUrl, holder, `/v1/screenings/${labelled.id}`), 'GET', '/v1/screenings/{id}');
    expect(labelledNow).toMatchObject({ id: labelled.id, verdict: { verdict: 'fraud', source: 'chargeback', labelledAt: expect.any(String) } });
    const reassessed = await callbackOf('screening.reassessed', (data) => data.applicationId === earlier.id);
    expect(reassessed.data).toMatchObject({ trigger: `label:${labels[0].id}`, previousOutcome: earlier.outcome, reasons: expect.arrayContaining(['LINKED_TO_FRAUD']) });

    const held = await screen(anUnlinkedApplication('contract', 6, { domain: { name: 'rakuten-card-info.jp' } }));
    const report = await postSigned(api.baseUrl, '/v1/abuse-reports', reporter, JSON.stringify({ domain: 'rakuten-card-info.jp', category: 'phishing', url: 'https://rakuten-card-info.jp/login', reporter: { email: 'abuse@isp.example' } }));
    const answered = await contract.response(report, 'POST', '/v1/abuse-reports');
    expect(answered).toMatchObject({ applicationId: null, state: 'pending' });
    expect((await callbackOf('abuse.reported', (data) => data.abuseReportId === answered.id)).data).toMatchObject({ applicationId: held.id, url: 'https://rakuten-card-info.jp/login' });
    await api.app.get(AbuseReportService).decide(reviewer, answered.id, 'confirm', 'phishing kit seen');
    expect((await callbackOf('abuse.confirmed', (data) => data.abuseReportId === answered.id)).data).toMatchObject({ applicationId: held.id, category: 'phishing' });
  });

  it('GET /healthz, /readyz and /metrics', async () => {
    expect(await contract.response(await fetch(url('/healthz')), 'GET', '/healthz')).toEqual({ status: 'ok' });
    expect(await contract.response(await fetch(url('/readyz')), 'GET', '/readyz')).toEqual({ status: 'ready', checks: { database: 'up', redis: 'up' } });
    expect(await contract.response(await fetch(url('/metrics')), 'GET', '/metrics')).toMatch(/^# HELP /m);
  });

  describe('over the rate limit, and with the database cut off', () => {
    let proxy: TcpProxy;
    let faulty: RunningApi;
    let faultyConfig: AppConfig;

    beforeAll(async () => {
      const direct = new URL(service.databaseUrl);
      proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port) });
      direct.port = String(proxy.port);
      faultyConfig = loadConfig(testEnvironment(direct.toString(), { SHINSA_RATE_LIMIT_PER_MINUTE: '2', SHINSA_DB_CONNECT_TIMEOUT_MS: '2000', ...EKYC_SETTINGS }));
      faulty = await startApi(faultyConfig);
    });

    afterAll(async () => {
      await faulty?.close();
      await proxy?.down();
      await deleteQueueKeys(faultyConfig.redisUrl, faultyConfig.queuePrefix);
    });

    const signedRoutes = (application: string) =>
      [
        ['POST', '/v1/screenings', '/v1/screenings', application],
        ['GET', '/v1/screenings/{id}', `/v1/screenings/${randomUUID()}`, ''],
        ['POST', '/v1/labels', '/v1/labels', JSON.stringify({ applicationId: randomUUID(), verdict: 'fraud', source: 'contract-test' })],
        ['POST', '/v1/abuse-reports', '/v1/abuse-reports', JSON.stringify({ domain: 'example.jp', category: 'spam', reporter: {} })],
      ] as const;

    const send = (client: TestClient, method: string, path: string, body: string) =>
      method === 'GET' ? getSigned(faulty.baseUrl, client, path) : postSigned(faulty.baseUrl, path, client, body);

    it('answers 429 with Retry-After on every signed route once a client is over its limit', async () => {
      const busy = await addClient(db, faultyConfig);
      for (let index = 0; index < 2; index += 1) expect((await send(busy, 'GET', `/v1/screenings/${randomUUID()}`, '')).status).toBe(404);
      for (const [method, documented, path, body] of signedRoutes(JSON.stringify(anUnlinkedApplication('contract', 7)))) {
        expect((await contract.response(await send(busy, method, path, body), method, documented)).code).toBe('RATE_LIMITED');
      }
    });

    it('answers 503 with Retry-After on every route that needs the database, and readyz says not ready', async () => {
      const client = await addClient(db, faultyConfig);
      const result = JSON.stringify({ requestId: randomUUID(), vendorReference: 'VND-2', result: 'passed', completedAt: new Date().toISOString() });
      await proxy.down();
      for (const [method, documented, path, body] of signedRoutes(JSON.stringify(anUnlinkedApplication('contract', 8)))) {
        expect((await contract.response(await send(client, method, path, body), method, documented)).code).toBe('UNAVAILABLE');
      }
      expect((await contract.response(await ekycCallback(faulty.baseUrl, result), 'POST', '/v1/ekyc/callbacks/{provider}')).code).toBe('UNAVAILABLE');
      expect(await contract.response(await fetch(`${faulty.baseUrl}/readyz`), 'GET', '/readyz')).toEqual({ status: 'not ready', checks: { database: 'down', redis: 'up' } });
    });
  });

  it('was checked on every answer and every callback it documents', () => {
    expect([...contract.checkedResponses].sort()).toEqual(contract.documentedResponses().sort());
    expect([...contract.checkedCallbacks].sort()).toEqual(contract.documentedCallbacks().sort());
    expect(contract.documentedCallbacks().length).toBeGreaterThanOrEqual(6);
  });

  it('answers signed requests with the headers the document names', () => {
    // The signing headers the document describes are the ones shinsa's own signer sends.
    const parameters = contract.document.paths['/v1/screenings'].post.parameters.map((parameter: { name: string }) => parameter.name.toLowerCase());
    expect(Object.keys(signedHeaders('k', 's', { method: 'POST', path: '/v1/screenings', idempotencyKey: 'i', body: '' })).sort()).toEqual(parameters.sort());
  });
});
