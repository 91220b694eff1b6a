import type { Command } from 'commander';
import type { ClientDirectory } from '../app/clients/client-directory';
import { loadConfig, type AppConfig } from '../app/config/config';
import { CommandError } from './command-error';
import { withService } from './service-context';

/** The client directory of the service's graph; a refused name or key id is a CommandError. */
export async function withClients<T>(config: AppConfig, work: (clients: ClientDirectory) => Promise<T>): Promise<T> {
  const { ClientDirectory, ClientError } = require('../app/clients/client-directory') as typeof import('../app/clients/client-directory');
  try {
    return await withService(config, { name: 'shinsa-cli', poolSize: 2 }, (app) => work(app.get(ClientDirectory)));
  } catch (error) {
    if (error instanceof ClientError) throw new CommandError(error.message);
    throw error;
  }
}

export function registerClientsCommand(program: Command): void {
  const clients = program.command('clients').description('API clients (registrars, hosting providers) and their signing secrets');
  clients
    .command('add')
    .description('create a client; prints {"keyId","secret"} (and "callbackSecret" with --callback-url) once — secrets are not shown again')
    .argument('<name>', 'client name')
    .option('--callback-url <url>', 'where signed callbacks (Standard Webhooks) are sent; a whsec_ secret is issued for it')
    .action(async (name: string, options: { callbackUrl?: string }) => {
      const { keyId, secret, callbackSecret } = await withClients(loadConfig(), (directory) => directory.add(name, options.callbackUrl ?? null));
      process.stdout.write(`${JSON.stringify({ keyId, secret, ...(callbackSecret ? { callbackSecret } : {}) })}\n`);
    });
  clients
    .command('rotate')
    .description('add a second secret for a client (both are valid until the older is retired); prints the new secret once')
    .argument('<keyId>', 'the client key id')
    .option('--callback', "rotate the callback endpoint's whsec_ secret (both sign callbacks meanwhile) instead of the request-signing secret")
    .option('--retire-oldest', 'retire the oldest secret when two are already active')
    .action(async (keyId: string, options: { retireOldest?: boolean; callback?: boolean }) => {
      const credentials = await withClients(loadConfig(), (directory) => directory.rotate(keyId, { retireOldest: options.retireOldest === true, purpose: options.callback ? 'callback' : 'request' }));
      process.stdout.write(`${JSON.stringify(options.callback ? { keyId: credentials.keyId, callbackSecret: credentials.secret } : credentials)}\n`);
    });
  clients
    .command('list')
    .description('list clients (never their secrets)')
    .action(async () => {
      const rows = await withClients(loadConfig(), (directory) => directory.list());
      for (const row of rows) process.stdout.write(`${JSON.stringify(row)}\n`);
    });
}
