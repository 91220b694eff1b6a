import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { ClientView } from '../../src/app/intake/client-view';
import type { Hit } from '../../src/engine';
import { anUnlinkedApplication } from '../support/factories';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, startApi, type RunningApi, type TestClient } from '../support/service';

// Real api and PostgreSQL: what one client may read of details that name applications and names.
describe('ClientView', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let a: TestClient;
  let b: TestClient;
  const stored: Record<string, { id: string; name: string }> = {};

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url);
    api = await startApi(config);
    db = await openDatabase(config);
    a = await addClient(db, config);
    b = await addClient(db, config);
    for (const [key, client, serial] of [['a1', a, 1], ['a2', a, 2], ['b1', b, 3]] as const) {
      const name = `view-${key}.jp`;
      const response = await postScreening(api.baseUrl, client, JSON.stringify(anUnlinkedApplication('view', serial, { externalId: `view-${key}`, domain: { name } })));
      expect(response.status).toBe(200);
      stored[key] = { id: (await json(response)).id, name };
    }
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  const hit = (detail: string): Hit => ({ signal: 'linkage.shared_details', reason: 'LINKED_ACROSS_IDENTITIES', points: 30, detail });

  it("keeps the client's own applications and names and counts the others without naming them", async () => {
    const { a1, a2, b1 } = stored as Record<'a1' | 'a2' | 'b1', { id: string; name: string }>;
    const hits = [hit(`shares its address with applications ${a1.id}, ${b1.id} (+2 more)`), hit(`a series of names (also ${a2.name}, ${b1.name})`)];
    const facts = { asOf: new Date().toISOString(), domainSeries: { members: [a2.name, b1.name], template: 'view-*.jp', size: 3 } } as never;

    const forA = await new ClientView(db).hits(a.id, hits, facts);
    expect(forA[0]!.detail).toBe(`shares its address with applications ${a1.id} (+3 more)`);
    expect(forA[1]!.detail).toBe(`a series of names (also ${a2.name}, …)`);

    const forB = await new ClientView(db).hits(b.id, hits, facts);
    expect(forB[0]!.detail).toBe(`shares its address with applications ${b1.id} (+3 more)`);
    expect(forB[1]!.detail).toBe(`a series of names (also ${b1.name}, …)`);
    expect(JSON.stringify(forB)).not.toContain(a1.id);
    expect(JSON.stringify(forB)).not.toContain(a2.name);
  });

  it('names nothing of an id or name no client of its own holds', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const [view] = await new ClientView(db).hits(a.id, [hit(`shares its card with applications ${unknown}`)], null);
    expect(view!.detail).toBe('shares its card with 1 application(s)');
  });
});
