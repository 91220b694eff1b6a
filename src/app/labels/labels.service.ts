import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { parseJsonBody } from '../http/json-body';
import { OutboxTopic } from '../intake/screening-response';
import { storedDomainName } from '../intake/screening-store';
import { appendOutbox } from '../queue/outbox';
import { abuseReportSchema, labelSchema, type AbuseReportInput, type LabelInput } from './label-input';

export interface LabelResult {
  readonly labels: readonly { readonly id: string; readonly applicationId: string }[];
  readonly verdict: 'fraud' | 'legitimate';
}

export interface AbuseReportResult {
  readonly id: string;
  readonly applicationId: string | null;
  readonly state: 'pending';
}

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

/** Applications older than this are not resolved from a domain name (the name may have changed hands). */
const DOMAIN_LOOKBACK_DAYS = 730;

/**
 * Labels (fraud / legitimate) and abuse reports. A label marks every attribute of its
 * application with the verdict (the latest verdict on an application wins) and queues the
 * propagation that re-screens applications sharing its strong attributes.
 */
export class LabelsService {
  constructor(private readonly dataSource: DataSource) {}

  async label(clientId: string, rawBody: Buffer, at = new Date()): Promise<LabelResult> {
    const input: LabelInput = parseJsonBody(rawBody, labelSchema);
    const applicationIds = await this.resolve(clientId, input);
    const labels = applicationIds.map((applicationId) => ({ id: randomUUID(), applicationId }));
    await this.dataSource.transaction(async (manager) => {
      for (const label of labels) {
        await recordLabel(manager, { ...label, verdict: input.verdict, source: input.source, evidenceUrl: input.evidenceUrl ?? null, note: input.note ?? null, clientId, reviewer: null, outboxClientId: clientId, at });
      }
    });
    return { labels, verdict: input.verdict };
  }

  async report(clientId: string, rawBody: Buffer, at = new Date()): Promise<AbuseReportResult> {
    const input: AbuseReportInput = parseJsonBody(rawBody, abuseReportSchema);
    const domain = storedDomainName(input.domain);
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM applications WHERE domain_name = $1 AND received_at > $2::timestamptz - make_interval(days => $3) ORDER BY received_at DESC LIMIT 1`,
      [domain, at, DOMAIN_LOOKBACK_DAYS],
    );
    const id = randomUUID();
    const applicationId = rows[0]?.id ?? null;
    await this.dataSource.query(
      `INSERT INTO abuse_reports (id, client_id, domain, category, url, reporter, reported_at, application_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [id, clientId, domain, input.category, input.url ?? null, { ...input.reporter, ...(input.note ? { note: input.note } : {}) }, input.reportedAt ? new Date(input.reportedAt) : at, applicationId, at],
    );
    return { id, applicationId, state: 'pending' };
  }

  /** The labelled applications: the client's own by id, or every recent one with the domain name. */
  private async resolve(clientId: string, input: LabelInput): Promise<string[]> {
    if (input.applicationId) {
      const rows: { id: string }[] = await this.dataSource.query('SELECT id FROM applications WHERE id = $1 AND client_id = $2', [input.applicationId.toLowerCase(), clientId]);
      if (rows.length === 0) throw new ApiError(ApiErrorCode.NotFound, 'no application with this id for this client');
      return [rows[0]!.id];
    }
    const domain = storedDomainName(input.domain!);
    const rows: { id: string }[] = await this.dataSource.query(
      `SELECT id FROM applications WHERE domain_name = $1 AND received_at > now() - make_interval(days => $2) ORDER BY received_at DESC LIMIT 20`,
      [domain, DOMAIN_LOOKBACK_DAYS],
    );
    if (rows.length === 0) throw new ApiError(ApiErrorCode.NotFound, `shinsa has no application for ${domain}`);
    return rows.map((row) => row.id);
  }
}
