#!/usr/bin/env node
import { Command, CommanderError } from 'commander';
import { RuleSetError } from '../engine';
import { Screener } from '../screening/screener';
import { defaultSignalRegistry } from '../engine';
import { DEFAULT_RULES_DIR, loadRuleSet, RulesDirectoryNotFoundError } from '../screening/rules-directory';
import { screenDomainLines } from './domains-command';
import { openInput, screenJsonLines } from './screen-command';
import { CommandError, registerServiceCommands } from './service-commands';
import { registerFeedCommands } from './feeds-command';
import { ConfigError } from '../app/config/config';

/** Exit codes (DESIGN §3.4). */
const EXIT_OK = 0;
const EXIT_INTERNAL = 1;
const EXIT_BAD_INPUT = 2;

/** A failure the user can fix: printed without a stack, exits 2. */
class UsageError extends Error {}

function rulesDirOption(value: string | undefined): string {
  return value || process.env.SHINSA_RULES_DIR || DEFAULT_RULES_DIR;
}

function buildProgram(): Command {
  const program = new Command('shinsa')
    .description('Fraud screening for Japanese domain registrations and hosting signups')
    .option('--rules <dir>', 'rules directory (default: $SHINSA_RULES_DIR or the shipped rules/)')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('screen')
    .description('screen application JSONL (one application per line) and print one assessment per line')
    .argument('[file]', 'input file, or - for standard input', '-')
    .action(async (file: string) => {
      const screener = new Screener({ rulesDir: rulesDirOption(program.opts().rules) });
      const result = await screenJsonLines(screener, openInput(file), process.stdout, process.stderr);
      if (result.badLines > 0) {
        process.stderr.write(`${result.badLines} bad line(s); ${result.screened} application(s) screened\n`);
        process.exitCode = EXIT_BAD_INPUT;
      }
    });

  program
    .command('domains')
    .description('screen domain names (one per line) on what the name itself shows; one JSON line per name')
    .argument('[file]', 'input file, or - for standard input', '-')
    .action(async (file: string) => {
      const screener = new Screener({ rulesDir: rulesDirOption(program.opts().rules) });
      const result = await screenDomainLines(screener.engine, openInput(file), process.stdout, process.stderr);
      if (result.badLines > 0) {
        process.stderr.write(`${result.badLines} bad line(s); ${result.screened} domain(s) screened\n`);
        process.exitCode = EXIT_BAD_INPUT;
      }
    });

  const rules = program.command('rules').description('check or print the rule set');
  rules
    .command('check')
    .description('validate the rules directory')
    .action(() => {
      const ruleSet = loadRuleSet(rulesDirOption(program.opts().rules), defaultSignalRegistry());
      const reasons = ruleSet.reasons.size;
      process.stdout.write(
        `rules ok: ${ruleSet.version}\n  ${ruleSet.signals.length} signals, ${reasons} reason codes, ${ruleSet.composites.length} composites, ${ruleSet.lists.size} lists\n`,
      );
    });
  rules
    .command('dump')
    .description('print the effective rule set as JSON')
    .action(() => {
      const ruleSet = loadRuleSet(rulesDirOption(program.opts().rules), defaultSignalRegistry());
      process.stdout.write(`${JSON.stringify(ruleSet.dump(), null, 2)}\n`);
    });

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
    if (error instanceof RuleSetError || error instanceof UsageError || error instanceof CommandError || error instanceof ConfigError) {
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
