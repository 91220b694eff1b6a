import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { MIGRATIONS } from './migrations';

export type DatabaseConfig = Pick<AppConfig, 'databaseUrl' | 'dbPoolSize' | 'dbConnectTimeoutMs'>;

/**
 * The one place a DataSource is configured: the api, the worker, the CLI and the tests use it.
 * `queryTimeoutMs` bounds a query stuck behind a dead server (30 s for requests); bulk work (an
 * import's COPY, a rescan's planning) passes its own, 0 for none.
 */
export function createDataSource(config: DatabaseConfig, applicationName = 'shinsa', queryTimeoutMs = 30_000): DataSource {
  return new DataSource({
    type: 'postgres',
    url: config.databaseUrl,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: false,
    applicationName,
    extra: {
      max: config.dbPoolSize,
      connectionTimeoutMillis: config.dbConnectTimeoutMs,
      // A query stuck behind a dead server must fail, not hang the request.
      ...(queryTimeoutMs > 0 ? { query_timeout: queryTimeoutMs } : {}),
    },
  });
}

/** The pg pool under a DataSource, for hot statements run as named prepared statements. */
export function driverPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}

/**
 * A pool for the hot path's named prepared statements (the screening insert, the linkage look-up),
 * whose sessions use generic plans. PostgreSQL otherwise re-plans such a statement on every
 * execution whenever the generic plan's estimated cost is higher than a custom plan's — it was for
 * the look-up, whose planning took longer than its run — although both plans are the same index
 * range scans. Other queries keep the DataSource's pool and its custom plans.
 */
export function createStatementPool(config: DatabaseConfig, applicationName: string, onIdleError: (error: Error) => void): Pool {
  const pool = new Pool({
    connectionString: config.databaseUrl,
    max: config.dbPoolSize,
    connectionTimeoutMillis: config.dbConnectTimeoutMs,
    query_timeout: 30_000,
    application_name: applicationName,
    options: '-c plan_cache_mode=force_generic_plan',
  });
  // An idle connection dropped by the server (a restart) is replaced on the next checkout.
  pool.on('error', onIdleError);
  return pool;
}
