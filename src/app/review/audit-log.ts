import type { DataSource, EntityManager } from 'typeorm';

/** What the audit log records. Every view of an application's personal data is one of these. */
export enum AuditAction {
  LoginSucceeded = 'login.succeeded',
  LoginFailed = 'login.failed',
  LoginThrottled = 'login.throttled',
  Logout = 'logout',
  CaseViewed = 'case.viewed',
  CaseChanged = 'case.changed',
  BulkDecided = 'cases.bulk_decided',
  ReviewerAdded = 'reviewer.added',
  ReviewerDisabled = 'reviewer.disabled',
  ReviewerEnabled = 'reviewer.enabled',
  CsrfRejected = 'csrf.rejected',
  AbuseReportsViewed = 'abuse_reports.viewed',
  AbuseReportDecided = 'abuse_report.decided',
  SubjectExported = 'subject.exported',
  SubjectErased = 'subject.erased',
  BacktestRequested = 'backtest.requested',
  BacktestRefused = 'backtest.refused',
  BacktestsViewed = 'backtests.viewed',
  BacktestViewed = 'backtest.viewed',
  CampaignCasesOpened = 'campaign.cases_opened',
  FeedPullRequested = 'feed.pull_requested',
}

export interface AuditEntry {
  readonly actor: string;
  readonly action: AuditAction;
  readonly subjectType: 'application' | 'case' | 'reviewer' | 'session' | 'campaign' | 'abuse_report' | 'subject' | 'backtest_run' | 'feed';
  readonly subjectId?: string | null;
  /** Never personal data: ids, codes, counts, the request's route. */
  readonly detail?: Record<string, unknown>;
}

/** The append-only audit log (a trigger refuses updates and deletes). */
export class AuditLog {
  constructor(private readonly dataSource: DataSource) {}

  async write(entry: AuditEntry, manager: EntityManager | DataSource = this.dataSource): Promise<void> {
    await manager.query(`INSERT INTO audit_log (at, actor, action, subject_type, subject_id, detail) VALUES (now(), $1, $2, $3, $4, $5)`, [
      entry.actor,
      entry.action,
      entry.subjectType,
      entry.subjectId ?? null,
      entry.detail ?? null,
    ]);
  }
}
