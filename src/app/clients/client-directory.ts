import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { MasterKeys } from '../crypto/secret-box';

export enum ClientErrorCode {
  NameTaken = 'CLIENT_NAME_TAKEN',
  InvalidName = 'CLIENT_INVALID_NAME',
  InvalidCallbackUrl = 'CLIENT_INVALID_CALLBACK_URL',
  UnknownKeyId = 'CLIENT_UNKNOWN_KEY_ID',
  TooManySecrets = 'CLIENT_TOO_MANY_SECRETS',
}

export class ClientError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ClientError';
  }
}

/** What the webhook needs to authenticate a client and call it back. */
export interface ActiveClient {
  readonly id: string;
  readonly name: string;
  readonly keyId: string;
  readonly callbackUrl: string | null;
  /** Plain secrets, newest first: at most two are active (rotation). */
  readonly secrets: readonly string[];
}

export interface IssuedCredentials {
  readonly keyId: string;
  readonly secret: string;
}

/** A client just added: its first credentials and its row id (cases, active domains and outbox rows name the client by it). */
export interface AddedClient extends IssuedCredentials {
  readonly id: string;
}

/** Two active secrets let a client switch without downtime; a third needs the oldest retired. */
export const MAX_ACTIVE_SECRETS = 2;

const CACHE_MS = 5_000;

