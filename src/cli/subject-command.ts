import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { DATA_SOURCE } from '../app/core/tokens';
import { clientIdOf } from './client-option';
import { CommandError } from './command-error';
import { withService } from './service-context';

export function registerSubjectCommand(program: Command): void {
  const subject = program.command('subject').description('data-subject requests: everything held about a person, or its erasure (legal holds respected); audited');
  for (const action of ['export', 'erase'] as const) {
    subject
      .command(action)
      .description(action === 'export' ? 'print everything held about the person as JSON' : 'erase the person’s data where no legal hold (fraud label, open case) keeps it; prints what was erased and held')
      .option('--email <email>', 'e-mail address (folded as the provider folds it)')
      .option('--phone <phone>', 'phone number, any format')
      .option('--name <name>', 'name as registered (kanji, kana or romaji)')
      .option('--actor <who>', 'who asked, for the audit log', 'cli')
      .option('--client <keyId>', "only this api client's applications (a registrar's request about its own customer)")
      .action(async (options: { email?: string; phone?: string; name?: string; actor: string; client?: string }) => {
        if (!options.email && !options.phone && !options.name) throw new CommandError('give at least one of --email, --phone, --name');
        const { SubjectRequests } = require('../app/retention/subject-requests') as typeof import('../app/retention/subject-requests');
        await withService(loadConfig(), { name: 'shinsa-subject', poolSize: 2 }, async (app) => {
          const requests = app.get(SubjectRequests);
          const selector = { email: options.email, phone: options.phone, name: options.name };
          const clientId = options.client === undefined ? null : await clientIdOf(app.get(DATA_SOURCE), options.client);
          const result = action === 'export' ? await requests.export(selector, options.actor, clientId) : await requests.erase(selector, options.actor, clientId);
          process.stdout.write(`${JSON.stringify(result, null, action === 'export' ? 2 : undefined)}\n`);
        });
      });
  }
}
