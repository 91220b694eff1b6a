import type { ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type AppConfig } from '../../src/app/config/config';
import { Webhook } from 'standardwebhooks';
import { webhookId } from '../../src/app/queue/callback-delivery';
import { anApplication } from '../support/factories';
import { CallbackReceiver, PrivateRedis, TcpProxy, spawnWorker, stopProcess } from '../support/faults';
import { createTestDatabase, testEnvironment } from '../support/service-env';
import { addClient, deleteQueueKeys, openDatabase, postScreening, startApi, waitFor, type RunningApi } from '../support/service';
import { json } from '../support/service';

// Real parts: PostgreSQL, redis-server processes, the api on a port, `shinsa worker` processes, an
// HTTP receiver. Faults are real too: a Redis server stopped and started, a worker killed with
// SIGKILL mid-delivery, every PostgreSQL connection cut.

const fastWorker = { SHINSA_WORKER_LOCK_MS: '2000', SHINSA_RELAY_INTERVAL_MS: '200', SHINSA_CALLBACK_BACKOFF_MS: '300' };

describe('when Redis is down', () => {
  let database: { url: string; drop: () => Promise<void> };
  let redis: PrivateRedis;
  let receiver: CallbackReceiver;
  let env: Record<string, string>;
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let worker: ChildProcess | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = await PrivateRedis.start();
    receiver = await CallbackReceiver.start();
    env = testEnvironment(database.url, { REDIS_URL: redis.url, ...fastWorker });
    config = loadConfig(env);
    api = await startApi(config);
    db = await openDatabase(config);
  });

  afterAll(async () => {
    if (worker) await stopProcess(worker);
    await api?.close();
    await db?.destroy();
    await receiver?.close();
    await redis?.destroy();
    await database?.drop();
  });

  it('keeps accepting, and delivers the callback exactly once when Redis is back', async () => {
    const client = await addClient(db, config, receiver.url);
    let log = '';
    worker = spawnWorker({ ...env, SHINSA_LOG_LEVEL: 'warn' }, (text) => (log += text));
    // The worker is up and relaying before Redis goes away.
    const before = await json(await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'redis-up-before' }))));
    const [beforeRow] = await db.query('SELECT id::text AS id FROM outbox WHERE aggregate_id = $1', [before.id]);
    await waitFor(async () => receiver.accepted.get(webhookId(beforeRow.id)), 'the callback sent before Redis stopped');
    await redis.stop();

    const response = await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'redis-down-1', domain: { name: 'smbc-card-login.jp' } })));
    expect(response.status).toBe(200);
    const { id } = await json(response);
    // Accepted into PostgreSQL; the outbox holds the event while the queue is unreachable: the
    // worker's relay has tried (and said so) and the row is still there, undelivered.
    await waitFor(async () => (log.includes('outbox relay waiting') ? true : undefined), "the worker's relay to find the queue unreachable");
    const [pending] = await db.query('SELECT id::text AS id, dispatched_at FROM outbox WHERE aggregate_id = $1', [id]);
    expect(pending.dispatched_at).toBeNull();
    expect(receiver.requests.filter((request) => request.deliveryId === webhookId(pending.id))).toHaveLength(0);

    await redis.start();
    const delivered = await waitFor(async () => receiver.accepted.get(webhookId(pending.id)), 'the callback after Redis came back');
    // A Standard Webhooks message, verified by the official npm library with the endpoint's whsec_ secret.
    const verified = new Webhook(client.callbackSecret!).verify(delivered.body, delivered.headers as Record<string, string>);
    expect(verified).toMatchObject({ type: 'screening.assessed', timestamp: expect.any(String), data: { applicationId: id, externalId: 'redis-down-1' } });
    expect(() => new Webhook(client.callbackSecret!).verify(delivered.body.replace('redis-down-1', 'redis-down-2'), delivered.headers as Record<string, string>)).toThrow();
    expect(delivered.headers['x-shinsa-signature']).toBeUndefined();
    // Once a later event has gone all the way through the relay and the queue, the first was not sent again.
    const later = await json(await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'redis-down-later' }))));
    const [laterRow] = await db.query('SELECT id::text AS id FROM outbox WHERE aggregate_id = $1', [later.id]);
    await waitFor(async () => receiver.accepted.get(webhookId(laterRow.id)), 'the callback of a later screening');
    expect(receiver.requests.filter((request) => request.deliveryId === webhookId(pending.id))).toHaveLength(1);
    const [row] = await db.query('SELECT delivered_at IS NOT NULL AS delivered, delivery_state FROM outbox WHERE id = $1', [pending.id]);
    expect(row).toEqual({ delivered: true, delivery_state: 'delivered' });
    expect(await db.query('SELECT attempt, status_code, succeeded, finished_at IS NOT NULL AS closed, webhook_id FROM callback_attempts WHERE outbox_id = $1', [pending.id])).toEqual([
      { attempt: 1, status_code: 200, succeeded: true, closed: true, webhook_id: webhookId(pending.id) },
    ]);
  });
});

