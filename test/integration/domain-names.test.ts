import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { driverPool } from '../../src/app/database/data-source';
import { DomainNamesInAscii1764335000000 } from '../../src/app/database/migrations/1764335000000-domain-names-in-ascii';
import { DomainImporter } from '../../src/app/domains/domain-importer';
import { readPortfolio } from '../../src/app/domains/portfolio';
import { HistoryScreener } from '../../src/app/linkage/history-screener';
import { LinkageLookup } from '../../src/app/linkage/linkage-lookup';
import { RescanService } from '../../src/app/rescan/rescan-service';
import { reviewPolicyOf } from '../../src/app/review/case-policy';
import { Screener } from '../../src/screening/screener';
import { anUnlinkedApplication } from '../support/factories';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, startApi, type RunningApi, type TestClient } from '../support/service';

// Real api, PostgreSQL and importer: one domain is one name, however it arrives.
describe('an internationalised domain name', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;
  let scratch: string;

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url);
    api = await startApi(config);
    db = await openDatabase(config);
    client = await addClient(db, config);
    scratch = mkdtempSync(path.join(tmpdir(), 'shinsa-idn-'));
  });

  afterAll(async () => {
    rmSync(scratch, { recursive: true, force: true });
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('sent to the webhook in Unicode and imported from the portfolio is one active domain', async () => {
    const response = await postScreening(api.baseUrl, client, JSON.stringify(anUnlinkedApplication('idn', 1, { externalId: 'idn-1', domain: { name: '例え.JP.' } })));
    expect(response.status).toBe(200);
    const { id, outcome } = await json(response);
    expect(outcome).toBe('allow');
    expect(await db.query('SELECT domain_name FROM applications WHERE id = $1', [id])).toEqual([{ domain_name: 'xn--r8jz45g.jp' }]);

    const file = path.join(scratch, 'portfolio.jsonl');
    writeFileSync(file, `${JSON.stringify({ domain: '例え.jp', registeredOn: '2026-11-01' })}\n`);
    const report = await new DomainImporter(db).import(readPortfolio(file), { clientId: client.id, onBad: () => {} });
    expect(report).toMatchObject({ inserted: 1, bad: 0 });

    // The nightly rescan takes allowed applications in as active domains: the same row, now with its application.
    const screener = new Screener();
    const rescan = new RescanService(db, new HistoryScreener(screener, new LinkageLookup(() => driverPool(db)), new MasterKeys(config.masterKey)), reviewPolicyOf(screener.engine.rules), { chunkSize: 10, concurrency: 1 });
    await rescan.plan('idn-night', 'test');
    expect(await db.query(`SELECT domain, application_id::text AS application FROM active_domains WHERE domain IN ('xn--r8jz45g.jp', '例え.jp')`)).toEqual([{ domain: 'xn--r8jz45g.jp', application: id }]);
  });

  it('stored in Unicode by an earlier version is rewritten by the migration, keeping one active domain', async () => {
    const [{ id }] = await db.query(`INSERT INTO applications (id, client_id, external_id, product, domain_name, received_at, body) VALUES (gen_random_uuid(), $1, 'idn-old', 'domain', 'ドメイン.jp', now(), '{}') RETURNING id::text AS id`, [client.id]);
    await db.query(`INSERT INTO active_domains (domain, client_id, application_id, source, body, created_at, updated_at) VALUES ('ドメイン.jp', $1, $2, 'application', '{}', now(), now())`, [client.id, id]);
    await db.query(`INSERT INTO active_domains (domain, client_id, source, body, created_at, updated_at) VALUES ('xn--eckwd4c7c.jp', $1, 'import', '{}', now(), now())`, [client.id]);

    const runner = db.createQueryRunner();
    try {
      await new DomainNamesInAscii1764335000000().up(runner);
    } finally {
      await runner.release();
    }
    expect(await db.query('SELECT domain_name FROM applications WHERE id = $1', [id])).toEqual([{ domain_name: 'xn--eckwd4c7c.jp' }]);
    expect(await db.query(`SELECT domain, source, application_id::text AS application FROM active_domains WHERE domain IN ('xn--eckwd4c7c.jp', 'ドメイン.jp')`)).toEqual([
      { domain: 'xn--eckwd4c7c.jp', source: 'import', application: id },
    ]);
  });
});
