import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isUuid } from '../database/uuid';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { OutboxTopic } from '../intake/screening-response';
import type { FeedPolicy, ReviewPolicy } from '../../engine';
import { raiseFeedCase } from '../feeds/feed-cases';
import type { AbuseReportInput } from '../labels/label-input';
import { recordLabel } from '../labels/labels.service';
import { appendOutbox } from '../queue/outbox';
import { AuditAction, type AuditLog } from './audit-log';
import { requiredNote } from './case-policy';
import type { Actor } from './case-types';
import { query } from '../database/query';

export interface AbuseReportView {
  readonly id: string;
  readonly domain: string;
  readonly category: string;
  readonly url: string | null;
  /** Who reported it (name, e-mail, organisation, note): personal data, viewing it is audited. */
  readonly reporter: Record<string, string>;
  readonly reportedAt: Date;
  readonly applicationId: string | null;
  readonly registrar: string | null;
  readonly caseId: string | null;
  readonly state: 'pending' | 'confirmed' | 'dismissed';
  readonly decidedBy: string | null;
  readonly decisionNote: string | null;
  /** The threat feed the report came from (then `reporter` is empty), and the brand it names. */
  readonly feed: string | null;
  readonly brand: string | null;
}

/**
 * Abuse reports waiting for a reviewer. Confirming one turns it into a fraud label on the domain's
 * application (which re-screens everything linked to it) and tells the registrar; dismissing it
 * records why. Either way once.
 */
export class AbuseReportService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    /** Confirming a feed's report raises the domain's case as a trusted feed's does. */
    private readonly feedRules: { readonly feeds: FeedPolicy; readonly review: ReviewPolicy } | null = null,
  ) {}

  async list(actor: Actor, filter: { state?: 'pending' | 'confirmed' | 'dismissed'; applicationId?: string }, route: string): Promise<AbuseReportView[]> {
    const rows: {
      id: string;
      domain: string;
      category: string;
      url: string | null;
      reporter: Record<string, string>;
      reported_at: Date;
      application_id: string | null;
      registrar: string | null;
      case_id: string | null;
      state: AbuseReportView['state'];
      decided_by: string | null;
      decision_note: string | null;
      feed: string | null;
      brand: string | null;
    }[] = await this.dataSource.query(
      `SELECT r.id, r.domain, r.category, r.url, r.reporter, r.reported_at, r.application_id, k.name AS registrar, r.state, r.decided_by, r.decision_note, r.feed, r.brand,
              (SELECT c.id FROM cases c WHERE c.application_id = r.application_id ORDER BY c.created_at DESC LIMIT 1) AS case_id
         FROM abuse_reports r
         LEFT JOIN applications a ON a.id = r.application_id
         LEFT JOIN api_clients k ON k.id = a.client_id
        WHERE ($1::text IS NULL OR r.state = $1) AND ($2::uuid IS NULL OR r.application_id = $2)
        ORDER BY r.reported_at
        LIMIT 500`,
      [filter.state ?? null, filter.applicationId ?? null],
    );
    if (rows.length > 0) {
      await this.audit.write({ actor: actor.login, action: AuditAction.AbuseReportsViewed, subjectType: 'abuse_report', subjectId: null, detail: { route, reports: rows.map((row) => row.id) } });
    }
    return rows.map((row) => ({
      id: row.id,
      domain: row.domain,
      category: row.category,
      url: row.url,
      reporter: row.reporter,
      reportedAt: row.reported_at,
      applicationId: row.application_id,
      registrar: row.registrar,
      caseId: row.case_id,
      state: row.state,
      decidedBy: row.decided_by,
      decisionNote: row.decision_note,
      feed: row.feed,
      brand: row.brand,
    }));
  }

  async decide(actor: Actor, reportId: string, decision: 'confirm' | 'dismiss', note: string): Promise<{ labelled: boolean }> {
    const why = requiredNote(note);
    if (!isUuid(reportId)) throw new ApiError(ApiErrorCode.NotFound, 'no abuse report with this id');
    return this.dataSource.transaction(async (manager) => {
      const rows = await query<{ id: string; state: string; application_id: string | null; category: AbuseReportInput['category']; url: string | null; domain: string; client_id: string | null; external_id: string | null; feed: string | null; brand: string | null }>(
        manager,
        `SELECT r.id, r.state, r.application_id, r.category, r.url, r.domain, a.client_id, a.external_id, r.feed, r.brand
           FROM abuse_reports r LEFT JOIN applications a ON a.id = r.application_id WHERE r.id = $1 FOR UPDATE OF r`,
        [reportId.toLowerCase()],
      );
      const report = rows[0];
      if (!report) throw new ApiError(ApiErrorCode.NotFound, 'no abuse report with this id');
      if (report.state !== 'pending') throw new ApiError(ApiErrorCode.Conflict, `this report is already ${report.state}`);
      const now = new Date();
      await manager.query(`UPDATE abuse_reports SET state = $2, decided_by = $3, decided_at = $4, decision_note = $5 WHERE id = $1`, [
        report.id,
        decision === 'confirm' ? 'confirmed' : 'dismissed',
        actor.login,
        now,
        why,
      ]);
      let labelled = false;
      if (decision === 'confirm' && report.application_id && report.client_id) {
        await recordLabel(manager, {
          id: randomUUID(),
          applicationId: report.application_id,
          verdict: 'fraud',
          source: `abuse-report:${report.category}`,
          evidenceUrl: report.url,
          note: why,
          clientId: null,
          reviewer: actor.login,
          abuseReportId: report.id,
          outboxClientId: report.client_id,
          at: now,
        });
        await appendOutbox(manager, {
          topic: OutboxTopic.AbuseConfirmed,
          clientId: report.client_id,
          applicationId: report.application_id,
          payload: {
            abuseReportId: report.id,
            applicationId: report.application_id,
            externalId: report.external_id,
            domain: report.domain,
            category: report.category,
            url: report.url,
            // A feed's report names its source and brand, as a trusted feed's confirmation does.
            ...(report.feed ? { brand: report.brand, source: `feed:${report.feed}` } : {}),
            confirmedAt: now.toISOString(),
          },
          at: now,
        });
        if (report.feed && this.feedRules) {
          await raiseFeedCase(manager, this.feedRules, { reportId: report.id, applicationId: report.application_id, clientId: report.client_id, feed: report.feed, url: report.url, brand: report.brand, at: now });
        }
        labelled = true;
      }
      await this.audit.write({ actor: actor.login, action: AuditAction.AbuseReportDecided, subjectType: 'abuse_report', subjectId: report.id, detail: { decision, labelled } }, manager);
      return { labelled };
    });
  }
}
