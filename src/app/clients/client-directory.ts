import { CodedError } from '../../engine/errors';
import { randomBytes, randomUUID } from 'node:crypto';
import { CLIENT_CHANGED_CHANNEL } from './client-changes';
import type { DataSource } from 'typeorm';
import type { MasterKeys } from '../crypto/secret-box';
import { newWebhookSecret } from '../crypto/standard-webhooks';
import { query } from '../database/query';

export enum ClientErrorCode {
  NameTaken = 'CLIENT_NAME_TAKEN',
  InvalidName = 'CLIENT_INVALID_NAME',
  InvalidCallbackUrl = 'CLIENT_INVALID_CALLBACK_URL',
  UnknownKeyId = 'CLIENT_UNKNOWN_KEY_ID',
  TooManySecrets = 'CLIENT_TOO_MANY_SECRETS',
}

export class ClientError extends CodedError<ClientErrorCode> {}

/** What the webhook needs to authenticate a client and call it back. */
export interface ActiveClient {
  readonly id: string;
  readonly name: string;
  readonly keyId: string;
  readonly callbackUrl: string | null;
  /** Plain request-signing secrets, newest first: at most two are active (rotation). */
  readonly secrets: readonly string[];
  /** The callback endpoint's `whsec_` secrets, newest first (at most two during a rotation); they sign what shinsa sends. */
  readonly callbackSecrets: readonly string[];
}

export interface IssuedCredentials {
  readonly keyId: string;
  readonly secret: string;
}

/** What a secret is for: signing the client's requests to shinsa, or shinsa's callbacks to the client's endpoint. */
export type SecretPurpose = 'request' | 'callback';

/** A client just added: its first credentials and its row id (cases, active domains and outbox rows name the client by it). */
export interface AddedClient extends IssuedCredentials {
  readonly id: string;
  /** The callback endpoint's `whsec_` secret, when a callback URL was given. */
  readonly callbackSecret?: string;
}

/** Two active secrets let a client switch without downtime; a third needs the oldest retired. */
const MAX_ACTIVE_SECRETS = 2;

/** How long a client's secrets are cached: a change from another process is announced at once (ClientChangeListener), this bounds it when that is missed. */
const CACHE_MS = 5_000;
/** How long a key id that names no client is remembered, and how many such ids at most (oldest forgotten first). */
const UNKNOWN_CACHE_MS = 60_000;
const UNKNOWN_CACHE_SIZE = 10_000;

