import type { ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '../../src/app/config/config';
import { CallbackReceiver, spawnWorker, stopProcess } from './faults';
import { createTestDatabase, testEnvironment } from './service-env';
import { deleteQueueKeys, openDatabase, startApi, type RunningApi } from './service';

/** A worker that relays and retries quickly, for tests that wait for callbacks. */
const FAST_WORKER = { SHINSA_WORKER_LOCK_MS: '2000', SHINSA_RELAY_INTERVAL_MS: '200', SHINSA_CALLBACK_BACKOFF_MS: '300' } as const;

/** What a registrar's integration talks to: the api on a port and a `shinsa worker` delivering callbacks to a receiver. */
export interface DeliveringService {
  readonly databaseUrl: string;
  readonly config: AppConfig;
  readonly api: RunningApi;
  /** For assertions on what the service stored. */
  readonly db: DataSource;
  readonly receiver: CallbackReceiver;
  stop(): Promise<void>;
}

/** Starts the api and a worker process on a database of their own (real PostgreSQL and Redis), with a callback receiver. */
export async function startDeliveringService(settings: Record<string, string> = {}): Promise<DeliveringService> {
  const database = await createTestDatabase();
  const receiver = await CallbackReceiver.start();
  const env = testEnvironment(database.url, { ...FAST_WORKER, ...settings });
  const config = loadConfig(env);
  const api = await startApi(config);
  const db = await openDatabase(config);
  const worker: ChildProcess = spawnWorker(env);
  return {
    databaseUrl: database.url,
    config,
    api,
    db,
    receiver,
    async stop() {
      await stopProcess(worker);
      await api.close();
      await db.destroy();
      await receiver.close();
      await deleteQueueKeys(config.redisUrl, config.queuePrefix);
      await database.drop();
    },
  };
}
