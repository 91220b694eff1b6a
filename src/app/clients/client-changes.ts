import { Client } from 'pg';

/**
 * The PostgreSQL channel on which a change to a client's secrets (`shinsa clients rotate`,
 * a re-issue) is announced, with the key id as payload, in the transaction that makes it.
 */
export const CLIENT_CHANGED_CHANNEL = 'shinsa_client_changed';

/** How long to wait before listening again after the connection was lost. */
const RECONNECT_MS = 1_000;

export interface ClientChangeHandlers {
  /** A client's secrets changed: forget what is cached for it. */
  readonly changed: (keyId: string) => void;
  /** Listening (again): anything announced while not listening was missed, so forget everything. */
  readonly listening: () => void;
}

/**
 * Listens for client changes made by any process — the CLI rotating a secret, the launcher
 * re-issuing the demo client's — so a running api stops accepting a retired secret at once. While
 * the connection is down the api's client cache still expires within seconds.
 */
export class ClientChangeListener {
  private connection: Client | null = null;
  private retry: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly connectionString: string,
    private readonly handlers: ClientChangeHandlers,
  ) {}

  /** Resolves once listening, or once the first attempt failed (it then keeps trying). */
  async start(): Promise<void> {
    await this.listen();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    const connection = this.connection;
    this.connection = null;
    await connection?.end().catch(() => undefined);
  }

  private async listen(): Promise<void> {
    if (this.stopped) return;
    const connection = new Client({ connectionString: this.connectionString, application_name: 'shinsa-client-changes' });
    connection.on('notification', (message) => {
      if (message.channel === CLIENT_CHANGED_CHANNEL && message.payload) this.handlers.changed(message.payload);
    });
    connection.on('error', () => this.lost(connection));
    connection.on('end', () => this.lost(connection));
    try {
      await connection.connect();
      await connection.query(`LISTEN ${CLIENT_CHANGED_CHANNEL}`);
    } catch {
      this.lost(connection);
      return;
    }
    if (this.stopped) {
      await connection.end().catch(() => undefined);
      return;
    }
    this.connection = connection;
    this.handlers.listening();
  }

  private lost(connection: Client): void {
    if (this.connection === connection) this.connection = null;
    connection.removeAllListeners('end');
    connection.removeAllListeners('notification');
    connection.on('error', () => undefined);
    void connection.end().catch(() => undefined);
    if (this.stopped || this.retry !== undefined) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      void this.listen();
    }, RECONNECT_MS);
    this.retry.unref();
  }
}
