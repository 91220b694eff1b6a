import type { DataSource } from 'typeorm';
import { outcomeRank, type FeedPolicy, type Outcome, type ReviewPolicy } from '../../engine';
import { isUuid } from '../database/uuid';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { PROPAGATION_KINDS } from '../linkage/rescreener';
import { AuditAction, type AuditLog } from '../review/audit-log';
import { caseDueAt, raiseOrOpenCase } from '../review/case-policy';
import type { Actor } from '../review/case-types';
import { hasRole } from '../review/reviewers';
import { query } from '../database/query';

/**
 * The details that tie a campaign's registrations together: the narrow details labels propagate
 * through (card, device, SMS number, phone, mailbox, own mail domain, private nameservers, street
 * address; src/app/linkage/attributes.ts), a value more than SIBLING_MAX_SHARED applications share
 * being no tie.
 */
const NARROW_KINDS: readonly string[] = PROPAGATION_KINDS;
const SIBLING_MAX_SHARED = 50;
const SIBLING_LIMIT = 200;

export interface CampaignSibling {
  readonly applicationId: string;
  readonly domain: string | null;
  readonly registrar: string;
  /** The kinds of detail it shares with the feed-matched application. */
  readonly shares: readonly string[];
  /** It is a registration now (an active domain), not only an application. */
  readonly active: boolean;
  readonly caseId: string | null;
  readonly caseState: string | null;
  readonly caseOutcome: Outcome | null;
}

export interface FeedMatchView {
  readonly feed: string;
  readonly url: string | null;
  readonly brand: string | null;
  readonly result: string;
  readonly listedAt: Date | null;
  readonly matchedAt: Date;
}

export interface CampaignCasesResult {
  readonly siblings: number;
  readonly opened: number;
  readonly raised: number;
  /** Already open at that outcome or worse, or refused before: left as they are. */
  readonly skipped: number;
}

/**
 * The campaign view of a feed-matched domain: the other applications and active domains that share
 * its narrow details, and the lead's one action that opens (or raises) a case for each of them.
 */
export class CampaignSiblings {
  constructor(
    private readonly dataSource: DataSource,
    /** Null when the rules have no feeds.yaml: then the view shows, and the action refuses. */
    private readonly policy: { readonly feeds: FeedPolicy; readonly review: ReviewPolicy } | null,
    private readonly audit: AuditLog,
  ) {}

  /** The feed entries matched to an application, newest first; empty for a domain no feed listed. */
  async matchesOf(applicationId: string): Promise<FeedMatchView[]> {
    const rows = await query<{ feed: string; url: string | null; brand: string | null; result: string; listed_at: Date | null; matched_at: Date }>(
      this.dataSource,
      `SELECT m.feed, e.url, e.brand, m.result, m.listed_at, m.matched_at FROM feed_matches m JOIN feed_entries e ON e.feed = m.feed AND e.entry_hash = m.entry_hash
        WHERE m.application_id = $1 ORDER BY m.matched_at DESC, m.id DESC LIMIT 50`,
      [applicationId],
    );
    return rows.map((row) => ({ feed: row.feed, url: row.url, brand: row.brand, result: row.result, listedAt: row.listed_at, matchedAt: row.matched_at }));
  }

