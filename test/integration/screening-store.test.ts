import { createHash, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientDirectory } from '../../src/app/clients/client-directory';
import type { AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { driverPool } from '../../src/app/database/data-source';
import { timeOrderedUuid } from '../../src/app/database/time-ordered-id';
import { ScreeningStore, type NewScreening } from '../../src/app/intake/screening-store';
import { HistoryScreener } from '../../src/app/linkage/history-screener';
import { LinkageLookup } from '../../src/app/linkage/linkage-lookup';
import { Screener } from '../../src/screening/screener';
import { anApplication } from '../support/factories';
import { withOutboxRefusing } from '../support/faults';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, openDatabase } from '../support/service';

// Real parts: PostgreSQL (a database cloned for this file). Screenings submitted in one turn of
// the event loop are written as one batch, so these tests control what shares a statement.
describe(ScreeningStore.name, () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let db: DataSource;
  let clientId: string;
  let history: HistoryScreener;
  let sut: ScreeningStore;

  const aScreening = async (externalId: string, idempotencyKey: string = randomUUID()): Promise<NewScreening> => {
    const application = anApplication({ externalId, domain: { name: 'smbc-card-login.jp' } });
    const receivedAt = new Date();
    const { assessment, facts, inputs } = await history.screen(application, { domainName: application.domain?.name ?? null, asOf: receivedAt, self: null });
    const caseId = assessment.outcome === 'allow' ? null : timeOrderedUuid();
    return {
      clientId,
      idempotencyKey,
      requestHash: createHash('sha256').update(JSON.stringify(application)).digest(),
      application,
      assessment,
      attributes: inputs.attributes,
      phoneNumbers: inputs.phoneNumbers,
      facts,
      response: { id: timeOrderedUuid(), externalId, revision: 1, outcome: assessment.outcome, score: assessment.score, rulesVersion: assessment.rulesVersion, caseId, receivedAt: receivedAt.toISOString(), hits: [...assessment.hits] },
      receivedAt,
      caseDueAt: caseId ? new Date(receivedAt.getTime() + 3_600_000) : null,
    };
  };

  const transactionsOf = async (externalIds: string[]): Promise<number> =>
    Number((await db.query('SELECT count(DISTINCT xmin::text) AS n FROM applications WHERE external_id = ANY($1)', [externalIds]))[0].n);

  const count = async (table: string, where: string, params: unknown[]): Promise<number> => Number((await db.query(`SELECT count(*) AS n FROM ${table} WHERE ${where}`, params))[0].n);

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url);
    db = await openDatabase(config);
    const keys = new MasterKeys(config.masterKey);
    const { keyId } = await addClient(db, config);
    clientId = (await new ClientDirectory(db, keys).findActive(keyId))!.id;
    history = new HistoryScreener(new Screener(), new LinkageLookup(() => driverPool(db)), keys);
    sut = new ScreeningStore(db);
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('writes screenings that arrive together in one transaction, each with all its rows', async () => {
    const screenings = await Promise.all(Array.from({ length: 8 }, (_, index) => aScreening(`batch-${index}`)));
    const results = await Promise.all(screenings.map((screening) => sut.insert(screening)));
    expect(results).toEqual(Array(8).fill({ inserted: true }));
    const externalIds = screenings.map((screening) => screening.application.externalId);
    expect(await transactionsOf(externalIds)).toBe(1);
    for (const screening of screenings) {
      const id = screening.response.id;
      expect(await count('assessments', 'application_id = $1', [id])).toBe(1);
      expect(await count('attributes', 'application_id = $1', [id])).toBe(screening.attributes.length);
      expect(await count('outbox', 'aggregate_id = $1', [id])).toBe(1);
      expect(await count('idempotency_keys', 'application_id = $1', [id])).toBe(1);
      expect(await count('cases', 'application_id = $1', [id])).toBe(screening.response.caseId ? 1 : 0);
      expect(await count('case_events e JOIN cases c ON c.id = e.case_id', 'c.application_id = $1', [id])).toBe(screening.response.caseId ? 1 : 0);
    }
  });

  it('fails only the screening whose write fails; the others of its batch are stored', async () => {
    await withOutboxRefusing(db, 'batch-bad', async () => {
      const screenings = await Promise.all(['batch-good-1', 'batch-bad', 'batch-good-2'].map((externalId) => aScreening(externalId)));
      const settled = await Promise.allSettled(screenings.map((screening) => sut.insert(screening)));
      expect(settled.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect(await count('applications', 'external_id = ANY($1)', [['batch-good-1', 'batch-good-2']])).toBe(2);
      expect(await count('applications', "external_id = 'batch-bad'", [])).toBe(0);
      expect(await count('idempotency_keys', 'key = $1', [screenings[1]!.idempotencyKey])).toBe(0);
    });
  });

  it('answers a key already taken with the stored answer, beside new keys in the same batch', async () => {
    const earlier = await aScreening('batch-earlier');
    await sut.insert(earlier);
    const retry = { ...(await aScreening('batch-retry', earlier.idempotencyKey)), requestHash: earlier.requestHash };
    const fresh = await aScreening('batch-fresh');
    const [retried, stored] = await Promise.all([sut.insert(retry), sut.insert(fresh)]);
    expect(retried).toMatchObject({ inserted: false, existing: { requestHash: earlier.requestHash, body: { id: earlier.response.id } } });
    expect(stored).toEqual({ inserted: true });
    expect(await count('applications', "external_id = 'batch-retry'", [])).toBe(0);
  });

  it('stores one application for two screenings with one key submitted together', async () => {
    const key = randomUUID();
    const [first, second] = await Promise.all([aScreening('batch-twin', key), aScreening('batch-twin', key)]);
    const results = await Promise.all([sut.insert(first!), sut.insert(second!)]);
    // They go in different statements, which may run at once: either may win the key.
    expect(results.filter((result) => result.inserted)).toHaveLength(1);
    const winner = results[0]!.inserted ? first! : second!;
    expect(results.find((result) => !result.inserted)).toMatchObject({ inserted: false, existing: { body: { id: winner.response.id } } });
    expect(await count('applications', "external_id = 'batch-twin'", [])).toBe(1);
  });
});
