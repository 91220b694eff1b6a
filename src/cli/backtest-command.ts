import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { CommandError } from './command-error';
import { withService } from './service-context';
import { windowOption } from './window-option';

async function backtestCommand(options: { rules: string; since?: string; until?: string; json?: boolean }): Promise<void> {
  const { since, until } = windowOption(options);
  // A broken or missing candidate directory exits 2 with its problems (main maps the errors).
  const { Screener } = require('../screening/screener') as typeof import('../screening/screener');
  const { engine } = new Screener({ rulesDir: options.rules });
  const { Backtest, formatBacktest } = require('../app/backtest/backtest') as typeof import('../app/backtest/backtest');
  // The replay's first FETCH sorts the whole window: no query timeout for it.
  const report = await withService(loadConfig(), { name: 'shinsa-backtest', poolSize: 1, queryTimeoutMs: 0 }, (app) =>
    app.get(Backtest).run(engine, { since, until }, (done) => {
      if (process.stderr.isTTY) process.stderr.write(`\rreplayed ${done.toLocaleString('en')}`);
    }),
  );
  if (process.stderr.isTTY) process.stderr.write('\n');
  process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatBacktest(report));
}

export function registerBacktestCommand(program: Command): void {
  program
    .command('backtest')
    .description('replay stored applications (with the facts they were decided with) under a candidate rule set and compare it with the rules that decided them; changes nothing')
    .option('--rules <dir>', 'the candidate rules directory (required)')
    .option('--since <date>', 'applications received from this date or time (ISO 8601; a date is midnight JST)')
    .option('--until <date>', 'applications received before this date or time')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { rules?: string; since?: string; until?: string; json?: boolean }) => {
      // `--rules` is also the program's own option (the rules `screen` uses): either place names the candidate.
      const rules = options.rules ?? (program.opts().rules as string | undefined);
      if (!rules) throw new CommandError('--rules DIR is required: the candidate rules directory to replay with');
      await backtestCommand({ ...options, rules });
    });
}