  async of(applicationId: string): Promise<CampaignSibling[]> {
    const rows = await query<{ id: string; domain_name: string | null; registrar: string; shares: string[]; active: boolean; case_id: string | null; case_state: string | null; case_outcome: Outcome | null }>(
      this.dataSource,
      `WITH own AS (
         SELECT kind, value_hash FROM attributes WHERE application_id = $1 AND kind = ANY($2)
       ), narrow AS (
         SELECT own.kind, own.value_hash FROM own
          WHERE (SELECT count(*) FROM (SELECT 1 FROM attributes a WHERE a.kind = own.kind AND a.value_hash = own.value_hash LIMIT $3 + 2) shared) <= $3 + 1
       ), sibling AS (
         SELECT other.application_id, array_agg(DISTINCT other.kind ORDER BY other.kind) AS shares
           FROM narrow JOIN attributes other ON other.kind = narrow.kind AND other.value_hash = narrow.value_hash
          WHERE other.application_id <> $1
          GROUP BY other.application_id
          LIMIT $4
       )
       SELECT a.id, a.domain_name, k.name AS registrar, sibling.shares,
              EXISTS (SELECT 1 FROM active_domains d WHERE d.application_id = a.id) AS active,
              c.id AS case_id, c.state AS case_state, c.outcome AS case_outcome
         FROM sibling
         JOIN applications a ON a.id = sibling.application_id
         JOIN api_clients k ON k.id = a.client_id
         LEFT JOIN LATERAL (SELECT id, state, outcome FROM cases WHERE application_id = a.id ORDER BY created_at DESC LIMIT 1) c ON true
        ORDER BY a.domain_name NULLS LAST, a.id`,
      [applicationId, NARROW_KINDS, SIBLING_MAX_SHARED, SIBLING_LIMIT],
    );
    return rows.map((row) => ({
      applicationId: row.id,
      domain: row.domain_name,
      registrar: row.registrar,
      shares: row.shares,
      active: row.active,
      caseId: row.case_id,
      caseState: row.case_state,
      caseOutcome: row.case_outcome,
    }));
  }

  /**
   * Opens a case (outcome `siblingCaseOutcome` of rules/feeds.yaml, due by its SLA) for every
   * sibling of the case's feed-matched application, or raises its open case to that outcome. A lead's action; audited.
   */
  async openCases(actor: Actor, caseId: string): Promise<CampaignCasesResult> {
    if (!hasRole(actor, 'lead')) throw new ApiError(ApiErrorCode.Forbidden, 'opening cases for a campaign needs the lead role');
    if (!isUuid(caseId)) throw new ApiError(ApiErrorCode.NotFound, 'no case with this id');
    const policy = this.policy;
    if (!policy) throw new ApiError(ApiErrorCode.Conflict, 'the rules have no feeds.yaml: the outcome of campaign cases is not set');
    const [origin] = await query<{ application_id: string; domain_name: string | null }>(
      this.dataSource,
      `SELECT c.application_id, a.domain_name FROM cases c JOIN applications a ON a.id = c.application_id WHERE c.id = $1`,
      [caseId.toLowerCase()],
    );
    if (!origin) throw new ApiError(ApiErrorCode.NotFound, 'no case with this id');
    if ((await this.matchesOf(origin.application_id)).length === 0) throw new ApiError(ApiErrorCode.Conflict, 'no threat feed listed this domain: the campaign action is for feed-matched domains');
    const siblings = await this.of(origin.application_id);
    const outcome = policy.feeds.siblingCaseOutcome;
    const at = new Date();
    let opened = 0;
    let raised = 0;
    let skipped = 0;
    await this.dataSource.transaction(async (manager) => {
      for (const sibling of siblings) {
        const [latest] = await query<{ state: string; outcome: Outcome; decision: string | null }>(
          manager,
          `SELECT state, outcome, decision FROM cases WHERE application_id = $1 ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
          [sibling.applicationId],
        );
        const open = latest && latest.state !== 'decided';
        if ((open && outcomeRank(latest.outcome) >= outcomeRank(outcome)) || latest?.decision === 'rejected') {
          skipped += 1;
          continue;
        }
        const [assessment] = await query<{ score: number }>(manager, 'SELECT score FROM assessments WHERE application_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1', [sibling.applicationId]);
        const [application] = await query<{ client_id: string }>(manager, 'SELECT client_id FROM applications WHERE id = $1', [sibling.applicationId]);
        const result = await raiseOrOpenCase(manager, {
          applicationId: sibling.applicationId,
          clientId: application!.client_id,
          outcome,
          score: assessment?.score ?? 0,
          dueAt: caseDueAt(policy.review, outcome, at),
          reason: `campaign of the feed-matched ${origin.domain_name ?? 'application'} (case ${caseId}): shares ${sibling.shares.join(', ')}`,
          data: { campaignOf: caseId, shares: sibling.shares, by: actor.login },
          at,
        });
        if (result.opened) opened += 1;
        else raised += 1;
      }
      await this.audit.write(
        { actor: actor.login, action: AuditAction.CampaignCasesOpened, subjectType: 'case', subjectId: caseId, detail: { siblings: siblings.length, opened, raised, skipped } },
        manager,
      );
    });
    return { siblings: siblings.length, opened, raised, skipped };
  }
}
