import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { CommandError } from './command-error';
import { withService } from './service-context';
import { windowOption } from './window-option';

async function shadowCommand(options: { version?: string; since?: string; until?: string; json?: boolean; list?: boolean }): Promise<void> {
  const { since, until } = windowOption(options);
  const { ShadowComparison, ShadowError } = require('../app/backtest/shadow') as typeof import('../app/backtest/shadow');
  const { formatBacktest } = require('../app/backtest/backtest') as typeof import('../app/backtest/backtest');
  await withService(loadConfig(), { name: 'shinsa-shadow', poolSize: 1, queryTimeoutMs: 0 }, async (app) => {
    const shadow = app.get(ShadowComparison);
    if (options.list) {
      const versions = await shadow.versions();
      if (options.json) process.stdout.write(`${JSON.stringify(versions)}\n`);
      else if (versions.length === 0) process.stdout.write('no shadow results stored (set SHINSA_SHADOW_RULES_DIR on the api)\n');
      else for (const known of versions) process.stdout.write(`${known.version}  ${known.count.toLocaleString('en')} screenings  ${known.first.toISOString()} → ${known.last.toISOString()}\n`);
      return;
    }
    let report;
    try {
      report = await shadow.run({ since, until, version: options.version }, (done) => {
        if (process.stderr.isTTY) process.stderr.write(`\rcompared ${done.toLocaleString('en')}`);
      });
    } catch (error) {
      if (error instanceof ShadowError) throw new CommandError(error.message);
      throw error;
    }
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatBacktest(report, 'shadow'));
  });
}

export function registerShadowCommand(program: Command): void {
  program
    .command('shadow')
    .description('compare what the shadow rule set (SHINSA_SHADOW_RULES_DIR) decided on live traffic with the deciding rules; changes nothing')
    .option('--version <rulesVersion>', 'the shadow rules version (default: the newest with stored results)')
    .option('--since <date>', 'screenings received from this date or time (ISO 8601; a date is midnight JST)')
    .option('--until <date>', 'screenings received before this date or time')
    .option('--list', 'list the shadow rules versions with stored results')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { version?: string; since?: string; until?: string; json?: boolean; list?: boolean }) => shadowCommand(options));
}
