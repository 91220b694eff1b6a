import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createApi } from '../../src/app/api/create-api';
import { ClientDirectory } from '../../src/app/clients/client-directory';
import type { AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { signedHeaders } from '../../src/app/crypto/signature';
import { createDataSource } from '../../src/app/database/data-source';
import { createLogger } from '../../src/app/observability/logger';
import { PATIENCE_MS } from './patience';

export interface RunningApi {
  readonly app: NestFastifyApplication;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** The real api on a free port: Fastify, PostgreSQL, Redis. */
export async function startApi(config: AppConfig, logger = createLogger('silent', 'test-api')): Promise<RunningApi> {
  const app = await createApi(config, logger);
  await app.listen({ port: config.port, host: '127.0.0.1' });
  const address = app.getHttpServer().address() as AddressInfo;
  return { app, baseUrl: `http://127.0.0.1:${address.port}`, close: () => app.close() };
}

/** A DataSource for assertions on what the service stored. */
export async function openDatabase(config: AppConfig): Promise<DataSource> {
  return createDataSource({ ...config, dbPoolSize: 4 }, 'shinsa-test').initialize();
}

export interface TestClient {
  readonly keyId: string;
  readonly secret: string;
  /** The row id (cases, active domains and outbox rows name the client by it). */
  readonly id: string;
  /** The callback endpoint's whsec_ secret, for a client added with a callback URL. */
  readonly callbackSecret?: string;
}

export async function addClient(dataSource: DataSource, config: AppConfig, callbackUrl: string | null = null): Promise<TestClient> {
  return new ClientDirectory(dataSource, new MasterKeys(config.masterKey)).add(`client-${randomUUID()}`, callbackUrl);
}

export interface SignedRequestOptions {
  readonly idempotencyKey?: string | null;
  readonly timestamp?: number;
  readonly contentType?: string;
  readonly headers?: Record<string, string>;
}

/** POSTs a JSON body to a signed route (a new Idempotency-Key each time unless one is given), signed as a registrar signs it (v2). */
export async function postSigned(baseUrl: string, route: string, client: Pick<TestClient, 'keyId' | 'secret'>, body: string | Buffer, options: SignedRequestOptions = {}): Promise<Response> {
  const idempotencyKey = options.idempotencyKey === undefined ? randomUUID() : (options.idempotencyKey ?? undefined);
  return fetch(`${baseUrl}${route}`, {
    method: 'POST',
    headers: {
      'content-type': options.contentType ?? 'application/json',
      ...signedHeaders(client.keyId, client.secret, { method: 'POST', path: route, idempotencyKey, body }, options.timestamp),
      ...options.headers,
    },
    body,
  });
}

/** POSTs an application to the webhook, signed as a registrar would sign it. */
export async function postScreening(baseUrl: string, client: Pick<TestClient, 'keyId' | 'secret'>, body: string | Buffer, options: SignedRequestOptions = {}): Promise<Response> {
  return postSigned(baseUrl, '/v1/screenings', client, body, options);
}

/** A signed GET (empty body) of a path with its query. */
export async function getSigned(baseUrl: string, client: Pick<TestClient, 'keyId' | 'secret'>, path: string): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { headers: signedHeaders(client.keyId, client.secret, { method: 'GET', path, body: '' }) });
}

export async function getScreening(baseUrl: string, client: Pick<TestClient, 'keyId' | 'secret'>, id: string): Promise<Response> {
  return getSigned(baseUrl, client, `/v1/screenings/${id}`);
}

/**
 * Submits the review UI's login form as a browser would: the form's cookie and CSRF token from a
 * GET, then the POST, its redirect not followed (303 to `next` on success).
 */
export async function submitReviewLogin(baseUrl: string, login: string, password: string): Promise<Response> {
  const form = await fetch(`${baseUrl}/review/login`);
  const cookie = (form.headers.get('set-cookie') ?? '').split(';')[0]!;
  const token = /name="_csrf" value="([^"]+)"/.exec(await form.text())![1]!;
  return fetch(`${baseUrl}/review/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    body: new URLSearchParams({ _csrf: token, login, password, next: '/review' }).toString(),
    redirect: 'manual',
  });
}

/** Deletes a test file's BullMQ keys from the shared Redis (the benches clear theirs with it too). */
export { deleteQueueKeys } from '../../src/bench/queue-keys';

/** Polls until `probe` gives a value; fails naming `what` after `timeoutMs`. */
export async function waitFor<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = PATIENCE_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A response body as JSON, typed loosely for assertions. */
 
export async function json(response: Response): Promise<any> {
  return response.json();
}
