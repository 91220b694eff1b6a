import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import type { ClientDirectory } from '../app/clients/client-directory';
import { loadConfig, type AppConfig } from '../app/config/config';
import { EXIT_BAD_INPUT, EXIT_INTERNAL } from './exit-codes';
import { supervise, type SupervisionEnd } from './supervise';

/*
 * The service's modules (Nest, TypeORM, BullMQ) load only when a service command runs, so
 * `shinsa screen` and `shinsa domains` start as fast as before.
 */
const service = {
  api: () => require('../app/api/create-api') as typeof import('../app/api/create-api'),
  clients: () => require('../app/clients/client-directory') as typeof import('../app/clients/client-directory'),
  keys: () => require('../app/crypto/secret-box') as typeof import('../app/crypto/secret-box'),
  dataSource: () => require('../app/database/data-source') as typeof import('../app/database/data-source'),
  ensureDatabase: () => require('../app/database/ensure-database') as typeof import('../app/database/ensure-database'),
  migrate: () => require('../app/database/migrate') as typeof import('../app/database/migrate'),
  logger: () => require('../app/observability/logger') as typeof import('../app/observability/logger'),
  worker: () => require('../app/queue/worker-runtime') as typeof import('../app/queue/worker-runtime'),
  reviewers: () => require('../app/review/reviewers') as typeof import('../app/review/reviewers'),
  audit: () => require('../app/review/audit-log') as typeof import('../app/review/audit-log'),
};

/** The row id of the api client with this key id, or a CommandError naming `--client`. */
async function clientIdOf(dataSource: import('typeorm').DataSource, keyId: string): Promise<string> {
  const rows: { id: string }[] = await dataSource.query('SELECT id FROM api_clients WHERE key_id = $1', [keyId]);
  if (!rows[0]) throw new CommandError(`--client: no api client with key id ${keyId}`);
  return rows[0].id;
}

