#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../app/config/config';
import { RuleSetError } from '../engine/errors';
import { DEFAULT_RULES_DIR, RulesDirectoryNotFoundError } from '../screening/rules-location';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, EXIT_OK } from './exit-codes';
import { CommandError } from './command-error';
import { registerServiceCommands } from './service-commands';
import { registerFeedCommands } from './feeds-command';

/*
 * Each command loads its own module when it runs (one `require` per command), so `--help`,
 * `--version` and `rules check` never load the engine's signals data or the service's modules.
 * `npm run bench:cli` measures the start-up of each.
 */
const commands = {
  screen: () => require('./screen-command') as typeof import('./screen-command'),
  domains: () => require('./domains-command') as typeof import('./domains-command'),
  rules: () => require('./rules-command') as typeof import('./rules-command'),
  replay: () => require('./replay-command') as typeof import('./replay-command'),
};

/** The package's version (package.json sits two levels above both src/cli and dist/cli). */
function packageVersion(): string {
  return (require('../../package.json') as { version: string }).version;
}

const RULES_OPTION = ['--rules <dir>', 'rules directory (default: $SHINSA_RULES_DIR or the shipped rules/)'] as const;

function buildProgram(): Command {
  const program = new Command('shinsa')
    .description('Fraud screening for Japanese domain registrations and hosting signups')
    .version(packageVersion(), '-V, --version', 'print the version')
    .option(...RULES_OPTION)
    // The program's options go before the command (`shinsa --rules DIR screen`), so a command may
    // have an option of the same name (`shinsa shadow --version V` is not the program's version).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  // `--rules` after an engine command works as well: `shinsa screen --rules DIR`.
  const rulesDir = (options: { rules?: string }): string => options.rules || program.opts().rules || process.env.SHINSA_RULES_DIR || DEFAULT_RULES_DIR;

  program
    .command('screen')
    .description('screen application JSONL (one application per line) and print one assessment per line')
    .argument('[file]', 'input file, or - for standard input', '-')
    .option(...RULES_OPTION)
    .action(async (file: string, options: { rules?: string }) => {
      process.exitCode = await commands.screen().screenCommand(file, rulesDir(options));
    });

  program
    .command('domains')
    .description('screen domain names (one per line) on what the name itself shows; one JSON line per name')
    .argument('[file]', 'input file, or - for standard input', '-')
    .option(...RULES_OPTION)
    .action(async (file: string, options: { rules?: string }) => {
      process.exitCode = await commands.domains().domainsCommand(file, rulesDir(options));
    });

  program
    .command('replay')
    .description('run historical applications (JSONL with receivedAt) and labels through the intake, linkage, label propagation and cases on their own timestamps, in a scratch database, and print what would have been flagged')
    .argument('<signups>', 'applications, one per line: the application contract plus receivedAt (ISO 8601 with an offset)')
    .option('--labels <file>', 'labels, one per line: externalId or domain, verdict (fraud|legitimate), labelledAt, and optionally source and reason')
    .option('--database-url <url>', 'replay into this database (migrated, kept) instead of a scratch one created on the server of DATABASE_URL and dropped')
    .option('--json', 'print JSON lines (one per application, one per label, a summary) instead of tables')
    .option(...RULES_OPTION)
    .action(async (signups: string, options: { labels?: string; databaseUrl?: string; json?: boolean; rules?: string }) => {
      process.exitCode = await commands.replay().replayCommand(signups, { labels: options.labels, databaseUrl: options.databaseUrl, json: options.json, rulesDir: rulesDir(options) });
    });

  const rules = program.command('rules').description('check or print the rule set');
  rules
    .command('check')
    .description('validate the rules directory')
    .option(...RULES_OPTION)
    .action((options: { rules?: string }) => commands.rules().checkRules(rulesDir(options)));
  rules
    .command('dump')
    .description('print the effective rule set as JSON')
    .option(...RULES_OPTION)
    .action((options: { rules?: string }) => commands.rules().dumpRules(rulesDir(options)));

  registerServiceCommands(program);
  registerFeedCommands(program);
  return program;
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT_OK;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return EXIT_OK;
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_OK : EXIT_BAD_INPUT;
    if (error instanceof CommandError) {
      process.stderr.write(`shinsa: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof RuleSetError || error instanceof ConfigError) {
      process.stderr.write(`shinsa: ${error.message}\n`);
      return EXIT_BAD_INPUT;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof RulesDirectoryNotFoundError) {
      process.stderr.write(`shinsa: ${(error as Error).message}\n`);
      return EXIT_BAD_INPUT;
    }
    process.stderr.write(`shinsa: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return EXIT_INTERNAL;
  }
}

if (require.main === module) {
  // The reader went away (`shinsa domains … | head`): stop quietly, as Unix tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT_OK);
  });
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