function checkCallbackUrl(value: string): string {
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
  private readonly cache = new Map<string, { client: ActiveClient; until: number }>();
  /** Key ids that named no enabled client: kept apart, so guessed ids never push real clients out. */
  private readonly unknown = new Map<string, number>();

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
    const callbackSecret = url === null ? undefined : newWebhookSecret();
    const id = randomUUID();
    await this.dataSource.transaction(async (manager) => {
      const taken = await manager.query('SELECT 1 FROM api_clients WHERE name = $1', [trimmed]);
      if (taken.length > 0) throw new ClientError(ClientErrorCode.NameTaken, `a client named "${trimmed}" already exists`);
      await manager.query('INSERT INTO api_clients (id, name, key_id, callback_url) VALUES ($1, $2, $3, $4)', [id, trimmed, keyId, url]);
      await manager.query(`INSERT INTO api_client_secrets (id, client_id, secret_sealed, purpose) VALUES ($1, $2, $3, 'request')`, [randomUUID(), id, this.keys.seal(secret)]);
      if (callbackSecret) await manager.query(`INSERT INTO api_client_secrets (id, client_id, secret_sealed, purpose) VALUES ($1, $2, $3, 'callback')`, [randomUUID(), id, this.keys.seal(callbackSecret)]);
    });
    this.unknown.delete(keyId);
    return { id, keyId, secret, ...(callbackSecret ? { callbackSecret } : {}) };
  }

  /** Retires every secret of a client and issues a new one (the development launcher's demo client). */
  async reissue(keyId: string): Promise<IssuedCredentials> {
    const secret = newSecret();
    await this.dataSource.transaction(async (manager) => {
      const clients = await query<{ id: string }>(manager, 'SELECT id FROM api_clients WHERE key_id = $1 FOR UPDATE', [keyId]);
      const client = clients[0];
      if (!client) throw new ClientError(ClientErrorCode.UnknownKeyId, `no client has key id ${keyId}`);
      await manager.query(`UPDATE api_client_secrets SET retired_at = now() WHERE client_id = $1 AND retired_at IS NULL AND purpose = 'request'`, [client.id]);
      await manager.query(`INSERT INTO api_client_secrets (id, client_id, secret_sealed, purpose) VALUES ($1, $2, $3, 'request')`, [randomUUID(), client.id, this.keys.seal(secret)]);
      await manager.query('SELECT pg_notify($1, $2)', [CLIENT_CHANGED_CHANNEL, keyId]);
    });
    this.cache.delete(keyId);
    return { keyId, secret };
  }

  /**
   * Adds a secret (a request-signing one, or with `purpose: 'callback'` a `whsec_` one for the
   * callback endpoint); with `retireOldest`, first retires the oldest when two are already active.
   */
  async rotate(keyId: string, options: { retireOldest: boolean; purpose?: SecretPurpose }): Promise<IssuedCredentials> {
    const purpose = options.purpose ?? 'request';
    const secret = purpose === 'callback' ? newWebhookSecret() : newSecret();
    await this.dataSource.transaction(async (manager) => {
      const clients = await query<{ id: string }>(manager, 'SELECT id FROM api_clients WHERE key_id = $1 FOR UPDATE', [keyId]);
      const client = clients[0];
      if (!client) throw new ClientError(ClientErrorCode.UnknownKeyId, `no client has key id ${keyId}`);
      const active = await query<{ id: string }>(manager, 'SELECT id FROM api_client_secrets WHERE client_id = $1 AND purpose = $2 AND retired_at IS NULL ORDER BY created_at', [client.id, purpose]);
      if (active.length >= MAX_ACTIVE_SECRETS) {
        if (!options.retireOldest) {
          throw new ClientError(ClientErrorCode.TooManySecrets, `${keyId} already has ${MAX_ACTIVE_SECRETS} active ${purpose} secrets; pass --retire-oldest to retire the older one`);
        }
        const retire = active.slice(0, active.length - MAX_ACTIVE_SECRETS + 1).map((row) => row.id);
        await manager.query('UPDATE api_client_secrets SET retired_at = now() WHERE id = ANY($1)', [retire]);
      }
      await manager.query('INSERT INTO api_client_secrets (id, client_id, secret_sealed, purpose) VALUES ($1, $2, $3, $4)', [randomUUID(), client.id, this.keys.seal(secret), purpose]);
      await manager.query('SELECT pg_notify($1, $2)', [CLIENT_CHANGED_CHANNEL, keyId]);
    });
    this.cache.delete(keyId);
    return { keyId, secret };
  }

  async list(): Promise<{ name: string; keyId: string; callbackUrl: string | null; activeSecrets: number; callbackSecrets: number; createdAt: Date }[]> {
    const rows = await query<{ name: string; key_id: string; callback_url: string | null; active: string; callback: string; created_at: Date }>(
      this.dataSource,
      `SELECT c.name, c.key_id, c.callback_url, c.created_at,
              (SELECT count(*) FROM api_client_secrets s WHERE s.client_id = c.id AND s.retired_at IS NULL AND s.purpose = 'request') AS active,
              (SELECT count(*) FROM api_client_secrets s WHERE s.client_id = c.id AND s.retired_at IS NULL AND s.purpose = 'callback') AS callback
         FROM api_clients c ORDER BY c.name`,
    );
    return rows.map((row) => ({ name: row.name, keyId: row.key_id, callbackUrl: row.callback_url, activeSecrets: Number(row.active), callbackSecrets: Number(row.callback), createdAt: row.created_at }));
  }

  async findByName(name: string): Promise<{ keyId: string } | null> {
    const rows = await query<{ key_id: string }>(this.dataSource, 'SELECT key_id FROM api_clients WHERE name = $1', [name]);
    return rows[0] ? { keyId: rows[0].key_id } : null;
  }

  /**
   * The enabled client with this key id and its active secrets, cached for a few seconds; a key id
   * that names no client is remembered for a minute, so repeating it costs no look-up.
   */
  async findActive(keyId: string, now = Date.now()): Promise<ActiveClient | null> {
    const cached = this.cache.get(keyId);
    if (cached && cached.until > now) return cached.client;
    const unknownUntil = this.unknown.get(keyId);
    if (unknownUntil !== undefined && unknownUntil > now) return null;
    const client = await this.load(keyId);
    if (client === null) {
      this.unknown.delete(keyId);
      if (this.unknown.size >= UNKNOWN_CACHE_SIZE) this.unknown.delete(this.unknown.keys().next().value!);
      this.unknown.set(keyId, now + UNKNOWN_CACHE_MS);
      return null;
    }
    this.unknown.delete(keyId);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(keyId, { client, until: now + CACHE_MS });
    return client;
  }

  /** Drops what is cached for a key id (its secrets changed in another process). */
  forget(keyId: string): void {
    this.cache.delete(keyId);
    this.unknown.delete(keyId);
  }

  /** Drops everything cached (changes may have been missed). */
  forgetAll(): void {
    this.cache.clear();
    this.unknown.clear();
  }

  /** By id, uncached: the worker signs callbacks with the newest secret. */
  async findById(id: string): Promise<ActiveClient | null> {
    const rows = await query<{ key_id: string }>(this.dataSource, 'SELECT key_id FROM api_clients WHERE id = $1', [id]);
    return rows[0] ? this.load(rows[0].key_id) : null;
  }

  private async load(keyId: string): Promise<ActiveClient | null> {
    const rows = await query<{ id: string; name: string; key_id: string; callback_url: string | null; secret_sealed: Buffer | null; purpose: SecretPurpose | null }>(
      this.dataSource,
      `SELECT c.id, c.name, c.key_id, c.callback_url, s.secret_sealed, s.purpose
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
          secrets: rows.flatMap((row) => (row.secret_sealed && row.purpose === 'request' ? this.openSecret(row.secret_sealed, first.key_id) : [])),
          callbackSecrets: rows.flatMap((row) => (row.secret_sealed && row.purpose === 'callback' ? this.openSecret(row.secret_sealed, first.key_id) : [])),
        }
      : null;
    return client;
  }
}

function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
