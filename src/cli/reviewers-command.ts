import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { CommandError } from './command-error';
import { withService } from './service-context';

/** The first line of standard input (a password piped in), without its line break. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (password.length === 0) throw new CommandError('password: nothing on standard input');
  return password;
}

export function registerReviewersCommand(program: Command): void {
  const reviewers = program.command('reviewers').description('reviewer accounts of the /review UI');
  reviewers
    .command('add')
    .description('create a reviewer account; prints {"login","role","password"} once (a generated password unless --password-stdin)')
    .argument('<login>', 'login name (lower-case letters, digits, ".", "_", "-")')
    .requiredOption('--role <role>', 'reviewer, lead (four-eyes approvals, bulk decisions) or admin (accounts)')
    .option('--name <name>', 'display name (default: the login)')
    .option('--password-stdin', 'read the password from standard input instead of generating one')
    .action(async (login: string, options: { role: string; name?: string; passwordStdin?: boolean }) => {
      const password = options.passwordStdin ? await readPassword() : undefined;
      const { ReviewerDirectory, ReviewerError } = require('../app/review/reviewers') as typeof import('../app/review/reviewers');
      try {
        const created = await withService(loadConfig(), { name: 'shinsa-cli', poolSize: 1 }, (app) => app.get(ReviewerDirectory).add({ login, role: options.role, displayName: options.name, password }, 'cli'));
        process.stdout.write(`${JSON.stringify({ login: created.reviewer.login, role: created.reviewer.role, ...(password === undefined ? { password: created.password } : {}) })}\n`);
      } catch (error) {
        if (error instanceof ReviewerError) throw new CommandError(`${error.field}: ${error.message}`);
        throw error;
      }
    });
}
