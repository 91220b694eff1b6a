import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { withService } from './service-context';

export function registerPurgeCommand(program: Command): void {
  program
    .command('purge')
    .description('apply the retention periods now (the worker does it nightly): personal fields past their period become tombstones, legal holds kept')
    .action(async () => {
      const { RetentionPurge } = require('../app/retention/retention-purge') as typeof import('../app/retention/retention-purge');
      const report = await withService(loadConfig(), { name: 'shinsa-purge', poolSize: 1 }, (app) => app.get(RetentionPurge).run('manual'));
      process.stdout.write(`${JSON.stringify(report)}\n`);
    });
}
