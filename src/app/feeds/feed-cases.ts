import type { EntityManager } from 'typeorm';
import type { FeedPolicy, ReviewPolicy, RuleSet } from '../../engine';
import { sharedByConstructionOf, type SharedByConstruction } from '../../engine/linkage/shared-by-construction';
import { caseDueAt, raiseOrOpenCase, reviewPolicyOf } from '../review/case-policy';
import { query } from '../database/query';

/** A feed report that has just been confirmed, by a trusted feed or by a reviewer. */
export interface ConfirmedFeedReport {
  readonly reportId: string;
  readonly applicationId: string;
  readonly clientId: string;
  readonly feed: string;
  readonly url: string | null;
  readonly brand: string | null;
  readonly at: Date;
}

/**
 * Raises the application's case (or opens one) to the outcome rules/feeds.yaml gives a confirmed
 * feed report, due by that outcome's SLA, and records on the report's matches when the case came.
 * Inside the caller's transaction.
 */
export async function raiseFeedCase(manager: EntityManager, policy: { readonly feeds: FeedPolicy; readonly review: ReviewPolicy }, report: ConfirmedFeedReport): Promise<string> {
  const outcome = policy.feeds.confirmedCaseOutcome;
  const [latest] = await query<{ score: number }>(manager, 'SELECT score FROM assessments WHERE application_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1', [report.applicationId]);
  const { caseId } = await raiseOrOpenCase(manager, {
    applicationId: report.applicationId,
    clientId: report.clientId,
    outcome,
    score: latest?.score ?? 0,
    dueAt: caseDueAt(policy.review, outcome, report.at),
    reason: `feed:${report.feed}: abuse confirmed${report.brand ? ` (${report.brand})` : ''}`,
    data: { abuseReportId: report.reportId, feed: report.feed, url: report.url, brand: report.brand },
    at: report.at,
  });
  await manager.query(`UPDATE feed_matches SET case_id = $2, cased_at = $3 WHERE abuse_report_id = $1 AND cased_at IS NULL`, [report.reportId, caseId, report.at]);
  return caseId;
}

/** Whether a portfolio status says the registrar already suspended the domain. */
export function isSuspended(policy: Pick<FeedPolicy, 'suspendedStatuses'>, status: string | null): boolean {
  if (!status) return false;
  const folded = status.toLowerCase();
  return policy.suspendedStatuses.some((word) => folded.includes(word));
}

/** The feed policy and review policy of a rule set; the feed loop cannot run without both. */
export function feedRulesOf(rules: RuleSet): { readonly feeds: FeedPolicy; readonly review: ReviewPolicy; readonly shared?: SharedByConstruction } {
  if (!rules.feeds) throw new Error('the rules directory has no feeds.yaml (shared platforms, suspended statuses, case outcomes): threat feeds need one');
  const shared = sharedByConstructionOf(rules.lists, rules.brands);
  return { feeds: rules.feeds, review: reviewPolicyOf(rules), ...(shared ? { shared } : {}) };
}
