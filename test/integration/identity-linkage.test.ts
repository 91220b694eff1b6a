import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { driverPool } from '../../src/app/database/data-source';
import { HistoryScreener } from '../../src/app/linkage/history-screener';
import { LinkageLookup } from '../../src/app/linkage/linkage-lookup';
import type { Application } from '../../src/engine';
import { Screener } from '../../src/screening/screener';
import { anApplication } from '../support/factories';
import { createTestDatabase, testEnvironment } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, postSigned, startApi, type RunningApi, type TestClient } from '../support/service';

const DAY_MS = 86_400_000;

// Real parts: the api on a port and PostgreSQL; the look-up "as of" a later day reads the same tables.
describe('identity-aware linkage', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;
  let history: HistoryScreener;
  let sequence = 0;

  /** A registrant of its own (name, phone, mailbox, street, card, device, nameservers); share details by passing them. */
  const registrantApplication = (overrides: { registrant?: Record<string, unknown>; [key: string]: unknown } = {}): Application => {
    sequence += 1;
    const n = String(sequence).padStart(4, '0');
    const phone = `+81 90-${1000 + ((sequence * 7919) % 9000)}-${1000 + ((sequence * 104729) % 9000)}`;
    const given = ['一郎', '二郎', '三郎', '四郎', '五郎', '六郎', '七郎', '八郎', '九郎', '十郎'];
    return anApplication({
      externalId: `id-${n}`,
      domain: { name: `identity-case-${n}.jp`, nameservers: [`ns1.own-${n}.example.net`] },
      verification: { sms: { number: phone } },
      signup: { ip: `126.${sequence % 250}.7.9`, port: 40000 + sequence, deviceId: `device-${n}` },
      payment: { fingerprint: `sha256:card-${n}` },
      ...overrides,
      registrant: {
        name: { kanji: `${['高橋', '渡辺', '伊藤', '山本', '中村', '小林', '加藤', '吉田'][sequence % 8]} ${given[sequence % 10]}${n}`, kana: null, romaji: null },
        email: `user.${n}@gmail.com`,
        phone,
        address: { line1: `千代田${sequence}-${sequence + 1}-1` },
        ...overrides.registrant,
      },
    } as Parameters<typeof anApplication>[0]);
  };

  const screen = async (application: Application) => {
    const response = await postScreening(api.baseUrl, client, JSON.stringify(application));
    expect(response.status).toBe(200);
    return json(response);
  };
  const label = async (applicationId: string) => expect((await postSigned(api.baseUrl, '/v1/labels', client, JSON.stringify({ applicationId, verdict: 'fraud', source: 'abuse-desk' }))).status).toBe(201);
  const reasons = (body: { hits: { reason: string }[] }) => body.hits.map((hit) => hit.reason);
  const laterReasons = async (application: Application, daysLater: number) =>
    (await history.screen(application, { domainName: application.domain?.name ?? null, asOf: new Date(Date.now() + daysLater * DAY_MS), self: null, clientId: client.id })).assessment.hits.map((hit) => hit.reason);

  beforeAll(async () => {
    database = await createTestDatabase();
    config = loadConfig(testEnvironment(database.url));
    api = await startApi(config);
    db = await openDatabase(config);
    client = await addClient(db, config);
    history = new HistoryScreener(new Screener(), new LinkageLookup(() => driverPool(db)), new MasterKeys(config.masterKey));
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('counts a card and a device shared by two registrants as a campaign before any label, and the same registrant returning with them as nothing', async () => {
    const card = 'sha256:card-two-identities';
    const deviceId = 'device-two-identities';
    const first = await screen(registrantApplication({ payment: { fingerprint: card }, signup: { ip: '126.77.7.9', port: 41001, deviceId } }));
    const stranger = await screen(registrantApplication({ payment: { fingerprint: card }, signup: { ip: '126.78.7.9', port: 41002, deviceId } }));
    expect(reasons(first)).not.toContain('LINKED_ACROSS_IDENTITIES');
    expect(reasons(stranger)).toContain('LINKED_ACROSS_IDENTITIES');
    expect(stranger.outcome).not.toBe('allow');
    expect(stranger.hits.find((hit: { reason: string }) => hit.reason === 'LINKED_ACROSS_IDENTITIES').detail).toContain(first.id);

    // One registrant (the same name and mailbox), three domains with one card and device.
    const own = {
      registrant: { name: { kanji: '森 由美', kana: null, romaji: null }, email: 'yumi.mori@example-shop.jp', phone: '+81 90-5555-0101' },
      verification: { sms: { number: '+81 90-5555-0101' } },
      payment: { fingerprint: 'sha256:card-one-identity' },
      signup: { ip: '126.90.7.9', port: 41003, deviceId: 'device-one-identity' },
    };
    const results = [];
    for (let index = 0; index < 3; index += 1) results.push(await screen(registrantApplication({ ...own, domain: { name: `mori-shop-${index}.jp`, nameservers: ['ns1.mori-shop.jp', 'ns2.mori-shop.jp'] } })));
    for (const result of results) {
      expect(reasons(result).filter((reason: string) => reason.startsWith('LINKED_'))).toEqual([]);
      expect(result.outcome).toBe('allow');
    }
    // Five weeks on, the same registrant is established: evidence for it.
    expect(await laterReasons(registrantApplication({ ...own, domain: { name: 'mori-shop-9.jp', nameservers: ['ns1.mori-shop.jp', 'ns2.mori-shop.jp'] } }), 35)).toContain('IDENTITY_ESTABLISHED');
  });

  it('does not spread a fraud label through gmail.com or a carrier network\'s /24', async () => {
    // 126.0.0.0/8 is SoftBank (AS17676): mobile CGNAT and consumer broadband, on rules/lists/consumer-access-asns.yaml.
    const labelled = await screen(registrantApplication({ registrant: { email: 'fraud.box@gmail.com' }, signup: { ip: '126.33.44.10', port: 42001, deviceId: 'device-fraud' } }));
    await label(labelled.id);
    for (let index = 0; index < 6; index += 1) {
      const bystander = await screen(registrantApplication({ signup: { ip: `126.33.44.${20 + index}`, port: 42010 + index, deviceId: `device-bystander-${index}` } }));
      expect(reasons(bystander).filter((reason: string) => reason.startsWith('LINKED_'))).toEqual([]);
      expect(bystander.outcome).toBe('allow');
    }
    const stored = await db.query(`SELECT kind FROM attributes WHERE application_id = $1 ORDER BY kind`, [labelled.id]);
    expect(stored.map((row: { kind: string }) => row.kind)).not.toEqual(expect.arrayContaining(['email_domain']));
    expect(stored.map((row: { kind: string }) => row.kind)).not.toEqual(expect.arrayContaining(['ip_prefix']));
  });

  it('catches a slow campaign that shares only its own nameservers and mail domain', async () => {
    const member = (index: number) =>
      registrantApplication({ domain: { name: `parcel-notice-${index}.com`, nameservers: ['ns1.quiet-dns.example', 'ns2.quiet-dns.example'] }, registrant: { email: `support${index}@quiet-mail.example` } });
    const members = [];
    for (let index = 0; index < 4; index += 1) members.push(await screen(member(index)));
    expect(reasons(members[0])).not.toContain('LINKED_ACROSS_IDENTITIES');
    for (const later of members.slice(1)) {
      expect(reasons(later)).toContain('LINKED_ACROSS_IDENTITIES');
      expect(later.outcome).not.toBe('allow');
    }
  });

  it('catches one registrant name on a stack of SIMs from one phone block, the numbers far enough apart not to be consecutive', async () => {
    const member = (index: number) => {
      const phone = `+81 70-3456-${String(1000 + index * 700)}`;
      return registrantApplication({ registrant: { name: { kanji: '佐々木 翔', kana: null, romaji: null }, phone }, verification: { sms: { number: phone } } });
    };
    const members = [];
    for (let index = 0; index < 4; index += 1) members.push(await screen(member(index)));
    expect(reasons(members[0])).not.toContain('LINKED_ACROSS_IDENTITIES');
    expect(reasons(members[3])).not.toContain('LINKED_CONSECUTIVE_PHONES');
    expect(reasons(members[3])).toContain('LINKED_ACROSS_IDENTITIES');
    expect(members[3].hits.find((hit: { reason: string }) => hit.reason === 'LINKED_ACROSS_IDENTITIES').detail).toContain('name on one phone block');
  });

  it('holds against the newcomer, not the company, a corporate number copied with other contacts, and keeps the company clean after the copy is labelled', async () => {
    const company = (domain: string, person: string) =>
      registrantApplication({
        domain: { name: domain, nameservers: ['ns1.aozora-shoji.co.jp', 'ns2.aozora-shoji.co.jp'] },
        registrant: {
          type: 'organization',
          name: { kanji: person, kana: null, romaji: null },
          organization: { name: '青空商事株式会社', corporateNumber: '7010001099999' },
          email: `${domain.split('.')[0]}@aozora-shoji.co.jp`,
          phone: '+81 3-6666-1200',
          address: { postalCode: '100-0005', line1: '丸の内2-9-9', line2: '青空ビル5F' },
        },
        verification: null,
      });
    const history = [await screen(company('aozora-shoji.jp', '青木 一')), await screen(company('aozora-shop.jp', '青木 一'))];
    // The company's history is three months old (the webhook stores on its arrival clock).
    await db.query(`UPDATE attributes SET observed_at = observed_at - interval '90 days' WHERE application_id = ANY($1::uuid[])`, [history.map((stored) => stored.id)]);
    const copy = registrantApplication({
      domain: { name: 'aozora-shoji-login.com', nameservers: ['ns1.copy-dns.example'] },
      registrant: {
        type: 'organization',
        organization: { name: '青空商事株式会社', corporateNumber: '7010001099999' },
        email: 'info@aozora-shoji-support.example',
        address: { postalCode: '100-0005', line1: '丸の内2-9-9', line2: '青空ビル5F' },
      },
    });
    const stored = await screen(copy);
    expect(reasons(stored)).toContain('IDENTITY_CLAIM_CONFLICT');
    expect(stored.outcome).not.toBe('allow');
    await label(stored.id);
    // The company's own next domain, with a new staff member but its phone and mail domain: clean.
    const next = company('aozora-travel.jp', '青木 二郎');
    const nextScreened = await screen(next);
    expect(reasons(nextScreened)).not.toContain('IDENTITY_CLAIM_CONFLICT');
    expect(nextScreened.outcome).toBe('allow');
    expect(reasons(nextScreened).filter((reason: string) => reason.startsWith('LINKED_'))).toEqual([]);
  });
});