export function checkCallbackUrl(value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ClientError(ClientErrorCode.InvalidCallbackUrl, `callback URL is not a URL: ${value}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new ClientError(ClientErrorCode.InvalidCallbackUrl, 'callback URL must be http or https');
  }
  return parsed.toString();
}

/** API clients and their signing secrets (sealed with the master key at rest). */
export class ClientDirectory {
  private readonly cache = new Map<string, { client: ActiveClient | null; until: number }>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly keys: MasterKeys,
    private readonly onUnreadableSecret: (keyId: string) => void = () => {},
  ) {}

  /**
   * A secret sealed under another master key cannot verify anything: it is left out (the client
   * gets 401, not 500) and reported, since it means SHINSA_MASTER_KEY changed.
   */
  private openSecret(sealed: Buffer, keyId: string): string[] {
    try {
      return [this.keys.open(sealed)];
    } catch {
      this.onUnreadableSecret(keyId);
      return [];
    }
  }

  async add(name: string, callbackUrl: string | null): Promise<AddedClient> {
    const trimmed = name.trim();
    if (trimmed.length === 0 || trimmed.length > 200) throw new ClientError(ClientErrorCode.InvalidName, 'client name must be 1–200 characters');
    const url = callbackUrl === null ? null : checkCallbackUrl(callbackUrl);
    const keyId = `key_${randomBytes(12).toString('hex')}`;
    const secret = newSecret();
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      const taken = await manager.query('SELECT 1 FROM api_clients WHERE name = $1', [trimmed]);
      if (taken.length > 0) throw new ClientError(ClientErrorCode.NameTaken, `a client named "${trimmed}" already exists`);
      await manager.query('INSERT INTO api_clients (id, name, key_id, callback_url) VALUES ($1, $2, $3, $4)', [id, trimmed, keyId, url]);
      await manager.query('INSERT INTO api_client_secrets (id, client_id, secret_sealed) VALUES ($1, $2, $3)', [randomUUID(), id, this.keys.seal(secret)]);
    });
    return { id, keyId, secret };
  }

  /** Retires every secret of a client and issues a new one (the development launcher's demo client). */
  async reissue(keyId: string): Promise<IssuedCredentials> {
    const secret = newSecret();
    await this.dataSource.transaction(async (manager) => {
      const clients: { id: string }[] = await manager.query('SELECT id FROM api_clients WHERE key_id = $1 FOR UPDATE', [keyId]);
      const client = clients[0];
      if (!client) throw new ClientError(ClientErrorCode.UnknownKeyId, `no client has key id ${keyId}`);
      await manager.query('UPDATE api_client_secrets SET retired_at = now() WHERE client_id = $1 AND retired_at IS NULL', [client.id]);
      await manager.query('INSERT INTO api_client_secrets (id, client_id, secret_sealed) VALUES ($1, $2, $3)', [randomUUID(), client.id, this.keys.seal(secret)]);
    });
    this.cache.delete(keyId);
    return { keyId, secret };
  }

  /** Adds a secret; with `retireOldest`, first retires the oldest when two are already active. */
  async rotate(keyId: string, options: { retireOldest: boolean }): Promise<IssuedCredentials> {
    const secret = newSecret();
    await this.dataSource.transaction(async (manager) => {
      const clients: { id: string }[] = await manager.query('SELECT id FROM api_clients WHERE key_id = $1 FOR UPDATE', [keyId]);
      const client = clients[0];
      if (!client) throw new ClientError(ClientErrorCode.UnknownKeyId, `no client has key id ${keyId}`);
      const active: { id: string }[] = await manager.query('SELECT id FROM api_client_secrets WHERE client_id = $1 AND retired_at IS NULL ORDER BY created_at', [client.id]);
      if (active.length >= MAX_ACTIVE_SECRETS) {
        if (!options.retireOldest) {
          throw new ClientError(ClientErrorCode.TooManySecrets, `${keyId} already has ${MAX_ACTIVE_SECRETS} active secrets; pass --retire-oldest to retire the older one`);
        }
        const retire = active.slice(0, active.length - MAX_ACTIVE_SECRETS + 1).map((row) => row.id);
        await manager.query('UPDATE api_client_secrets SET retired_at = now() WHERE id = ANY($1)', [retire]);
      }
      await manager.query('INSERT INTO api_client_secrets (id, client_id, secret_sealed) VALUES ($1, $2, $3)', [randomUUID(), client.id, this.keys.seal(secret)]);
    });
    this.cache.delete(keyId);
    return { keyId, secret };
  }

  async list(): Promise<{ name: string; keyId: string; callbackUrl: string | null; activeSecrets: number; createdAt: Date }[]> {
    const rows: { name: string; key_id: string; callback_url: string | null; active: string; created_at: Date }[] = await this.dataSource.query(
      `SELECT c.name, c.key_id, c.callback_url, c.created_at,
              (SELECT count(*) FROM api_client_secrets s WHERE s.client_id = c.id AND s.retired_at IS NULL) AS active
         FROM api_clients c ORDER BY c.name`,
    );
    return rows.map((row) => ({ name: row.name, keyId: row.key_id, callbackUrl: row.callback_url, activeSecrets: Number(row.active), createdAt: row.created_at }));
  }

  async findByName(name: string): Promise<{ keyId: string } | null> {
    const rows: { key_id: string }[] = await this.dataSource.query('SELECT key_id FROM api_clients WHERE name = $1', [name]);
    return rows[0] ? { keyId: rows[0].key_id } : null;
  }

  /** The enabled client with this key id and its active secrets, cached for a few seconds. */
  async findActive(keyId: string, now = Date.now()): Promise<ActiveClient | null> {
    const cached = this.cache.get(keyId);
    if (cached && cached.until > now) return cached.client;
    const client = await this.load(keyId);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(keyId, { client, until: now + CACHE_MS });
    return client;
  }

  /** By id, uncached: the worker signs callbacks with the newest secret. */
  async findById(id: string): Promise<ActiveClient | null> {
    const rows: { key_id: string }[] = await this.dataSource.query('SELECT key_id FROM api_clients WHERE id = $1', [id]);
    return rows[0] ? this.load(rows[0].key_id) : null;
  }

  private async load(keyId: string): Promise<ActiveClient | null> {
    const rows: { id: string; name: string; key_id: string; callback_url: string | null; secret_sealed: Buffer | null }[] = await this.dataSource.query(
      `SELECT c.id, c.name, c.key_id, c.callback_url, s.secret_sealed
         FROM api_clients c
         LEFT JOIN api_client_secrets s ON s.client_id = c.id AND s.retired_at IS NULL
        WHERE c.key_id = $1 AND c.disabled_at IS NULL
        ORDER BY s.created_at DESC`,
      [keyId],
    );
    const first = rows[0];
    const client: ActiveClient | null = first
      ? {
          id: first.id,
          name: first.name,
          keyId: first.key_id,
          callbackUrl: first.callback_url,
          secrets: rows.flatMap((row) => (row.secret_sealed ? this.openSecret(row.secret_sealed, first.key_id) : [])),
        }
      : null;
    return client;
  }
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
