import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { MasterKeys } from '../../src/app/crypto/secret-box';
import { RetentionPurge } from '../../src/app/retention/retention-purge';
import { SubjectRequests } from '../../src/app/retention/subject-requests';
import { AuditLog } from '../../src/app/review/audit-log';
import { anApplication } from '../support/factories';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, startApi, type RunningApi, type TestClient } from '../support/service';

// Real PostgreSQL (applications screened through the real api, then aged in SQL).
describe('retention purge', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;
  let clientId: string;
  const ids: Record<string, string> = {};

  const screen = async (name: string, phone: string): Promise<string> => {
    const application = anApplication({
      externalId: `rt-${name}`,
      domain: { name: `${name}.jp` },
      registrant: { phone, email: `${name}@mail.example.ne.jp` },
      verification: { sms: { number: phone.replace(/[ -]/g, '') } },
      signup: { ip: '126.10.20.30', port: 50123, userAgent: 'Mozilla/5.0 (test)', deviceId: 'fp-retention-1' },
    });
    const response = await postScreening(api.baseUrl, client, JSON.stringify(application));
    return (await json(response)).id;
  };
  const age = (id: string, months: number): Promise<unknown> => db.query(`UPDATE applications SET received_at = now() - make_interval(days => $2) WHERE id = $1`, [id, months * 30]);
  const row = async (id: string): Promise<Record<string, any>> => (await db.query('SELECT body, signup_ip, signup_port, signup_purged_at, personal_purged_at FROM applications WHERE id = $1', [id]))[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url, { SHINSA_RATE_LIMIT_PER_MINUTE: '1000' });
    api = await startApi(config);
    db = await openDatabase(config);
    client = await addClient(db, config);
    clientId = client.id;
    let index = 0;
    for (const name of ['fresh', 'old-signup', 'ended', 'active', 'expired', 'fraud-held', 'case-held']) {
      index += 1;
      ids[name] = await screen(name, `+81 90-${3100 + index * 17}-${4200 + index * 19}`);
    }
    await age(ids['old-signup']!, 13);
    for (const name of ['ended', 'active', 'expired', 'fraud-held', 'case-held']) await age(ids[name]!, 26);
    await db.query(`INSERT INTO active_domains (domain, client_id, application_id, source, body, expires_on, created_at, updated_at) VALUES ('active.jp', $1, $2, 'application', '{}', current_date + 100, now(), now()), ('expired.jp', $1, $3, 'application', '{}', current_date - 800, now(), now())`, [
      clientId,
      ids['active'],
      ids['expired'],
    ]);
    await db.query(`INSERT INTO labels (id, application_id, verdict, source, created_at) VALUES ($1, $2, 'fraud', 'test', now())`, [randomUUID(), ids['fraud-held']]);
    const caseId = randomUUID();
    await db.query(`INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at) VALUES ($1, $2, $3, 'open', 'review', 30, now(), now(), now())`, [caseId, ids['case-held'], clientId]);
    // The case's timeline, which stays append-only outside the purge (the test below needs a row to refuse deleting).
    await db.query(`INSERT INTO case_events (case_id, type, actor, data, at) VALUES ($1, 'opened', 'system', '{}', now())`, [caseId]);
    await db.query(`INSERT INTO audit_log (at, actor, action, subject_type) VALUES (now() - interval '6 years', 'old', 'case.viewed', 'case'), (now() - interval '4 years', 'recent', 'case.viewed', 'case')`);
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('purges by the policy, keeps legal holds and what is still active, and records the run', async () => {
    const report = await new RetentionPurge(db, config.retention).run('manual');
    expect(report).toMatchObject({ signupPurged: 4, personalPurged: 2, held: 2, auditDeleted: 1 });

    // 13 months old: the signup network is gone, the registrant is kept.
    const oldSignup = await row(ids['old-signup']!);
    expect(oldSignup).toMatchObject({ signup_ip: null, signup_port: null, personal_purged_at: null });
    expect(oldSignup.body.signup).toEqual({ at: '2026-11-27T10:14:30+09:00' });
    expect(oldSignup.body.registrant.email).toBe('old-signup@mail.example.ne.jp');

    // Ended more than 24 months ago (never active; or its domain expired long ago): a tombstone.
    for (const name of ['ended', 'expired']) {
      const purged = await row(ids[name]!);
      expect(purged.personal_purged_at).not.toBeNull();
      expect(purged.body).toEqual({ externalId: `rt-${name}`, product: 'domain', submittedAt: '2026-11-27T10:15:00+09:00', domain: { name: `${name}.jp`, nameservers: ['ns1.example.net', 'ns2.example.net'], registrar: 'r1' } });
      expect(JSON.stringify(purged.body)).not.toContain('mail.example.ne.jp');
    }
    // A domain still active keeps its registrant, but its signup network is 26 months old.
    const active = await row(ids['active']!);
    expect(active).toMatchObject({ signup_ip: null, personal_purged_at: null });
    expect(active.body.registrant.email).toBe('active@mail.example.ne.jp');
    // Labelled fraud, under an open case, or simply recent: untouched.
    for (const name of ['fresh', 'fraud-held', 'case-held']) {
      const kept = await row(ids[name]!);
      expect(kept).toMatchObject({ signup_ip: '126.10.20.30', signup_port: 50123, personal_purged_at: null });
      expect(kept.body.registrant.email).toBe(`${name}@mail.example.ne.jp`);
    }
    expect((await db.query(`SELECT actor FROM audit_log WHERE actor IN ('old', 'recent')`)).map((entry: { actor: string }) => entry.actor)).toEqual(['recent']);
    const [run] = await db.query('SELECT trigger, signup_purged, personal_purged, held, audit_deleted, finished_at FROM purge_runs WHERE id = $1', [report.runId]);
    expect(run).toMatchObject({ trigger: 'manual', signup_purged: '4', personal_purged: '2', held: '2', audit_deleted: '1', finished_at: expect.any(Date) });

    // Again: nothing more to do.
    expect(await new RetentionPurge(db, config.retention).run('manual')).toMatchObject({ signupPurged: 0, personalPurged: 0, auditDeleted: 0 });
  });

  it('purges the signup details of replaced revisions by their own age, and drops them once the application is a tombstone', async () => {
    const id = await screen('revised-old', '+81 90-3900-4900');
    const again = anApplication({ externalId: 'rt-revised-old', domain: { name: 'revised-old.jp' }, registrant: { phone: '+81 90-3900-4900', email: 'revised-old-2@mail.example.ne.jp' }, signup: { ip: '126.10.20.31', port: 50124 } });
    expect((await json(await postScreening(api.baseUrl, client, JSON.stringify(again)))).id).toBe(id);
    await db.query(`UPDATE application_revisions SET received_at = now() - interval '400 days' WHERE application_id = $1`, [id]);
    // This file's applicants share one signup network: a case may be open, and it would hold everything.
    await db.query(`UPDATE cases SET state = 'decided', decision = 'approved', decided_at = now() WHERE application_id = $1`, [id]);
    await new RetentionPurge(db, config.retention).run('manual');
    const [replaced] = await db.query('SELECT signup_ip, signup_port, body FROM application_revisions WHERE application_id = $1', [id]);
    expect(replaced).toMatchObject({ signup_ip: null, signup_port: null });
    expect(replaced.body.signup).toEqual({ at: '2026-11-27T10:14:30+09:00' });
    expect(replaced.body.registrant.email).toBe('revised-old@mail.example.ne.jp');
    // The current revision arrived just now: its signup network stays.
    expect(await row(id)).toMatchObject({ signup_ip: '126.10.20.31', signup_purged_at: null });
    await db.query(`UPDATE applications SET received_at = now() - interval '800 days', revised_at = now() - interval '800 days' WHERE id = $1`, [id]);
    await new RetentionPurge(db, config.retention).run('manual');
    expect((await row(id)).personal_purged_at).not.toBeNull();
    expect(Number((await db.query('SELECT count(*) AS n FROM application_revisions WHERE application_id = $1', [id]))[0].n)).toBe(0);
  });

  it('keeps the attribute hashes: a returning phone number still links to the purged application', async () => {
    const phone = (await db.query(`SELECT value_hash FROM attributes WHERE application_id = $1 AND kind = 'phone'`, [ids['ended']]))[0];
    expect(phone).toBeDefined();
    const index = Object.keys(ids).indexOf('ended') + 1;
    const again = await screen('ended-returns', `+81 90-${3100 + index * 17}-${4200 + index * 19}`);
    const [assessment] = await db.query('SELECT facts FROM assessments WHERE application_id = $1', [again]);
    const linked = assessment.facts.linkage.attributes.find((entry: { kind: string }) => entry.kind === 'phone');
    expect(linked?.linked).toContain(ids['ended']);
  });

  it('outside the purge the audit log stays append-only', async () => {
    await expect(db.query(`DELETE FROM audit_log WHERE actor = 'recent'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`SELECT set_config('shinsa.retention', 'purge', false); DELETE FROM case_events`)).rejects.toThrow(/append-only/);
  });
  describe('data-subject requests', () => {
    const requests = (): SubjectRequests => new SubjectRequests(db, new MasterKeys(config.masterKey), new AuditLog(db));

    it('export finds every application of the person through the folded, hashed attributes, with everything held about it', async () => {
      const a = await screen('subject-a', '+81 80-7000-1001');
      const b = await screen('subject-b', '+81 80-7000-1001');
      await db.query(`INSERT INTO labels (id, application_id, verdict, source, created_at) VALUES ($1, $2, 'legitimate', 'test', now())`, [randomUUID(), a]);
      // The number in another format, the same person.
      const exported = await requests().export({ phone: '080 7000 1001' }, 'privacy-officer');
      expect(exported.applications.map((entry) => entry.id as string).sort()).toEqual([a, b].sort());
      const first = exported.applications.find((entry) => entry.id === a)!;
      expect(first).toMatchObject({ signup_ip: '126.10.20.30', signup_port: 50123, labels: [{ verdict: 'legitimate' }], assessments: [{ trigger: 'intake' }] });
      expect((first.body as { registrant: { email: string } }).registrant.email).toBe('subject-a@mail.example.ne.jp');
      expect(await requests().find({ email: 'SUBJECT-A@mail.example.ne.jp' })).toEqual([a]);
      expect(await requests().find({ email: 'nobody@example.jp' })).toEqual([]);
      const [audit] = await db.query(`SELECT actor, detail FROM audit_log WHERE action = 'subject.exported' ORDER BY id DESC LIMIT 1`);
      expect(audit).toMatchObject({ actor: 'privacy-officer', detail: { by: ['phone'] } });
      expect(JSON.stringify(audit.detail)).not.toContain('7000');
    });

    it('erase tombstones what no legal hold keeps, removes its linkage hashes and raw numbers, and reports what it held', async () => {
      const free = await screen('erase-free', '+81 80-7100-2002');
      const held = await screen('erase-held', '+81 80-7100-2002');
      await db.query(`INSERT INTO labels (id, application_id, verdict, source, created_at) VALUES ($1, $2, 'fraud', 'test', now())`, [randomUUID(), held]);
      // A case of the free one that is decided holds nothing back.
      await db.query(`UPDATE cases SET state = 'decided', decision = 'approved', decided_at = now() WHERE application_id = $1`, [free]);
      const report = await requests().erase({ phone: '+819071002002'.replace('90', '80') }, 'privacy-officer');
      expect(report).toEqual({ erased: [free], held: [{ applicationId: held, reason: 'labelled fraud' }] });
      const erased = await row(free);
      expect(erased.personal_purged_at).not.toBeNull();
      expect(JSON.stringify(erased.body)).not.toContain('erase-free@');
      expect(Number((await db.query('SELECT count(*) AS n FROM attributes WHERE application_id = $1', [free]))[0].n)).toBe(0);
      expect(Number((await db.query('SELECT count(*) AS n FROM phone_numbers WHERE application_id = $1', [free]))[0].n)).toBe(0);
      expect((await row(held)).body.registrant.email).toBe('erase-held@mail.example.ne.jp');
      expect(await requests().find({ phone: '+81 80-7100-2002' })).toEqual([held]);
      const [audit] = await db.query(`SELECT detail FROM audit_log WHERE action = 'subject.erased' ORDER BY id DESC LIMIT 1`);
      expect(audit.detail).toEqual({ erased: [free], held: [{ applicationId: held, reason: 'labelled fraud' }] });
    });

    it('exports and erases the revisions an application replaced, and with --client only that client\'s applications', async () => {
      const first = await screen('subject-rev', '+81 80-7300-4004');
      const revised = anApplication({ externalId: 'rt-subject-rev', domain: { name: 'subject-rev.jp' }, registrant: { phone: '+81 80-7300-4004', email: 'subject-rev-2@mail.example.ne.jp' } });
      expect((await json(await postScreening(api.baseUrl, client, JSON.stringify(revised)))).id).toBe(first);
      const other = await addClient(db, config);
      const elsewhere = anApplication({ externalId: 'rt-subject-elsewhere', domain: { name: 'subject-elsewhere.jp' }, registrant: { phone: '+81 80-7300-4004' } });
      const elsewhereId = (await json(await postScreening(api.baseUrl, other, JSON.stringify(elsewhere)))).id;

      const everything = await requests().export({ phone: '+81 80-7300-4004' }, 'privacy-officer');
      expect(everything.applications.map((entry) => entry.id).sort()).toEqual([first, elsewhereId].sort());
      const own = await requests().export({ phone: '+81 80-7300-4004' }, 'privacy-officer', clientId);
      expect(own.applications.map((entry) => entry.id)).toEqual([first]);
      const earlier = own.applications[0]!.earlierRevisions as { revision: number; body: { registrant: { email: string } } }[];
      expect(earlier.map((revision) => [revision.revision, revision.body.registrant.email])).toEqual([[1, 'subject-rev@mail.example.ne.jp']]);
      // The other client's application is named nowhere in this client's export.
      expect(JSON.stringify(own)).not.toContain(elsewhereId);

      await db.query(`UPDATE cases SET state = 'decided', decision = 'approved', decided_at = now() WHERE application_id = $1`, [first]);
      expect(await requests().erase({ phone: '+81 80-7300-4004' }, 'privacy-officer', clientId)).toEqual({ erased: [first], held: [] });
      expect(Number((await db.query('SELECT count(*) AS n FROM application_revisions WHERE application_id = $1', [first]))[0].n)).toBe(0);
      expect((await row(elsewhereId)).personal_purged_at).toBeNull();
    });

    it('erase keeps an application under an open case and names that hold', async () => {
      const held = await screen('erase-case', '+81 80-7200-3003');
      await db.query(
        `INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at)
         SELECT $1, $2, $3, 'open', 'review', 30, now(), now(), now() WHERE NOT EXISTS (SELECT 1 FROM cases WHERE application_id = $2 AND state <> 'decided')`,
        [randomUUID(), held, clientId],
      );
      const report = await requests().erase({ phone: '+81 80-7200-3003' }, 'privacy-officer');
      expect(report).toEqual({ erased: [], held: [{ applicationId: held, reason: 'under an open case' }] });
      expect((await row(held)).body.registrant.email).toBe('erase-case@mail.example.ne.jp');
    });
  });
});
