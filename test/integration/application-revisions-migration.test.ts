import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationRevisions1764320000000 } from '../../src/app/database/migrations/1764320000000-application-revisions';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, openDatabase } from '../support/service';

// Real PostgreSQL: the schema as it was before the migration, with one external id stored three times.
describe(ApplicationRevisions1764320000000.name, () => {
  let database: { url: string; drop: () => Promise<void> };
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = await openDatabase(testConfig(database.url));
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('merges applications stored more than once into one with revisions, re-pointing everything that named them', async () => {
    const runner = db.createQueryRunner();
    const migration = new ApplicationRevisions1764320000000();
    await migration.down(runner);
    const clientId = (await addClient(db, testConfig(database.url))).id;
    const [first, second, third, other] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const stored = [
      [first, 'dup-1', 'first.jp', '2026-11-01T00:00:00Z'],
      [second, 'dup-1', 'second.jp', '2026-11-02T00:00:00Z'],
      [third, 'dup-1', 'third.jp', '2026-11-03T00:00:00Z'],
      [other, 'single-1', 'single.jp', '2026-11-02T00:00:00Z'],
    ] as const;
    for (const [id, externalId, domain, at] of stored) {
      await db.query(`INSERT INTO applications (id, client_id, external_id, product, domain_name, received_at, body, signup_ip) VALUES ($1, $2, $3, 'domain', $4, $5, $6, '126.1.1.1')`, [
        id,
        clientId,
        externalId,
        domain,
        at,
        { externalId, product: 'domain', domain: { name: domain } },
      ]);
      await db.query(`INSERT INTO assessments (id, application_id, trigger, rules_version, outcome, score, hits, created_at) VALUES ($1, $2, 'intake', 'v', 'review', 30, '[]', $3)`, [randomUUID(), id, at]);
      await db.query(`INSERT INTO attributes (application_id, kind, value_hash, observed_at) VALUES ($1, 'phone', '\\x01', $2), ($1, 'email', $3, $2)`, [id, at, Buffer.from(id)]);
      await db.query(`INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at) VALUES ($1, $2, $3, 'open', 'review', 30, now(), $4, $4)`, [randomUUID(), id, clientId, at]);
      await db.query(`INSERT INTO idempotency_keys (client_id, key, request_hash, application_id, response_status, response_body, created_at) VALUES ($1, $2, '\\x00', $3, 200, '{}', $4)`, [clientId, `key-${id}`, id, at]);
    }
    await db.query(`INSERT INTO labels (id, application_id, verdict, source, created_at) VALUES ($1, $2, 'fraud', 'desk', now())`, [randomUUID(), second]);

    // As the migration runner runs it: in one transaction.
    await runner.startTransaction();
    await migration.up(runner);
    await runner.commitTransaction();
    await runner.release();

    expect(await db.query(`SELECT id, revision, domain_name, body->'domain'->>'name' AS body_domain, revised_at IS NOT NULL AS revised FROM applications ORDER BY external_id`)).toEqual([
      { id: first, revision: 3, domain_name: 'third.jp', body_domain: 'third.jp', revised: true },
      { id: other, revision: 1, domain_name: 'single.jp', body_domain: 'single.jp', revised: false },
    ]);
    expect(await db.query(`SELECT revision, body->'domain'->>'name' AS domain FROM application_revisions WHERE application_id = $1 ORDER BY revision`, [first])).toEqual([
      { revision: 1, domain: 'first.jp' },
      { revision: 2, domain: 'second.jp' },
    ]);
    expect(await db.query(`SELECT revision FROM assessments WHERE application_id = $1 ORDER BY created_at`, [first])).toEqual([{ revision: 1 }, { revision: 2 }, { revision: 3 }]);
    // The shared phone hash once, each e-mail hash kept; the cases, keys and label follow the application.
    expect(Number((await db.query(`SELECT count(*) AS n FROM attributes WHERE application_id = $1`, [first]))[0].n)).toBe(4);
    // Its three cases: the newest stays in the queue, the other two close as merged into it.
    const cases: { state: string; decision_reason: string | null; created_at: Date }[] = await db.query(`SELECT state, decision_reason, created_at FROM cases WHERE application_id = $1 ORDER BY created_at`, [first]);
    expect(cases.map((row) => [row.state, row.decision_reason])).toEqual([
      ['decided', 'MERGED'],
      ['decided', 'MERGED'],
      ['open', null],
    ]);
    expect(Number((await db.query(`SELECT count(*) AS n FROM case_events e JOIN cases c ON c.id = e.case_id WHERE c.application_id = $1 AND e.type = 'merged'`, [first]))[0].n)).toBe(2);
    expect(Number((await db.query(`SELECT count(*) AS n FROM idempotency_keys WHERE application_id = $1`, [first]))[0].n)).toBe(3);
    expect(await db.query(`SELECT application_id FROM labels`)).toEqual([{ application_id: first }]);
    await expect(db.query(`INSERT INTO applications (id, client_id, external_id, product, received_at, body) VALUES ($1, $2, 'dup-1', 'domain', now(), '{}')`, [randomUUID(), clientId])).rejects.toThrow(/applications_client_external/);
  });
});
