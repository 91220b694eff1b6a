import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { CommandError } from './command-error';
import { curlExample, demoApplicationFile, demoClient, demoReviewer, launcherEnvironment } from './demo-setup';
import { EXIT_INTERNAL } from './exit-codes';
import { supervise, type SupervisionEnd } from './supervise';

/** How `shinsa up` ended: "shinsa stopped." after a clean stop, else an error naming what went wrong. */
function reportStop(end: SupervisionEnd, startError: unknown): void {
  if (end.cause === 'stop' && startError) throw startError;
  if (end.cause === 'exit') throw new CommandError(`the ${end.name} exited unexpectedly (${end.exit}); the rest was stopped`, EXIT_INTERNAL);
  if (end.cause === 'signal' && (end.forced || end.failed.length > 0)) {
    throw new CommandError(end.forced ? 'stopped by force: the api or the worker did not stop in time' : `stopped, but ${end.failed.join(', ')} did not exit cleanly`, EXIT_INTERNAL);
  }
  process.stdout.write('shinsa stopped.\n');
}

async function waitUntilReady(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error('the api exited during start-up (see its log above)');
    try {
      // A bounded wait: whatever else holds the port may never answer.
      if ((await fetch(`${url}/readyz`, { signal: AbortSignal.timeout(2_000) })).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the api was not ready within ${timeoutMs / 1000} s`);
}

export function registerUpCommand(program: Command): void {
  program
    .command('up')
    .description('create the database if missing, migrate, start api + worker; in development also a demo client and a curl example')
    .action(async () => {
      const env = launcherEnvironment();
      const config = loadConfig(env);
      const { ensureDatabase } = require('../app/database/ensure-database') as typeof import('../app/database/ensure-database');
      const { runMigrations } = require('../app/database/migrate') as typeof import('../app/database/migrate');
      if (await ensureDatabase(config.databaseUrl)) process.stdout.write(`created database ${new URL(config.databaseUrl).pathname.slice(1)}\n`);
      const ran = await runMigrations(config);
      if (ran.length > 0) process.stdout.write(`applied migrations: ${ran.join(', ')}\n`);
      const childEnv = { ...env, SHINSA_MIGRATE_ON_START: 'false' };
      const script = process.argv[1] ?? path.join(__dirname, 'main.js');
      // Each in its own process group: a Ctrl-C reaches only this launcher, which tells each once.
      const processes = ['api', 'worker'].map((name) => ({ name, child: spawn(process.execPath, [...process.execArgv, script, name], { env: childEnv, stdio: ['ignore', 'inherit', 'inherit'], detached: true }) }));
      const supervision = supervise(processes, (line) => process.stdout.write(`${line}\n`));
      const baseUrl = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
      let startError: unknown;
      const started = waitUntilReady(baseUrl, processes[0]!.child, 60_000).then(
        () => true,
        (error: unknown) => {
          startError = error;
          supervision.stop();
          return false;
        },
      );
      if (!(await Promise.race([started, supervision.ended.then(() => false)]))) return reportStop(await supervision.ended, startError);
      const lines = [`shinsa is running: api ${baseUrl} (OpenAPI at ${baseUrl}/docs), worker started`];
      lines.push(`review UI: ${baseUrl}/review (accounts: shinsa reviewers add LOGIN --role reviewer|lead|admin)`);
      if (config.env === 'development') {
        lines.push('', 'demo client (development only). Screen an application:', curlExample(baseUrl, await demoClient(config), demoApplicationFile()));
        const reviewer = await demoReviewer(config);
        lines.push('', `demo reviewer (development only, an admin): login ${reviewer.login}, password ${reviewer.password}`);
        if (config.ekycSimulator) lines.push(`eKYC (development only): "Request eKYC" on a case links to a simulated vendor page (${baseUrl}/dev/ekyc/<request>) whose Pass / Fail / Cancel buttons call the signed callback`);
      }
      process.stdout.write(`${lines.join('\n')}\n\nCtrl-C stops both.\n`);
      reportStop(await supervision.ended, startError);
    });
}