async function importDomains(file: string, options: { format?: string; client: string }): Promise<void> {
  const { PORTFOLIO_FORMATS, PortfolioFileError, readPortfolio } = require('../app/domains/portfolio') as typeof import('../app/domains/portfolio');
  const { DomainImporter } = require('../app/domains/domain-importer') as typeof import('../app/domains/domain-importer');
  if (options.format !== undefined && !(PORTFOLIO_FORMATS as readonly string[]).includes(options.format)) throw new CommandError(`--format must be one of ${PORTFOLIO_FORMATS.join(', ')}`);
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new CommandError(`cannot read ${file}`);
  }
  const config = loadConfig();
  // COPY of a whole portfolio and its merge run as long as the file is large: no query timeout.
  const dataSource = await service.dataSource().createDataSource({ ...config, dbPoolSize: 2 }, 'shinsa-import', 0).initialize();
  const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
  const bar = process.stderr.isTTY ? new SingleBar({ format: 'importing {bar} {percentage}% | {records} records, {bad} bad | {eta_formatted} left', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : undefined;
  try {
    const clientId = await clientIdOf(dataSource, options.client);
    let bytes = 0;
    bar?.start(size, 0, { records: 0, bad: 0 });
    let badLines = 0;
    const report = await new DomainImporter(dataSource).import(readPortfolio(file, { format: options.format as 'csv' | 'jsonl' | 'whois' | undefined, onBytes: (n) => (bytes += n) }), {
      clientId,
      onBad: (line, message) => {
        badLines += 1;
        if (badLines <= 1000) {
          bar?.stop();
          process.stderr.write(`${file}:${line}: ${message}\n`);
          if (bar) bar.start(size, bytes, { records: 0, bad: badLines });
        }
      },
      onProgress: (progress) => bar?.update(bytes, { records: progress.read, bad: progress.bad }),
    });
    bar?.update(size);
    bar?.stop();
    if (badLines > 1000) process.stderr.write(`… and ${badLines - 1000} more bad records\n`);
    if (report.read === 0) {
      throw new CommandError(`${file}: no record found in ${size.toLocaleString('en')} bytes: the file is empty, or not ${options.format ? `in the ${options.format} format` : 'a CSV, JSONL or JPRS WHOIS export'}; nothing was imported`);
    }
    process.stdout.write(`${JSON.stringify({ file, ...report, seconds: Math.round(report.seconds * 10) / 10, recordsPerSecond: Math.round(report.read / Math.max(report.seconds, 0.001)) })}\n`);
    if (report.bad > 0) process.exitCode = 2;
  } catch (error) {
    bar?.stop();
    if (error instanceof PortfolioFileError) throw new CommandError(`${file}: ${error.message}`);
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

async function rescanCommand(options: { now?: boolean; export?: string }): Promise<void> {
  const config = loadConfig();
  const dataSource = await service.dataSource().createDataSource({ ...config, dbPoolSize: 2 }, 'shinsa-rescan').initialize();
  const { RescanRuns } = require('../app/rescan/rescan-runs') as typeof import('../app/rescan/rescan-runs');
  const runs = new RescanRuns(dataSource);
  try {
    if (options.export) {
      if (!(await runs.find(options.export))) throw new CommandError(`--export: no rescan run ${options.export}`);
      for await (const line of runs.changesCsv(options.export)) process.stdout.write(line);
      return;
    }
    if (!options.now) {
      for (const run of await runs.recent(20)) process.stdout.write(`${JSON.stringify(run)}\n`);
      return;
    }
    const { Queue } = require('bullmq') as typeof import('bullmq');
    const queues = require('../app/queue/queues') as typeof import('../app/queue/queues');
    const queue = new Queue(queues.QueueName.Rescan, { connection: queues.redisConnection(config.redisUrl, { failFast: true }), prefix: config.queuePrefix });
    const jobId = `rescan-manual-${randomBytes(8).toString('hex')}`;
    try {
      await queue.add(queues.JobName.RescanStart, { trigger: 'manual' } satisfies import('../app/queue/queues').RescanStartJob, { jobId, attempts: 5, backoff: { type: 'exponential', delay: 2000 } });
    } catch (error) {
      throw new CommandError(`cannot queue the rescan: Redis at REDIS_URL is unavailable (${(error as Error).message})`);
    } finally {
      await queue.close();
    }
    process.stderr.write(`rescan queued (job ${jobId}); following it — Ctrl-C stops following, not the run\n`);
    const { SingleBar, Presets } = require('cli-progress') as typeof import('cli-progress');
    const bar = process.stderr.isTTY ? new SingleBar({ format: 'rescan {bar} {percentage}% | {value}/{total} chunks | {seen} domains, {changed} changed, {cases} new cases, {failures} failures', stream: process.stderr, hideCursor: true }, Presets.shades_classic) : undefined;
    const started = Date.now();
    let warned = false;
    let lastLine = 0;
    for (;;) {
      const run = await runs.findByJob(jobId);
      if (!run) {
        if (!warned && Date.now() - started > 15_000) {
          process.stderr.write('no worker has picked the run up yet: is `shinsa worker` running against the same REDIS_URL and SHINSA_QUEUE_PREFIX?\n');
          warned = true;
        }
      } else {
        const values = { seen: run.domainsSeen, changed: run.changed, cases: run.newCases, failures: run.failures };
        if (bar) {
          if (!bar.isActive) bar.start(Math.max(run.chunksTotal, 1), run.chunksDone, values);
          bar.update(run.chunksDone, values);
        } else if (Date.now() - lastLine > 5000 || run.state === 'finished') {
          process.stderr.write(`${run.chunksDone}/${run.chunksTotal} chunks, ${run.domainsSeen} domains, ${run.changed} changed, ${run.newCases} new cases, ${run.failures} failures\n`);
          lastLine = Date.now();
        }
        if (run.state === 'finished') {
          bar?.update(Math.max(run.chunksTotal, 1));
          bar?.stop();
          process.stdout.write(`${JSON.stringify(run)}\n`);
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  } finally {
    await dataSource.destroy();
  }
}

/** The --since/--until window: a date (midnight in Japan) or a date and time with an offset at each end. */
function windowOption(options: { since?: string; until?: string }): { since: Date | undefined; until: Date | undefined } {
  const { parseWindow } = require('../app/backtest/window') as typeof import('../app/backtest/window');
  const window = parseWindow(options.since, options.until);
  if (window.errors.length > 0) throw new CommandError(window.errors.map((error) => `--${error.field}: ${error.message}`).join('; '));
  return { since: window.since ?? undefined, until: window.until ?? undefined };
}

async function backtestCommand(options: { rules: string; since?: string; until?: string; json?: boolean }): Promise<void> {
  const { since, until } = windowOption(options);
  // A broken or missing candidate directory exits 2 with its problems (main maps the errors).
  const { Screener } = require('../screening/screener') as typeof import('../screening/screener');
  const { engine } = new Screener({ rulesDir: options.rules });
  const config = loadConfig();
  // The replay's first FETCH sorts the whole window: no query timeout for it.
  const dataSource = await service.dataSource().createDataSource({ ...config, dbPoolSize: 1 }, 'shinsa-backtest', 0).initialize();
  try {
    const { Backtest, formatBacktest } = require('../app/backtest/backtest') as typeof import('../app/backtest/backtest');
    const report = await new Backtest(service.dataSource().driverPool(dataSource)).run(engine, { since, until }, (done) => {
      if (process.stderr.isTTY) process.stderr.write(`\rreplayed ${done.toLocaleString('en')}`);
    });
    if (process.stderr.isTTY) process.stderr.write('\n');
    process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatBacktest(report));
  } finally {
    await dataSource.destroy();
  }
}

async function shadowCommand(options: { version?: string; since?: string; until?: string; json?: boolean; list?: boolean }): Promise<void> {
  const { since, until } = windowOption(options);
  const config = loadConfig();
  const dataSource = await service.dataSource().createDataSource({ ...config, dbPoolSize: 1 }, 'shinsa-shadow', 0).initialize();
  try {
    const { ShadowComparison, ShadowError } = require('../app/backtest/shadow') as typeof import('../app/backtest/shadow');
    const { formatBacktest } = require('../app/backtest/backtest') as typeof import('../app/backtest/backtest');
    const shadow = new ShadowComparison(service.dataSource().driverPool(dataSource));
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
  } finally {
    await dataSource.destroy();
  }
}

/** The first line of standard input (a password piped in), without its line break. */
async function readPassword(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
  if (password.length === 0) throw new CommandError('password: nothing on standard input');
  return password;
}

/** A failure told as a message without a stack: exit 2 (bad arguments, a taken name) unless another code is given. */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_BAD_INPUT,
  ) {
    super(message);
  }
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const handler = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

async function withClients<T>(config: AppConfig, work: (clients: ClientDirectory) => Promise<T>): Promise<T> {
  const { ClientDirectory, ClientError } = service.clients();
  const dataSource = await service.dataSource().createDataSource({ ...config, dbPoolSize: 2 }, 'shinsa-cli').initialize();
  try {
    return await work(new ClientDirectory(dataSource, new (service.keys().MasterKeys)(config.masterKey)));
  } catch (error) {
    if (error instanceof ClientError) throw new CommandError(error.message);
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

/** Where the development launcher keeps its generated master key and demo credentials. */
const DEV_STATE_DIR = '.shinsa';

function devMasterKey(): string {
  const file = path.join(DEV_STATE_DIR, 'dev-master-key');
  if (!existsSync(file)) {
    mkdirSync(DEV_STATE_DIR, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** `shinsa up` in development creates its own master key once, kept beside the checkout. */
function launcherEnvironment(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (env.SHINSA_ENV === 'development' && !env.SHINSA_MASTER_KEY) env.SHINSA_MASTER_KEY = devMasterKey();
  return env;
}

export interface DemoCredentials {
  readonly keyId: string;
  readonly secret: string;
}

async function demoClient(config: AppConfig): Promise<DemoCredentials> {
  const file = path.join(DEV_STATE_DIR, 'demo-client.json');
  return withClients(config, async (clients) => {
    const existing = await clients.findByName('demo');
    if (existing && existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as DemoCredentials;
      if (saved.keyId === existing.keyId) return saved;
    }
    // Without the saved secret (or after a new master key) the demo client gets a fresh one.
    const { keyId, secret } = existing ? await clients.reissue(existing.keyId) : await clients.add('demo', null);
    const credentials = { keyId, secret };
    mkdirSync(DEV_STATE_DIR, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
    chmodSync(file, 0o600);
    return credentials;
  });
}

/** In development, an admin account for the review UI, created once and kept beside the checkout. */
async function demoReviewer(config: AppConfig): Promise<{ login: string; password: string }> {
  const file = path.join(DEV_STATE_DIR, 'demo-reviewer.json');
  const { ReviewerDirectory } = service.reviewers();
  const dataSource = await service.dataSource().createDataSource({ ...config, dbPoolSize: 1 }, 'shinsa-cli').initialize();
  try {
    const directory = new ReviewerDirectory(dataSource);
    // The saved account, if this database has it (another DATABASE_URL gets one of its own).
    if (existsSync(file)) {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { login: string; password: string };
      if (await directory.authenticate(saved.login, saved.password)) return saved;
    }
    const login = (await directory.list()).some((reviewer) => reviewer.login === 'demo-admin') ? `demo-admin-${randomBytes(3).toString('hex')}` : 'demo-admin';
    const { password } = await directory.add({ login, role: 'admin', displayName: 'Demo admin' }, 'shinsa up');
    mkdirSync(DEV_STATE_DIR, { recursive: true, mode: 0o700 });
    writeFileSync(file, JSON.stringify({ login, password }), { mode: 0o600 });
    return { login, password };
  } finally {
    await dataSource.destroy();
  }
}

const DEMO_APPLICATION = {
  externalId: 'demo-0001',
  product: 'domain',
  domain: { name: 'smbc-card-login.jp' },
  registrant: {
    type: 'individual',
    name: { kanji: '山田 太郎', kana: 'ヤマダ タロウ', romaji: 'Taro Yamada' },
    email: 'x7kq9z@mailinator.com',
    phone: '050-1234-5678',
    address: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', line1: '千代田1-1', country: 'JP' },
  },
  signup: { ip: '203.0.113.5', port: 51234 },
};

/**
 * A signed request with curl and openssl (DESIGN §3.3, v2): the signed string is
 * "<timestamp>\n<METHOD>\n<path with query>\n<Idempotency-Key or empty>\n<raw body>". The body is
 * signed from the file curl sends, byte for byte.
 */
export function curlExample(baseUrl: string, credentials: DemoCredentials, bodyFile: string): string {
  return [
    `KEY_ID=${credentials.keyId}`,
    `SECRET=${credentials.secret}`,
    `BODY_FILE=${bodyFile}; TS=$(date +%s); KEY=demo-$TS`,
    `SIG=$( { printf '%s\\nPOST\\n/v1/screenings\\n%s\\n' "$TS" "$KEY"; cat "$BODY_FILE"; } | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.*= //')`,
    `curl -sS ${baseUrl}/v1/screenings -H 'content-type: application/json' -H "x-shinsa-key-id: $KEY_ID" -H "x-shinsa-timestamp: $TS" \\`,
    `  -H "x-shinsa-signature: v2=$SIG" -H "idempotency-key: $KEY" --data-binary @"$BODY_FILE"`,
  ].join('\n');
}

/** How `shinsa up` ended: "shinsa stopped." after a clean stop, else an error naming what went wrong. */
function reportStop(end: SupervisionEnd, startError: unknown): void {
  if (end.cause === 'stop' && startError) throw startError;
  if (end.cause === 'exit') throw new CommandError(`the ${end.name} exited unexpectedly (${end.exit}); the rest was stopped`, EXIT_INTERNAL);
  if (end.cause === 'signal' && (end.forced || end.failed.length > 0)) {
    throw new CommandError(end.forced ? 'stopped by force: the api or the worker did not stop in time' : `stopped, but ${end.failed.join(', ')} did not exit cleanly`, EXIT_INTERNAL);
  }
  process.stdout.write('shinsa stopped.\n');
}

function demoApplicationFile(): string {
  const bodyFile = path.resolve(DEV_STATE_DIR, 'demo-application.json');
  writeFileSync(bodyFile, JSON.stringify(DEMO_APPLICATION));
  return bodyFile;
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

export function registerServiceCommands(program: Command): void {
  program
    .command('api')
    .description('run the webhook api (migrates first unless SHINSA_MIGRATE_ON_START=false)')
    .action(async () => {
      const config = loadConfig();
      const logger = service.logger().createLogger(config.logLevel, 'shinsa-api');
      const app = await service.api().createApi(config, logger);
      try {
        await app.listen({ port: config.port, host: config.host });
      } catch (error) {
        // Its pools and connections would keep the process alive after the error.
        await app.close();
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CommandError(`PORT: ${config.host}:${config.port} is already in use`);
        throw error;
      }
      logger.info({ url: `http://${config.host}:${config.port}` }, 'api listening');
      await untilSignal();
      await app.close();
    });

  program
    .command('worker')
    .description('run the outbox relay and the queue workers (callback delivery)')
    .action(async () => {
      const config = loadConfig();
      const runtime = new (service.worker().WorkerRuntime)(config, service.logger().createLogger(config.logLevel, 'shinsa-worker'));
      await runtime.start();
      await untilSignal();
      await runtime.stop();
    });

  program
    .command('migrate')
    .description('apply pending database migrations')
    .option('--create-database', 'create the database named in DATABASE_URL if it does not exist')
    .action(async (options: { createDatabase?: boolean }) => {
      const config = loadConfig();
      if (options.createDatabase && (await service.ensureDatabase().ensureDatabase(config.databaseUrl))) process.stdout.write('database created\n');
      const ran = await service.migrate().runMigrations(config);
      process.stdout.write(ran.length > 0 ? `applied: ${ran.join(', ')}\n` : 'schema up to date\n');
    });

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
      const config = loadConfig();
      const { ReviewerDirectory, ReviewerError } = service.reviewers();
      const dataSource = await service.dataSource().createDataSource({ ...config, dbPoolSize: 1 }, 'shinsa-cli').initialize();
      try {
        const created = await new ReviewerDirectory(dataSource).add({ login, role: options.role, displayName: options.name, password }, 'cli');
        process.stdout.write(`${JSON.stringify({ login: created.reviewer.login, role: created.reviewer.role, ...(password === undefined ? { password: created.password } : {}) })}\n`);
      } catch (error) {
        if (error instanceof ReviewerError) throw new CommandError(`${error.field}: ${error.message}`);
        throw error;
      } finally {
        await dataSource.destroy();
      }
    });

  program
    .command('import-domains')
    .description('bulk-load a portfolio of active domains (CSV, JSONL or JPRS WHOIS text); re-imports update, bad records are reported by line and skipped')
    .argument('<file>', 'the export (format from the extension .csv / .jsonl / .whois, or from its first line)')
    .option('--format <format>', 'csv, jsonl or whois')
    .requiredOption('--client <keyId>', 'the key id of the api client (registrar) whose portfolio it is: cases and callbacks go to it')
    .action(async (file: string, options: { format?: string; client: string }) => importDomains(file, options));

  program
    .command('rescan')
    .description('re-screen every active domain: --now starts a run on the workers and follows it; without it, lists the last runs')
    .option('--now', 'start a run now (needs a running `shinsa worker`) and follow its progress')
    .option('--export <runId>', 'print the changes of a run as CSV')
    .action(async (options: { now?: boolean; export?: string }) => rescanCommand(options));

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

  program
    .command('shadow')
    .description('compare what the shadow rule set (SHINSA_SHADOW_RULES_DIR) decided on live traffic with the deciding rules; changes nothing')
    .option('--version <rulesVersion>', 'the shadow rules version (default: the newest with stored results)')
    .option('--since <date>', 'screenings received from this date or time (ISO 8601; a date is midnight JST)')
    .option('--until <date>', 'screenings received before this date or time')
    .option('--list', 'list the shadow rules versions with stored results')
    .option('--json', 'print the report as one JSON object')
    .action(async (options: { version?: string; since?: string; until?: string; json?: boolean; list?: boolean }) => shadowCommand(options));

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
        const config = loadConfig();
        const dataSource = await service.dataSource().createDataSource({ ...config, dbPoolSize: 2 }, 'shinsa-subject').initialize();
        try {
          const { SubjectRequests } = require('../app/retention/subject-requests') as typeof import('../app/retention/subject-requests');
          const requests = new SubjectRequests(dataSource, new (service.keys().MasterKeys)(config.masterKey), new (service.audit().AuditLog)(dataSource));
          const selector = { email: options.email, phone: options.phone, name: options.name };
          const clientId = options.client === undefined ? null : await clientIdOf(dataSource, options.client);
          const result = action === 'export' ? await requests.export(selector, options.actor, clientId) : await requests.erase(selector, options.actor, clientId);
          process.stdout.write(`${JSON.stringify(result, null, action === 'export' ? 2 : undefined)}\n`);
        } finally {
          await dataSource.destroy();
        }
      });
  }

  program
    .command('purge')
    .description('apply the retention periods now (the worker does it nightly): personal fields past their period become tombstones, legal holds kept')
    .action(async () => {
      const config = loadConfig();
      const dataSource = await service.dataSource().createDataSource({ ...config, dbPoolSize: 1 }, 'shinsa-purge').initialize();
      try {
        const { RetentionPurge } = require('../app/retention/retention-purge') as typeof import('../app/retention/retention-purge');
        process.stdout.write(`${JSON.stringify(await new RetentionPurge(dataSource, config.retention).run('manual'))}\n`);
      } finally {
        await dataSource.destroy();
      }
    });

  program
    .command('up')
    .description('create the database if missing, migrate, start api + worker; in development also a demo client and a curl example')
    .action(async () => {
      const env = launcherEnvironment();
      const config = loadConfig(env);
      if (await service.ensureDatabase().ensureDatabase(config.databaseUrl)) process.stdout.write(`created database ${new URL(config.databaseUrl).pathname.slice(1)}\n`);
      const ran = await service.migrate().runMigrations(config);
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
