import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { requireIdempotencyKey, writeOnce, type IdempotentResult } from '../http/idempotency';
import { parseJsonBody } from '../http/json-body';
import { OutboxTopic } from '../intake/screening-response';
import { storedDomainName } from '../intake/stored-domain-name';
import { appendOutbox } from '../queue/outbox';
import type { AbuseReportResult, LabelResult } from '../contract/responses';
import { abuseReportSchema, labelSchema, type AbuseReportInput, type LabelInput } from './label-input';
import { query } from '../database/query';

export type { AbuseReportResult, LabelResult } from '../contract/responses';

export interface LabelRecord {
  readonly id: string;
  readonly applicationId: string;
  readonly verdict: 'fraud' | 'legitimate';
  readonly source: string;
  readonly evidenceUrl: string | null;
  readonly note: string | null;
  /** The api client that sent the label, if one did. */
  readonly clientId: string | null;
  /** The reviewer whose decision it is, if it is one. */
  readonly reviewer: string | null;
  /** The abuse report the label confirms, if it does. */
  readonly abuseReportId?: string | null;
  /** Whose outbox the propagation event is filed under (the application's client). */
  readonly outboxClientId: string;
  readonly at: Date;
}

/**
 * Stores a label inside the caller's transaction: the label, the verdict on every attribute of
 * its application (the latest verdict wins), and the outbox event that queues the propagation.
 */
export async function recordLabel(manager: EntityManager, label: LabelRecord): Promise<void> {
  await manager.query(
    `INSERT INTO labels (id, application_id, verdict, source, evidence_url, note, client_id, reviewer, abuse_report_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [label.id, label.applicationId, label.verdict, label.source, label.evidenceUrl, label.note, label.clientId, label.reviewer, label.abuseReportId ?? null, label.at],
  );
  await manager.query(
    `INSERT INTO attribute_labels (kind, value_hash, application_id, verdict, labelled_at)
     SELECT kind, value_hash, application_id, $2, $3 FROM attributes WHERE application_id = $1
     ON CONFLICT (application_id, kind, value_hash) DO UPDATE SET verdict = EXCLUDED.verdict, labelled_at = EXCLUDED.labelled_at`,
    [label.applicationId, label.verdict, label.at],
  );
  await appendOutbox(manager, {
    topic: OutboxTopic.LabelCreated,
    clientId: label.outboxClientId,
    applicationId: label.applicationId,
    payload: { labelId: label.id, applicationId: label.applicationId, verdict: label.verdict },
    at: label.at,
  });
}

/**
 * A re-screening's trigger as the application's client may see it: `label:<id>` for a label on one
 * of its own applications, `label` for one on another client's (its id would name something the
 * client must not learn of), anything else as it is.
 */
export async function clientVisibleTrigger(manager: EntityManager, trigger: string, clientId: string): Promise<string> {
  const label = /^label:(.+)$/.exec(trigger);
  if (!label) return trigger;
  const own = await query<unknown>(manager, 'SELECT 1 FROM labels l JOIN applications a ON a.id = l.application_id WHERE l.id::text = $1 AND a.client_id = $2', [label[1], clientId]);
  return own.length > 0 ? trigger : 'label';
}

/** Applications older than this are not resolved from a domain name (the name may have changed hands). */
const DOMAIN_LOOKBACK_DAYS = 730;

/**
 * Labels (fraud / legitimate) and abuse reports from api clients. A client labels only its own
 * applications: another client's are never named, marked or cleared, and cannot be told from
 * ones that do not exist. A label marks every attribute of its application with the verdict (the
 * latest verdict on an application wins, so a legitimate label lowers only the labelling client's
 * own marks) and queues the propagation that re-screens applications sharing its strong
 * attributes, whoever holds them. Both writes are idempotent per Idempotency-Key.
 */
export class LabelsService {
  constructor(private readonly dataSource: DataSource) {}

  async label(clientId: string, idempotencyKey: string | undefined, rawBody: Buffer, at = new Date()): Promise<IdempotentResult<LabelResult>> {
    const key = requireIdempotencyKey(idempotencyKey);
    const input: LabelInput = parseJsonBody(rawBody, labelSchema);
    return writeOnce(this.dataSource, { clientId, key, route: 'POST /v1/labels', body: rawBody, status: 201 }, async (manager) => {
      const applicationIds = await this.resolve(manager, clientId, input, at);
      const labels = applicationIds.map((applicationId) => ({ id: randomUUID(), applicationId }));
      for (const label of labels) {
        await recordLabel(manager, { ...label, verdict: input.verdict, source: input.source, evidenceUrl: input.evidenceUrl ?? null, note: input.note ?? null, clientId, reviewer: null, outboxClientId: clientId, at });
      }
      return { labels, verdict: input.verdict };
    });
  }

  /**
   * Stores an abuse report linked to the domain's recent application: the reporting client's own
   * if it has one, else another client's, which the worker then tells (`abuse.reported`) so its
   * desk can act. The reporter's answer names only its own application: a domain another client
   * holds is answered exactly as an unknown one, by the same statements.
   */
  async report(clientId: string, idempotencyKey: string | undefined, rawBody: Buffer, at = new Date()): Promise<IdempotentResult<AbuseReportResult>> {
    const key = requireIdempotencyKey(idempotencyKey);
    const input: AbuseReportInput = parseJsonBody(rawBody, abuseReportSchema);
    return writeOnce(this.dataSource, { clientId, key, route: 'POST /v1/abuse-reports', body: rawBody, status: 201 }, async (manager) => {
      const domain = storedDomainName(input.domain);
      const rows = await query<{ id: string; client_id: string }>(
        manager,
        `SELECT id, client_id FROM applications WHERE domain_name = $1 AND received_at > $2::timestamptz - make_interval(days => $3)
          ORDER BY client_id = $4 DESC, received_at DESC LIMIT 1`,
        [domain, at, DOMAIN_LOOKBACK_DAYS, clientId],
      );
      const id = randomUUID();
      const holder = rows[0];
      await manager.query(
        `INSERT INTO abuse_reports (id, client_id, domain, category, url, reporter, reported_at, application_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [id, clientId, domain, input.category, input.url ?? null, { ...input.reporter, ...(input.note ? { note: input.note } : {}) }, input.reportedAt ? new Date(input.reportedAt) : at, holder?.id ?? null, at],
      );
      // Every report queues its routing, held or not, so the answer takes the same path either way.
      await appendOutbox(manager, { topic: OutboxTopic.AbuseReportReceived, clientId, applicationId: id, payload: { abuseReportId: id }, at });
      return { id, applicationId: holder?.client_id === clientId ? holder.id : null, state: 'pending' as const };
    });
  }

  /**
   * The labelled applications, the client's own only: by id, or its recent ones with the domain
   * name, as of the label's time (a replay labels at its own time, not the wall clock's).
   */
  private async resolve(manager: EntityManager, clientId: string, input: LabelInput, at: Date): Promise<string[]> {
    if (input.applicationId) {
      const rows = await query<{ id: string }>(manager, 'SELECT id FROM applications WHERE id = $1 AND client_id = $2', [input.applicationId.toLowerCase(), clientId]);
      if (rows.length === 0) throw new ApiError(ApiErrorCode.NotFound, 'no application with this id for this client');
      return [rows[0]!.id];
    }
    const domain = storedDomainName(input.domain!);
    const rows = await query<{ id: string }>(
      manager,
      `SELECT id FROM applications WHERE domain_name = $1 AND client_id = $2 AND received_at <= $4 AND received_at > $4::timestamptz - make_interval(days => $3)
        ORDER BY received_at DESC LIMIT 20`,
      [domain, clientId, DOMAIN_LOOKBACK_DAYS, at],
    );
    if (rows.length === 0) throw new ApiError(ApiErrorCode.NotFound, `this client has no application for ${domain}`);
    return rows.map((row) => row.id);
  }
}