describe('when a worker is killed mid-delivery', () => {
  let database: { url: string; drop: () => Promise<void> };
  let receiver: CallbackReceiver;
  let env: Record<string, string>;
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    receiver = await CallbackReceiver.start();
    env = testEnvironment(database.url, fastWorker);
    config = loadConfig(env);
    api = await startApi(config);
    db = await openDatabase(config);
  });

  afterAll(async () => {
    for (const worker of workers) await stopProcess(worker);
    await api?.close();
    await db?.destroy();
    await receiver?.close();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('delivers the callback after a restart: nothing is lost', async () => {
    const client = await addClient(db, config, receiver.url);
    receiver.hangNext();
    const firstRequest = receiver.nextRequest();
    workers.push(spawnWorker(env));
    const response = await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'worker-killed-1' })));
    const { id } = await json(response);
    const [event] = await db.query('SELECT id::text AS id FROM outbox WHERE aggregate_id = $1', [id]);

    // The worker is inside the HTTP call when it dies.
    const inFlight = await firstRequest;
    expect(inFlight.deliveryId).toBe(webhookId(event.id));
    await stopProcess(workers[0]!, 'SIGKILL');
    expect(receiver.accepted.size).toBe(0);
    // The attempt was written before the call: the one cut off is on record, open (it may have reached the receiver).
    expect(await db.query('SELECT attempt, finished_at, succeeded FROM callback_attempts WHERE outbox_id = $1', [event.id])).toEqual([{ attempt: 1, finished_at: null, succeeded: null }]);

    workers.push(spawnWorker(env));
    const delivered = await waitFor(async () => receiver.accepted.get(webhookId(event.id)), 'the redelivery by the new worker');
    expect(JSON.parse(delivered.body).data.applicationId).toBe(id);
    const [row] = await waitFor(async () => {
      const rows = await db.query(`SELECT delivery_state FROM outbox WHERE id = $1 AND delivered_at IS NOT NULL`, [event.id]);
      return rows.length > 0 ? rows : undefined;
    }, 'the outbox row marked delivered');
    expect(row.delivery_state).toBe('delivered');
    expect(receiver.accepted.size).toBe(1);
    // Every request the receiver saw has its attempt row: the cut-off one open, the redelivery closed.
    const attempts: { finished: boolean; succeeded: boolean | null }[] = await db.query('SELECT finished_at IS NOT NULL AS finished, succeeded FROM callback_attempts WHERE outbox_id = $1 ORDER BY id', [event.id]);
    expect(attempts.length).toBeGreaterThanOrEqual(receiver.requests.filter((request) => request.deliveryId === webhookId(event.id)).length);
    expect(attempts[0]).toEqual({ finished: false, succeeded: null });
    expect(attempts.at(-1)).toEqual({ finished: true, succeeded: true });
  });
});

describe('when PostgreSQL is down', () => {
  let database: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    const direct = new URL(database.url);
    proxy = await TcpProxy.start({ host: direct.hostname, port: Number(direct.port || 5432) });
    const proxied = new URL(database.url);
    proxied.port = String(proxy.port);
    config = loadConfig(testEnvironment(proxied.toString(), { SHINSA_DB_CONNECT_TIMEOUT_MS: '5000' }));
    api = await startApi(config);
    db = await openDatabase(loadConfig(testEnvironment(database.url)));
  });

  afterEach(async () => {
    await proxy.up().catch(() => {});
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await proxy?.down();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('answers 503 with Retry-After, accepts nothing, and recovers when the database is back', async () => {
    const client = await addClient(db, config);
    expect((await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'pg-before' })))).status).toBe(200);

    await proxy.down();
    const refused = await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'pg-down' })));
    expect(refused.status).toBe(503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await json(refused)).toMatchObject({ code: 'UNAVAILABLE' });
    expect((await fetch(`${api.baseUrl}/readyz`)).status).toBe(503);
    expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);

    await proxy.up();
    const accepted = await waitFor(async () => {
      const response = await postScreening(api.baseUrl, client, JSON.stringify(anApplication({ externalId: 'pg-after' })));
      return response.status === 200 ? response : undefined;
    }, 'the api to recover');
    expect(accepted.status).toBe(200);
    const stored = (await db.query('SELECT external_id FROM applications ORDER BY received_at')).map((row: { external_id: string }) => row.external_id);
    expect(stored).toEqual(['pg-before', 'pg-after']);
  });
});
