import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { PATIENCE_MS } from './patience';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real redis-server of the test's own, with an append-only file so a restart keeps its data
 * (as a production Redis for BullMQ must). Stopping it is a real outage for whoever uses it.
 */
export class PrivateRedis {
  private process: ChildProcess | undefined;
  private readonly directory = mkdtempSync(path.join(tmpdir(), 'shinsa-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.start();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.process = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.directory],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => {});
      try {
        await probe.connect();
        if ((await probe.ping()) === 'PONG') return;
      } catch {
        if (Date.now() > deadline) throw new Error('redis-server did not start');
        await new Promise((resolve) => setTimeout(resolve, 100));
      } finally {
        probe.disconnect();
      }
    }
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  async destroy(): Promise<void> {
    await this.stop();
    rmSync(this.directory, { recursive: true, force: true });
  }
}

/**
 * A TCP proxy in front of PostgreSQL. `down()` drops every connection and refuses new ones —
 * what the api sees when the database server stops — without stopping the machine's PostgreSQL
 * that other tests share.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), target);
    await proxy.up();
    return proxy;
  }

  async up(): Promise<void> {
    if (this.server) return;
    this.server = createServer((incoming) => {
      const outgoing = createConnection(this.target);
      for (const socket of [incoming, outgoing]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => {
          incoming.destroy();
          outgoing.destroy();
        });
      }
      incoming.pipe(outgoing).pipe(incoming);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) await new Promise((resolve) => server.close(resolve));
  }
}

export interface ReceivedCallback {
  /** The Standard Webhooks `webhook-id` (`msg_<outbox id>`): the same on every attempt of one delivery. */
  readonly deliveryId: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/**
 * A registrar's callback endpoint. Idempotent like a real receiver should be: it acts once per
 * delivery id (`accepted`) however often the same delivery arrives (`requests`). `hangNext`
 * makes it hold the next request open without answering.
 */
export class CallbackReceiver {
  readonly requests: ReceivedCallback[] = [];
  readonly accepted = new Map<string, ReceivedCallback>();
  private hang = 0;
  private readonly held: ServerResponse[] = [];
  private onRequest: ((callback: ReceivedCallback) => void) | undefined;

  private constructor(private readonly server: HttpServer) {}

  static async start(): Promise<CallbackReceiver> {
    // The handler runs only once the server listens, after the receiver exists.
    const server = createHttpServer((request, response) => receiver.handle(request, response));
    const receiver = new CallbackReceiver(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/shinsa-callbacks`;
  }

  hangNext(count = 1): void {
    this.hang += count;
  }

  nextRequest(): Promise<ReceivedCallback> {
    return new Promise((resolve) => (this.onRequest = resolve));
  }

  private handle(request: IncomingMessage, response: ServerResponse): void {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const callback: ReceivedCallback = { deliveryId: String(request.headers['webhook-id']), headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      this.requests.push(callback);
      const notify = this.onRequest;
      this.onRequest = undefined;
      notify?.(callback);
      if (this.hang > 0) {
        this.hang -= 1;
        this.held.push(response);
        return;
      }
      if (!this.accepted.has(callback.deliveryId)) this.accepted.set(callback.deliveryId, callback);
      response.writeHead(200).end('ok');
    });
  }

  async close(): Promise<void> {
    for (const response of this.held) response.destroy();
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** `shinsa worker` as its own process, from the sources (through tsx, no build needed). */
/** Starts `shinsa worker`; with `log`, its log lines (stdout) are handed over as they come. */
export function spawnWorker(env: Record<string, string>, log?: (text: string) => void): ChildProcess {
  const root = path.resolve(__dirname, '..', '..');
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'worker'], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', log ? 'pipe' : 'ignore', 'pipe'],
  });
  if (log) child.stdout!.on('data', (chunk: Buffer) => log(chunk.toString('utf8')));
  return child;
}

export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}

/**
 * Runs `body` while the outbox refuses the event of one application (a real failure inside the
 * screening's transaction, raised by PostgreSQL), then removes the trigger.
 */
export async function withOutboxRefusing<T>(db: { query: (sql: string) => Promise<unknown> }, externalId: string, body: () => Promise<T>): Promise<T> {
  if (!/^[A-Za-z0-9_-]+$/.test(externalId)) throw new Error(`withOutboxRefusing: an external id of letters, digits, - and _ only: ${externalId}`);
  await db.query(`
    CREATE FUNCTION test_refuse_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.payload->>'externalId' = '${externalId}' THEN RAISE EXCEPTION 'outbox refused'; END IF;
      RETURN NEW;
    END $$`);
  await db.query('CREATE TRIGGER test_refuse_outbox BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION test_refuse_outbox()');
  try {
    return await body();
  } finally {
    await db.query('DROP TRIGGER test_refuse_outbox ON outbox');
    await db.query('DROP FUNCTION test_refuse_outbox()');
  }
}
