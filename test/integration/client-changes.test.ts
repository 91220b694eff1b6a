import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientChangeListener } from '../../src/app/clients/client-changes';
import { ClientDirectory } from '../../src/app/clients/client-directory';
import type { AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { createTestDatabase, testConfig } from '../support/service-env';
import { openDatabase, waitFor } from '../support/service';

// Real PostgreSQL: one directory stands for the running api (with its cache and the listener),
// another for the CLI in another process. The api's clock is frozen at the moment it cached the
// client, so only the announcement — never the cache's expiry — can make it see the change.
describe('client changes made in another process', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let db: DataSource;
  let listener: ClientChangeListener | undefined;

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url);
    db = await openDatabase(config);
  });

  afterAll(async () => {
    await listener?.stop();
    await db?.destroy();
    await database?.drop();
  });

  it('reach the api at once: a rotated-out secret is refused and a new one accepted without waiting for the cache', async () => {
    const keys = new MasterKeys(config.masterKey);
    const api = new ClientDirectory(db, keys);
    const cli = new ClientDirectory(db, keys);
    const added = await cli.add('rotating-elsewhere', null);
    const frozen = Date.now();
    expect((await api.findActive(added.keyId, frozen))?.secrets).toEqual([added.secret]);

    let listening = 0;
    listener = new ClientChangeListener(config.databaseUrl, { changed: (keyId) => api.forget(keyId), listening: () => (listening += 1) });
    await listener.start();
    expect(listening).toBe(1);

    const second = await cli.rotate(added.keyId, { retireOldest: false });
    const both = await waitFor(async () => {
      const secrets = (await api.findActive(added.keyId, frozen))?.secrets ?? [];
      return secrets.length === 2 ? secrets : undefined;
    }, 'the api directory to see the second secret');
    expect([...both].sort()).toEqual([added.secret, second.secret].sort());

    const third = await cli.rotate(added.keyId, { retireOldest: true });
    const after = await waitFor(async () => {
      const secrets = (await api.findActive(added.keyId, frozen))?.secrets ?? [];
      return secrets.includes(added.secret) ? undefined : secrets;
    }, 'the api directory to drop the retired secret');
    expect([...after].sort()).toEqual([second.secret, third.secret].sort());
  });

  it('listens again after its connection is killed, and forgets everything it may have missed', async () => {
    const keys = new MasterKeys(config.masterKey);
    const api = new ClientDirectory(db, keys);
    const cli = new ClientDirectory(db, keys);
    const added = await cli.add('reconnecting', null);
    const frozen = Date.now();
    await api.findActive(added.keyId, frozen);

    let listening = 0;
    const own = new ClientChangeListener(config.databaseUrl, { changed: (keyId) => api.forget(keyId), listening: () => { listening += 1; api.forgetAll(); } });
    await own.start();
    try {
      const admin = new Client({ connectionString: config.databaseUrl });
      await admin.connect();
      try {
        const { rowCount } = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'shinsa-client-changes' AND datname = current_database()`);
        expect(rowCount).toBeGreaterThan(0);
        // A change while nobody listens is missed by the announcement …
        const rotated = await cli.rotate(added.keyId, { retireOldest: false });
        // … and caught by forgetting everything on listening again.
        await waitFor(async () => (listening >= 2 ? true : undefined), 'the listener to listen again');
        expect((await api.findActive(added.keyId, frozen))?.secrets).toContain(rotated.secret);
      } finally {
        await admin.end();
      }
    } finally {
      await own.stop();
    }
  });
});