/**
 * Routes an abuse report (the worker's job for `abuse-report.received`): when the domain's
 * application is another client's, that client gets an `abuse.reported` callback — the domain,
 * category, URL and time, never the reporter or the reporting client.
 */
export async function routeAbuseReport(dataSource: DataSource, abuseReportId: string): Promise<{ routed: boolean }> {
  return dataSource.transaction(async (manager) => {
    const rows = await query<{ id: string; client_id: string; holder: string | null; application_id: string | null; external_id: string | null; domain: string; category: AbuseReportInput['category']; url: string | null; reported_at: Date }>(
      manager,
      `SELECT r.id, r.client_id, a.client_id AS holder, r.application_id, a.external_id, r.domain, r.category, r.url, r.reported_at
         FROM abuse_reports r LEFT JOIN applications a ON a.id = r.application_id WHERE r.id = $1`,
      [abuseReportId],
    );
    const report = rows[0];
    if (!report?.holder || !report.application_id || report.holder === report.client_id) return { routed: false };
    const already = await query<unknown>(manager, `SELECT 1 FROM outbox WHERE topic = $1 AND aggregate_id = $2 AND payload->>'abuseReportId' = $3`, [OutboxTopic.AbuseReported, report.application_id, report.id]);
    if (already.length > 0) return { routed: true };
    await appendOutbox(manager, {
      topic: OutboxTopic.AbuseReported,
      clientId: report.holder,
      applicationId: report.application_id,
      payload: { abuseReportId: report.id, applicationId: report.application_id, externalId: report.external_id, domain: report.domain, category: report.category, url: report.url, reportedAt: report.reported_at.toISOString() },
      at: new Date(),
    });
    return { routed: true };
  });
}
