import type { DataSource } from 'typeorm';
import type { DatabaseConfig } from './data-source';
import { createDataSource } from './data-source';

/** An arbitrary constant: api processes starting together run the migrations one at a time. */
const MIGRATION_LOCK = 0x5_4e_53_41;

/** Runs pending migrations under an advisory lock; returns the names of those it ran. */
export async function runMigrations(config: DatabaseConfig): Promise<string[]> {
  const dataSource: DataSource = createDataSource({ ...config, dbPoolSize: 2 }, 'shinsa-migrate');
  await dataSource.initialize();
  try {
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        const ran = await dataSource.runMigrations({ transaction: 'each' });
        return ran.map((migration) => migration.name);
      } finally {
        await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      await runner.release();
    }
  } finally {
    await dataSource.destroy();
  }
}
