import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { LOCAL_REDIS_URL, loadConfig, type AppConfig } from '../../src/app/config/config';

/** The PostgreSQL and Redis the integration tests use: the machine's real ones. */
export const TEST_SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432';
/** The migrated template every test file clones; TEST_TEMPLATE_DATABASE lets two checkouts test at once. */
export const TEMPLATE_DATABASE_URL = `${TEST_SERVER_URL}/${process.env.TEST_TEMPLATE_DATABASE ?? 'shinsa_test'}`;
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? LOCAL_REDIS_URL;

/** A fixed key for tests only; production keys come from the environment and have no default. */
export const TEST_MASTER_KEY = 'a'.repeat(64);

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

export function adminDatabaseUrl(): string {
  return `${TEST_SERVER_URL}/postgres`;
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminDatabaseUrl() });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A database of this test file's own, cloned from the migrated template; dropped by `drop()`. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `shinsa_t_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${databaseName(TEMPLATE_DATABASE_URL)}"`));
  return {
    url: `${TEST_SERVER_URL}/${name}`,
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(() => undefined),
  };
}

/** Configuration for a test process: its own database and queue prefix, quiet logs. */
export function testConfig(databaseUrl: string, overrides: Record<string, string> = {}): AppConfig {
  return loadConfig(testEnvironment(databaseUrl, overrides));
}

export function testEnvironment(databaseUrl: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    REDIS_URL: TEST_REDIS_URL,
    SHINSA_MASTER_KEY: TEST_MASTER_KEY,
    SHINSA_MIGRATE_ON_START: 'false',
    SHINSA_LOG_LEVEL: 'silent',
    // A test never wants the nightly rescan to fire because it happens to run at 03:00 JST.
    SHINSA_RESCAN_SCHEDULE: 'false',
    // A loaded machine can take seconds to accept a connection; tests wait rather than fail.
    SHINSA_DB_CONNECT_TIMEOUT_MS: '15000',
    SHINSA_QUEUE_PREFIX: `t${randomBytes(4).toString('hex')}`,
    PORT: '0',
    ...overrides,
  };
}
