import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { newWebhookSecret } from '../../src/app/crypto/standard-webhooks';
import { anUnlinkedApplication } from '../support/factories';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, openDatabase, startApi, type RunningApi, type TestClient } from '../support/service';

const root = path.resolve(__dirname, '..', '..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** The ```js block right after `<!-- marker … -->` in the README, as the reader copies it. */
function snippet(marker: string): string {
  const found = new RegExp(`<!-- ${marker}[^>]*-->\\s*\`\`\`js\\n([\\s\\S]*?)\`\`\``).exec(readme);
  if (!found) throw new Error(`README has no ${marker} block`);
  return found[1]!;
}

/** Runs a snippet as a CommonJS module of this checkout and returns the functions it declares. */
function load<T>(code: string, names: readonly string[]): T {
  const run = new Function('require', `${code}\nreturn { ${names.join(', ')} };`);
  return run(createRequire(path.join(root, 'package.json'))) as T;
}

// Real parts: the api on a port, PostgreSQL, Redis; the README's own code, copied as a reader would.
describe('the README snippets', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url);
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

  it('signs a POST and a GET the api accepts, and verifies what it signs', async () => {
    type Signer = {
      screen: (baseUrl: string, keyId: string, secret: string, application: unknown) => Promise<{ id: string; revision: number }>;
      latest: (baseUrl: string, keyId: string, secret: string, id: string) => Promise<{ id: string }>;
      shinsaHeaders: (request: Record<string, unknown>) => Record<string, string>;
      verifyShinsaRequest: (request: Record<string, unknown>) => boolean;
    };
    const { screen, latest, shinsaHeaders, verifyShinsaRequest } = load<Signer>(snippet('node-signer'), ['screen', 'latest', 'shinsaHeaders', 'verifyShinsaRequest']);
    const screened = await screen(api.baseUrl, client.keyId, client.secret, anUnlinkedApplication('readme', 1));
    expect(screened).toMatchObject({ id: expect.any(String), revision: 1 });
    expect(await latest(api.baseUrl, client.keyId, client.secret, screened.id)).toMatchObject({ id: screened.id });
    const body = '{"a":1}';
    const headers = shinsaHeaders({ keyId: 'k', secret: 's', method: 'post', path: '/v1/labels', body, idempotencyKey: 'key-1' });
    expect(verifyShinsaRequest({ headers, method: 'POST', path: '/v1/labels', body, secrets: ['s'] })).toBe(true);
    expect(verifyShinsaRequest({ headers, method: 'POST', path: '/v1/abuse-reports', body, secrets: ['s'] })).toBe(false);
    expect(verifyShinsaRequest({ headers: { ...headers, 'idempotency-key': 'key-2' }, method: 'POST', path: '/v1/labels', body, secrets: ['s'] })).toBe(false);
  });

  it('verifies a Standard Webhooks callback without a dependency, as the official library does', () => {
    const { verifyShinsaCallback } = load<{ verifyShinsaCallback: (raw: string, headers: Record<string, string>, secret: string) => unknown }>(snippet('node-callback-verifier'), ['verifyShinsaCallback']);
    const secret = newWebhookSecret();
    const body = JSON.stringify({ type: 'screening.assessed', timestamp: new Date().toISOString(), data: { applicationId: 'a' } });
    const now = new Date();
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(Math.floor(now.getTime() / 1000)), 'webhook-signature': new Webhook(secret).sign('msg_1', now, body) };
    expect(verifyShinsaCallback(body, headers, secret)).toMatchObject({ type: 'screening.assessed' });
    expect(() => verifyShinsaCallback(body.replace('"a"', '"b"'), headers, secret)).toThrow(/does not match/);
    expect(() => verifyShinsaCallback(body, headers, newWebhookSecret())).toThrow(/does not match/);
  });
});
