import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/app/config/config';
import { signRequest } from '../../src/app/crypto/signature';
import { EkycHeader, GenericHmacEkycProvider } from '../../src/app/ekyc/generic-hmac';
import { ApiError, ApiErrorCode } from '../../src/app/http/api-error';
import { AbuseReportService } from '../../src/app/review/abuse-reports';
import { AuditLog } from '../../src/app/review/audit-log';
import { raiseOrOpenCase } from '../../src/app/review/case-policy';
import { CaseService } from '../../src/app/review/case-service';
import type { Actor } from '../../src/app/review/case-types';
import { ReviewerDirectory } from '../../src/app/review/reviewers';
import { Screener } from '../../src/screening/screener';
import { anApplication, anUnlinkedApplication, merge } from '../support/factories';
import { createTestDatabase, testConfig } from '../support/service-env';
import { addClient, deleteQueueKeys, json, openDatabase, postScreening, postSigned, startApi, submitReviewLogin, type RunningApi, type TestClient } from '../support/service';

const EKYC_SECRET = 'e'.repeat(40);

// Real parts: the api on a port, PostgreSQL (this file's own database), Redis.
describe('review workflow', () => {
  let database: { url: string; drop: () => Promise<void> };
  let config: AppConfig;
  let api: RunningApi;
  let db: DataSource;
  let client: TestClient;
  let cases: CaseService;
  let reviewer: Actor;
  let other: Actor;
  let lead: Actor;
  let lead2: Actor;

  const actorOf = async (login: string, role: 'reviewer' | 'lead' | 'admin'): Promise<Actor> => {
    const { reviewer: created } = await new ReviewerDirectory(db).add({ login, role }, 'test');
    return { id: created.id, login: created.login, role: created.role };
  };

  let serial = 0;
  /** Screens an application through the webhook (details of its own unless overridden) and returns its case. */
  const caseFor = async (domain: string, overrides: Parameters<typeof anApplication>[0] = {}): Promise<{ caseId: string; applicationId: string; outcome: string }> => {
    serial += 1;
    const application = merge(anUnlinkedApplication('mail', serial, { domain: { name: domain } }), overrides);
    const response = await postScreening(api.baseUrl, client, JSON.stringify(application));
    expect(response.status).toBe(200);
    const body = await json(response);
    expect(body.caseId, `${domain} should open a case: ${body.outcome} ${JSON.stringify(body.hits?.map((hit: { reason: string }) => hit.reason))}`).toEqual(expect.any(String));
    return { caseId: body.caseId, applicationId: body.id, outcome: body.outcome };
  };

  const rejection = async (promise: Promise<unknown>): Promise<ApiError> => {
    const error = await promise.then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ApiError);
    return error as ApiError;
  };

  const events = async (caseId: string): Promise<string[]> => (await db.query('SELECT type FROM case_events WHERE case_id = $1 ORDER BY id', [caseId])).map((row: { type: string }) => row.type);

  const ekycCallback = (body: unknown, options: { secret?: string; timestamp?: number } = {}): Promise<Response> => {
    const raw = JSON.stringify(body);
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    return fetch(`${api.baseUrl}/v1/ekyc/callbacks/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [EkycHeader.Timestamp]: String(timestamp), [EkycHeader.Signature]: signRequest(options.secret ?? EKYC_SECRET, timestamp, { method: 'POST', path: '/v1/ekyc/callbacks/generic', body: raw }) },
      body: raw,
    });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    config = testConfig(database.url, {
      SHINSA_RATE_LIMIT_PER_MINUTE: '1000',
      SHINSA_EKYC_GENERIC_SECRET: EKYC_SECRET,
      SHINSA_EKYC_GENERIC_VERIFY_URL: 'https://ekyc.example/verify/{request}?method={method}',
    });
    api = await startApi(config);
    db = await openDatabase(config);
    client = await addClient(db, config);
    cases = new CaseService(db, new Screener().engine.rules, new AuditLog(db), new GenericHmacEkycProvider(config.ekycGeneric!));
    reviewer = await actorOf('aoki', 'reviewer');
    other = await actorOf('baba', 'reviewer');
    lead = await actorOf('chiba', 'lead');
    lead2 = await actorOf('doi', 'lead');
  });

  afterAll(async () => {
    await api?.close();
    await db?.destroy();
    await deleteQueueKeys(config.redisUrl, config.queuePrefix);
    await database?.drop();
  });

  it('a webhook review or hold opens a case due by the SLA hours in rules/review.yaml', async () => {
    const review = await caseFor('smbc-card-login.jp');
    const hold = await caseFor('amazon-co-jp-login.com');
    expect([review.outcome, hold.outcome]).toEqual(['review', 'hold']);
    const rows: { id: string; hours: number }[] = await db.query(
      `SELECT c.id, extract(epoch FROM c.due_at - a.received_at) / 3600 AS hours FROM cases c JOIN applications a ON a.id = c.application_id WHERE c.id = ANY($1::uuid[])`,
      [[review.caseId, hold.caseId]],
    );
    const hours = Object.fromEntries(rows.map((row) => [row.id, Number(row.hours)]));
    expect(hours[review.caseId]).toBe(72);
    expect(hours[hold.caseId]).toBe(24);
  });

  it('a claim is a lease: others cannot claim or decide, and it returns to the queue when it runs out', async () => {
    const { caseId } = await caseFor('smbc-card-login.jp');
    await cases.claim(caseId, reviewer);
    expect((await rejection(cases.claim(caseId, other))).code).toBe(ApiErrorCode.Conflict);
    const refused = await rejection(cases.decide(caseId, other, { decision: 'reject', reasonCode: 'BRAND_ABUSE', note: 'lookalike' }));
    expect(refused.code).toBe(ApiErrorCode.Conflict);
    expect(refused.message).toContain('aoki');

    const [row] = await db.query(`SELECT lease_until - now() > interval '59 minutes' AND lease_until - now() <= interval '60 minutes' AS sixty FROM cases WHERE id = $1`, [caseId]);
    expect(row.sixty).toBe(true);
    const inQueue = async (): Promise<string | undefined> => (await cases.queue({ state: 'all' })).rows.find((entry) => entry.id === caseId)?.state;
    expect(await inQueue()).toBe('claimed');

    // Unattended for an hour: back in the queue, and someone else may take it.
    await db.query(`UPDATE cases SET lease_until = now() - interval '1 second' WHERE id = $1`, [caseId]);
    expect(await inQueue()).toBe('open');
    expect((await rejection(cases.decide(caseId, reviewer, { decision: 'reject', reasonCode: 'BRAND_ABUSE', note: 'late' }))).message).toBe('claim the case first');
    await cases.claim(caseId, other);
    const [claimed] = await db.query(`SELECT data FROM case_events WHERE case_id = $1 AND type = 'claimed' ORDER BY id DESC LIMIT 1`, [caseId]);
    expect(claimed.data).toMatchObject({ previousClaimant: 'aoki', leaseExpired: true });
  });

  it('a decision needs a listed reason code and a note, and then becomes a label, a registrar callback and a propagation', async () => {
    const { caseId, applicationId } = await caseFor('smbc-card-login.jp');
    await cases.claim(caseId, reviewer);
    const badReason = await rejection(cases.decide(caseId, reviewer, { decision: 'reject', reasonCode: 'EKYC_VERIFIED', note: 'x' }));
    expect(badReason.details.errors?.[0]?.field).toBe('reasonCode');
    const noNote = await rejection(cases.decide(caseId, reviewer, { decision: 'reject', reasonCode: 'BRAND_ABUSE', note: '   ' }));
    expect(noNote.details.errors?.[0]?.field).toBe('note');

    expect(await cases.decide(caseId, reviewer, { decision: 'reject', reasonCode: 'BRAND_ABUSE', note: 'checked: note-7f3a' })).toEqual({ status: 'decided', decision: 'rejected' });
    const [stored] = await db.query('SELECT state, decision, decision_reason, decided_by FROM cases WHERE id = $1', [caseId]);
    expect(stored).toEqual({ state: 'decided', decision: 'rejected', decision_reason: 'BRAND_ABUSE', decided_by: 'aoki' });
    const [label] = await db.query('SELECT verdict, source, reviewer, note FROM labels WHERE application_id = $1', [applicationId]);
    expect(label).toEqual({ verdict: 'fraud', source: 'review:BRAND_ABUSE', reviewer: 'aoki', note: 'checked: note-7f3a' });
    expect(Number((await db.query(`SELECT count(*) AS n FROM attribute_labels WHERE application_id = $1 AND verdict = 'fraud'`, [applicationId]))[0].n)).toBeGreaterThan(5);
    const topics = (await db.query(`SELECT topic, payload FROM outbox WHERE aggregate_id = $1 ORDER BY id`, [applicationId])) as { topic: string; payload: Record<string, unknown> }[];
    expect(topics.map((row) => row.topic)).toEqual(['screening.assessed', 'label.created', 'case.decided']);
    expect(topics[2]!.payload).toMatchObject({ caseId, applicationId, decision: 'rejected', reasonCode: 'BRAND_ABUSE', domain: 'smbc-card-login.jp' });
    // The reviewer's note stays inside shinsa.
    expect(JSON.stringify(topics[2]!.payload)).not.toContain('note-7f3a');
    expect(await events(caseId)).toEqual(['opened', 'claimed', 'decided']);
    expect((await rejection(cases.claim(caseId, other))).message).toBe('this case is already decided');
  });

  it('four eyes: approving a hold is a proposal; the proposer cannot confirm it, another lead can', async () => {
    const { caseId, applicationId } = await caseFor('amazon-co-jp-login.com');
    await cases.claim(caseId, lead);
    expect(await cases.decide(caseId, lead, { decision: 'approve', reasonCode: 'KNOWN_CUSTOMER', note: 'reseller of Amazon gift cards, known' })).toEqual({ status: 'awaiting_second_approval' });
    const [escalated] = await db.query('SELECT state, proposal FROM cases WHERE id = $1', [caseId]);
    expect(escalated.state).toBe('escalated');
    expect(escalated.proposal).toMatchObject({ decision: 'approve', by: 'chiba', reasonCode: 'KNOWN_CUSTOMER' });

    const ownApproval = await rejection(cases.decide(caseId, lead, { decision: 'approve', reasonCode: 'KNOWN_CUSTOMER', note: 'me again' }));
    expect(ownApproval.code).toBe(ApiErrorCode.Forbidden);
    expect(ownApproval.message).toContain('four eyes');
    expect((await rejection(cases.decide(caseId, reviewer, { decision: 'approve', reasonCode: 'KNOWN_CUSTOMER', note: 'ok' }))).code).toBe(ApiErrorCode.Forbidden);
    expect(Number((await db.query('SELECT count(*) AS n FROM labels WHERE application_id = $1', [applicationId]))[0].n)).toBe(0);

    expect(await cases.decide(caseId, lead2, { decision: 'approve', reasonCode: 'KNOWN_CUSTOMER', note: 'checked the contract' })).toEqual({ status: 'decided', decision: 'approved' });
    const [decided] = await db.query(`SELECT data FROM case_events WHERE case_id = $1 AND type = 'decided'`, [caseId]);
    expect(decided.data).toMatchObject({ decision: 'approved', proposedBy: 'chiba' });
    const [label] = await db.query('SELECT verdict, reviewer FROM labels WHERE application_id = $1', [applicationId]);
    expect(label).toEqual({ verdict: 'legitimate', reviewer: 'doi' });
  });

  it('a reviewer can escalate; a lead returns it to the queue with a note', async () => {
    const { caseId } = await caseFor('smbc-card-login.jp');
    await cases.claim(caseId, reviewer);
    await cases.escalate(caseId, reviewer, 'not sure: corporate reseller?');
    expect((await rejection(cases.claim(caseId, other))).message).toContain('escalated');
    expect((await rejection(cases.returnToQueue(caseId, reviewer, 'x'))).code).toBe(ApiErrorCode.Forbidden);
    await cases.returnToQueue(caseId, lead, 'ask for eKYC');
    expect((await db.query('SELECT state FROM cases WHERE id = $1', [caseId]))[0].state).toBe('open');
    expect(await events(caseId)).toEqual(['opened', 'claimed', 'escalated', 'returned']);
  });

  describe('eKYC', () => {
    it('a request records the method, leaves the case waiting and sends the registrar the verification link', async () => {
      const { caseId, applicationId } = await caseFor('smbc-card-login.jp');
      await cases.claim(caseId, reviewer);
      const unknown = await rejection(cases.requestEkyc(caseId, reviewer, 'selfie_upload'));
      expect(unknown.details.errors?.[0]?.field).toBe('method');
      const { ekycRequestId, verificationUrl } = await cases.requestEkyc(caseId, reviewer, 'mynumber_card_ic');
      expect(verificationUrl).toBe(`https://ekyc.example/verify/${ekycRequestId}?method=mynumber_card_ic`);
      expect((await db.query('SELECT state, ekyc_state, claimed_by FROM cases WHERE id = $1', [caseId]))[0]).toEqual({ state: 'ekyc_pending', ekyc_state: 'requested', claimed_by: null });
      const [event] = await db.query(`SELECT payload FROM outbox WHERE aggregate_id = $1 AND topic = 'ekyc.requested'`, [applicationId]);
      expect(event.payload).toMatchObject({ caseId, ekycRequestId, method: 'mynumber_card_ic', verificationUrl });
    });

    it('the vendor callback is verified, stores only reference, result and checks, reopens the case, and is idempotent', async () => {
      const { caseId } = await caseFor('smbc-card-login.jp');
      await cases.claim(caseId, reviewer);
      const { ekycRequestId } = await cases.requestEkyc(caseId, reviewer, 'jpki');
      const result = {
        requestId: ekycRequestId,
        vendorReference: 'VND-123',
        result: 'failed',
        checks: [
          { check: 'name', passed: true },
          { check: 'address', passed: false },
        ],
        completedAt: new Date().toISOString(),
      };

      expect((await ekycCallback(result, { secret: 'f'.repeat(40) })).status).toBe(401);
      expect((await ekycCallback(result, { timestamp: Math.floor(Date.now() / 1000) - 600 })).status).toBe(401);
      const withImage = await ekycCallback({ ...result, documentImage: 'data:image/png;base64,AAAA' });
      expect(withImage.status).toBe(422);
      expect((await json(withImage)).errors).toEqual([{ field: 'documentImage', message: 'unknown field' }]);
      const badCheck = await ekycCallback({ ...result, checks: [{ check: 'shoe_size', passed: true }] });
      expect(badCheck.status).toBe(422);
      expect((await json(badCheck)).errors[0].field).toBe('checks.0.check');
      expect((await ekycCallback({ ...result, requestId: randomUUID() })).status).toBe(404);
      expect((await fetch(`${api.baseUrl}/v1/ekyc/callbacks/nobody`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);

      const accepted = await ekycCallback(result);
      expect(accepted.status).toBe(200);
      expect(await json(accepted)).toEqual({ caseId, recorded: true });
      const again = await ekycCallback(result);
      expect(await json(again)).toEqual({ caseId, recorded: false });
      expect((await ekycCallback({ ...result, result: 'passed' })).status).toBe(409);

      const [request] = await db.query('SELECT state, vendor_reference, checks FROM ekyc_requests WHERE id = $1', [ekycRequestId]);
      expect(request).toEqual({ state: 'failed', vendor_reference: 'VND-123', checks: result.checks });
      expect((await db.query('SELECT state, ekyc_state FROM cases WHERE id = $1', [caseId]))[0]).toEqual({ state: 'open', ekyc_state: 'failed' });
      const [event] = await db.query(`SELECT actor, reason, data FROM case_events WHERE case_id = $1 AND type = 'ekyc_result'`, [caseId]);
      expect(event).toMatchObject({ actor: 'ekyc:generic', reason: 'failed', data: { failedChecks: ['address'], vendorReference: 'VND-123' } });
      expect(Number((await db.query(`SELECT count(*) AS n FROM case_events WHERE case_id = $1 AND type = 'ekyc_result'`, [caseId]))[0].n)).toBe(1);
    });
  });

  it('bulk decides the undecided cases of one campaign, leaving others’ claims and four-eyes approvals alone', async () => {
    const phone = '+81 90-5555-0101';
    const members: { caseId: string; applicationId: string; outcome: string }[] = [];
    for (const domain of ['amazon-co-jp-login.com', 'smbc-card-login.jp', 'smbc-card-verify.jp', 'smbc-card-support.jp']) {
      members.push(await caseFor(domain, { registrant: { phone }, verification: { sms: { number: '+819055550101' } } }));
    }
    const outsider = await caseFor('smbc-card-login.jp', { registrant: { phone: '+81 90-7777-0202' }, verification: { sms: { number: '+819077770202' } } });
    await cases.claim(members[1]!.caseId, other);
    await cases.claim(members[0]!.caseId, lead);
    const detail = await cases.view(members[0]!.caseId, lead, '/test');
    const campaign = detail.campaigns.find((entry) => entry.kind === 'phone');
    expect(campaign?.undecidedCases).toBe(4);

    expect((await rejection(cases.bulkDecide(reviewer, campaign!, { decision: 'reject', reasonCode: 'CAMPAIGN_MEMBER', note: 'x' }))).code).toBe(ApiErrorCode.Forbidden);
    const approve = await cases.bulkDecide(lead, campaign!, { decision: 'approve', reasonCode: 'SIGNALS_EXPLAINED', note: 'same family business' });
    // Holds become proposals (four eyes), the case another reviewer holds is skipped, reviews are approved.
    const unclaimed = members.filter((_, index) => index !== 1);
    const holds = unclaimed.filter((member) => member.outcome === 'hold').length;
    expect(members[0]!.outcome).toBe('hold');
    expect(approve).toEqual({ matched: 4, decided: unclaimed.length - holds, awaitingSecondApproval: holds, skipped: 1 });
    const states = async (): Promise<Record<string, string>> =>
      Object.fromEntries((await db.query('SELECT id, state FROM cases WHERE id = ANY($1::uuid[])', [[...members.map((m) => m.caseId), outsider.caseId]])).map((row: { id: string; state: string }) => [row.id, row.state]));
    expect(await states()).toEqual({
      ...Object.fromEntries(unclaimed.map((member) => [member.caseId, member.outcome === 'hold' ? 'escalated' : 'decided'])),
      [members[1]!.caseId]: 'claimed',
      [outsider.caseId]: 'open',
    });
    // A second bulk approval by the same lead leaves their own proposals alone; another lead's confirms them.
    expect(await cases.bulkDecide(lead, campaign!, { decision: 'approve', reasonCode: 'SIGNALS_EXPLAINED', note: 'again' })).toMatchObject({ decided: 0, skipped: 1 + holds });
    expect(await cases.bulkDecide(lead2, campaign!, { decision: 'approve', reasonCode: 'SIGNALS_EXPLAINED', note: 'confirmed' })).toMatchObject({ decided: holds, skipped: 1 });
    const [audit] = await db.query(`SELECT actor, subject_id, detail FROM audit_log WHERE action = 'cases.bulk_decided' ORDER BY id DESC LIMIT 1`);
    expect(audit).toMatchObject({ actor: 'doi', subject_id: `phone:${campaign!.valueHash}`, detail: { decided: holds, skipped: 1 } });
  });

  it('an abuse report a reviewer confirms becomes a fraud label and a registrar callback; a dismissed one changes nothing', async () => {
    const reports = new AbuseReportService(db, new AuditLog(db));
    const { applicationId } = await caseFor('smbc-card-support.jp');
    const report = async (domain: string): Promise<string> => {
      const body = JSON.stringify({ domain, category: 'phishing', url: `https://${domain}/login`, reporter: { name: '報告 太郎', email: 'abuse@isp.example' } });
      const response = await postSigned(api.baseUrl, '/v1/abuse-reports', client, body);
      expect(response.status).toBe(201);
      return (await json(response)).id;
    };
    const confirmed = await report('smbc-card-support.jp');
    const dismissed = await report('unknown-to-shinsa.example');

    const pending = await reports.list(reviewer, { state: 'pending' }, '/test');
    expect(pending.map((entry) => entry.id)).toEqual(expect.arrayContaining([confirmed, dismissed]));
    expect(pending.find((entry) => entry.id === confirmed)).toMatchObject({ applicationId, reporter: { name: '報告 太郎' }, caseId: expect.any(String) });
    const [viewed] = await db.query(`SELECT actor, detail FROM audit_log WHERE action = 'abuse_reports.viewed' ORDER BY id DESC LIMIT 1`);
    expect(viewed.actor).toBe('aoki');
    expect(viewed.detail.reports).toEqual(expect.arrayContaining([confirmed, dismissed]));

    expect((await rejection(reports.decide(reviewer, confirmed, 'confirm', ' '))).details.errors?.[0]?.field).toBe('note');
    expect(await reports.decide(reviewer, confirmed, 'confirm', 'phishing kit seen on the page')).toEqual({ labelled: true });
    expect((await rejection(reports.decide(other, confirmed, 'dismiss', 'no'))).code).toBe(ApiErrorCode.Conflict);
    const [label] = await db.query('SELECT verdict, source, abuse_report_id, reviewer, evidence_url FROM labels WHERE application_id = $1', [applicationId]);
    expect(label).toEqual({ verdict: 'fraud', source: 'abuse-report:phishing', abuse_report_id: confirmed, reviewer: 'aoki', evidence_url: 'https://smbc-card-support.jp/login' });
    const [callback] = await db.query(`SELECT payload FROM outbox WHERE aggregate_id = $1 AND topic = 'abuse.confirmed'`, [applicationId]);
    expect(callback.payload).toMatchObject({ abuseReportId: confirmed, domain: 'smbc-card-support.jp', category: 'phishing' });
    expect(JSON.stringify(callback.payload)).not.toContain('報告');

    const labelsBefore = Number((await db.query('SELECT count(*) AS n FROM labels'))[0].n);
    expect(await reports.decide(other, dismissed, 'dismiss', 'not ours')).toEqual({ labelled: false });
    expect(Number((await db.query('SELECT count(*) AS n FROM labels'))[0].n)).toBe(labelsBefore);
    expect((await db.query('SELECT state, decided_by, decision_note FROM abuse_reports WHERE id = $1', [dismissed]))[0]).toEqual({ state: 'dismissed', decided_by: 'baba', decision_note: 'not ours' });
  });

  it('audits an account created, disabled and enabled in the same transaction, naming who did it', async () => {
    const directory = new ReviewerDirectory(db);
    const { reviewer: created } = await directory.add({ login: 'fujita', role: 'lead' }, 'an-admin');
    expect(await directory.setDisabled(created.id, true, 'an-admin')).toBe(true);
    expect(await directory.setDisabled(created.id, false, 'another-admin')).toBe(true);
    expect(await directory.setDisabled(randomUUID(), true, 'an-admin')).toBe(false);
    const audited = await db.query(`SELECT actor, action, detail FROM audit_log WHERE subject_type = 'reviewer' AND subject_id = $1 ORDER BY id`, [created.id]);
    expect(audited).toEqual([
      { actor: 'an-admin', action: 'reviewer.added', detail: { role: 'lead' } },
      { actor: 'an-admin', action: 'reviewer.disabled', detail: null },
      { actor: 'another-admin', action: 'reviewer.enabled', detail: null },
    ]);
    // A refused account (the login is taken) leaves no audit row.
    await expect(directory.add({ login: 'fujita', role: 'reviewer' }, 'an-admin')).rejects.toThrow(/already exists/);
    expect(Number((await db.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'reviewer.added' AND actor = 'an-admin'`))[0].n)).toBe(1);
  });

  it('locks a login name out for a while after ten failed passwords, even for the right one', async () => {
    await new ReviewerDirectory(db).add({ login: 'eto', role: 'reviewer', password: 'the right password' }, 'test');
    const attempt = (password: string): Promise<Response> => submitReviewLogin(api.baseUrl, 'eto', password);
    const ok = await attempt('the right password');
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/review');
    for (let index = 0; index < 10; index += 1) {
      const wrong = await attempt(`wrong ${index}`);
      expect(wrong.headers.get('location')).toMatch(/^\/review\/login\?failed=1/);
    }
    const locked = await attempt('the right password');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(60);
    expect(await locked.text()).toContain('too many failed logins');
    const audited = await db.query(`SELECT action, count(*)::int AS n FROM audit_log WHERE subject_id = 'eto' GROUP BY action ORDER BY action`);
    expect(audited).toEqual([
      { action: 'login.failed', n: 10 },
      { action: 'login.throttled', n: 1 },
    ]);
  });

  it('viewing a case writes the audit log first; the audit log cannot be rewritten', async () => {
    const { caseId, applicationId } = await caseFor('smbc-card-login.jp');
    const before = Number((await db.query(`SELECT count(*) AS n FROM audit_log WHERE action = 'case.viewed' AND subject_id = $1`, [applicationId]))[0].n);
    const detail = await cases.view(caseId, other, '/review/cases/x');
    expect(detail.application.body).toMatchObject({ registrant: { email: expect.stringContaining('@mail'), address: { prefecture: '東京都' } } });
    expect(detail.assessment?.hits.find((hit) => hit.reason === 'BRAND_COMBOSQUAT')?.ruleText).toEqual(expect.any(String));
    const rows = await db.query(`SELECT actor, detail FROM audit_log WHERE action = 'case.viewed' AND subject_id = $1`, [applicationId]);
    expect(rows.length).toBe(before + 1);
    expect(rows.at(-1)).toMatchObject({ actor: 'baba', detail: { caseId } });
    await expect(db.query(`UPDATE audit_log SET actor = 'nobody'`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
  });

  it('filters the queue by state, outcome, signal, registrar and breach, ordered by due time', async () => {
    const late = await caseFor('smbc-card-login.jp');
    await db.query(`UPDATE cases SET due_at = now() - interval '2 hours' WHERE id = $1`, [late.caseId]);
    const breached = await cases.queue({ breached: true });
    expect(breached.rows.map((row) => row.id)).toContain(late.caseId);
    expect(breached.rows.every((row) => row.breached)).toBe(true);
    const holds = await cases.queue({ outcome: 'hold', state: 'all' });
    expect(holds.rows.length).toBeGreaterThan(0);
    expect(holds.rows.every((row) => row.outcome === 'hold')).toBe(true);
    const suffix = await cases.queue({ signal: 'BRAND_SUFFIX_IMITATION', state: 'all' });
    expect(suffix.rows.length).toBeGreaterThan(0);
    expect(suffix.rows.every((row) => row.reasons.includes('BRAND_SUFFIX_IMITATION'))).toBe(true);
    expect((await cases.queue({ registrar: 'nobody-registrar' })).rows).toEqual([]);
    const [clientName] = await db.query('SELECT name FROM api_clients LIMIT 1');
    expect((await cases.queue({ registrar: clientName.name, state: 'all' })).total).toBeGreaterThan(0);
    const all = (await cases.queue({ state: 'active' })).rows;
    for (let index = 1; index < all.length; index += 1) expect(all[index - 1]!.dueAt.getTime()).toBeLessThanOrEqual(all[index]!.dueAt.getTime());
    const counts = await cases.counts();
    expect(counts.breached).toBeGreaterThanOrEqual(1);
    const metrics = await cases.metrics();
    expect(metrics.backlog).toBe(counts.byState.open + counts.byState.claimed + counts.byState.ekyc_pending + counts.byState.escalated);
    expect(metrics.timeToDecision.decided).toBe(Number((await db.query(`SELECT count(*) AS n FROM cases WHERE state = 'decided'`))[0].n));
  });

  it('stamps a case opened by a later re-screening with when it opened, never before the decision it followed', async () => {
    const { caseId, applicationId } = await caseFor('smbc-card-stamp.jp');
    await cases.claim(caseId, reviewer);
    await cases.decide(caseId, reviewer, { decision: 'reject', reasonCode: 'FORGED_DETAILS', note: 'forged' });
    const [decided] = await db.query('SELECT decided_at, client_id FROM cases WHERE id = $1', [caseId]);
    // A label observed an hour before the decision, whose re-screening runs only now.
    const labelAt = new Date(decided.decided_at.getTime() - 3_600_000);
    const dueAt = new Date(labelAt.getTime() + 24 * 3_600_000);
    const { caseId: reopened, opened } = await db.transaction((manager) =>
      raiseOrOpenCase(manager, { applicationId, clientId: decided.client_id, outcome: 'hold', score: 70, dueAt, reason: 'label:fraud: outcome review → hold', data: {}, at: labelAt }),
    );
    expect(opened).toBe(true);
    const [row] = await db.query('SELECT created_at, due_at FROM cases WHERE id = $1', [reopened]);
    expect(row.created_at.getTime()).toBeGreaterThanOrEqual(decided.decided_at.getTime());
    // The SLA runs from the opening: the hour the re-screening waited is added back.
    expect(row.due_at.getTime() - row.created_at.getTime()).toBeGreaterThanOrEqual(24 * 3_600_000 - 1000);
    const [event] = await db.query(`SELECT at, data FROM case_events WHERE case_id = $1 AND type = 'opened'`, [reopened]);
    expect(event.at.getTime()).toBeGreaterThanOrEqual(decided.decided_at.getTime());
    expect(event.data.causeAt).toBe(labelAt.toISOString());

    // Raised while open: the case page's events carry the change, and why, for the notice above the decision.
    await db.transaction((manager) => raiseOrOpenCase(manager, { applicationId, clientId: decided.client_id, outcome: 'deny', score: 95, dueAt, reason: 'rescan: outcome hold → deny', data: {}, at: new Date() }));
    const detail = await cases.view(reopened, reviewer, '/review/cases/x');
    expect(detail.events.filter((entry) => entry.type === 'raised').map((entry) => entry.reason)).toEqual(['rescan: outcome hold → deny']);
  });
});
