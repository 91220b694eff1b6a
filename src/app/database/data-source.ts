import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

export type DatabaseConfig = Pick<AppConfig, 'databaseUrl' | 'dbPoolSize' | 'dbConnectTimeoutMs'>;

/** The one place a DataSource is configured: the api, the worker, the CLI and the tests use it. */
export function createDataSource(config: DatabaseConfig, applicationName = 'shinsa'): DataSource {
  return new DataSource({
    type: 'postgres',
    url: config.databaseUrl,
    entities: ENTITIES,
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
      query_timeout: 30_000,
    },
  });
}

/** The pg pool under a DataSource, for hot statements run as named prepared statements. */
export function driverPool(dataSource: DataSource): Pool {
  return (dataSource.driver as unknown as { master: Pool }).master;
}
