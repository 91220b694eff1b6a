import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';

export function registerMigrateCommand(program: Command): void {
  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--create-database', 'create the database named in DATABASE_URL if it does not exist')
    .action(async (options: { createDatabase?: boolean }) => {
      const config = loadConfig();
      const { ensureDatabase } = require('../app/database/ensure-database') as typeof import('../app/database/ensure-database');
      const { runMigrations } = require('../app/database/migrate') as typeof import('../app/database/migrate');
      if (options.createDatabase && (await ensureDatabase(config.databaseUrl))) process.stdout.write('database created\n');
      const ran = await runMigrations(config);
      process.stdout.write(ran.length > 0 ? `applied: ${ran.join(', ')}\n` : 'schema up to date\n');
    });
}
