import { Client } from 'pg';
import { runMigrations } from '../../src/app/database/migrate';
import { TEMPLATE_DATABASE_URL, adminDatabaseUrl, databaseName } from './service-env';

/**
 * Builds the template database once per run: dropped, created and migrated fresh, so every
 * integration test file can clone its own database from it in a fraction of a second.
 */
export default async function setup(): Promise<void> {
  const admin = new Client({ connectionString: adminDatabaseUrl() });
  await admin.connect();
  const name = databaseName(TEMPLATE_DATABASE_URL);
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  await runMigrations({ databaseUrl: TEMPLATE_DATABASE_URL, dbPoolSize: 2, dbConnectTimeoutMs: 10_000 });
}
