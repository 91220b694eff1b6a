import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { outcomeRank, type Application, type Assessment, type Hit, type Outcome, type ReviewPolicy, type ScreeningFacts } from '../../engine';
import type { CallbackData } from '../contract/callbacks';
import { OutboxTopic } from '../intake/screening-response';
import { appendOutbox } from '../queue/outbox';
import { caseDueAt, raiseOrOpenCase } from '../review/case-policy';
import { clientVisibleTrigger } from '../labels/labels.service';
import { NARROW_KINDS } from './attributes';
import type { HistoryScreener } from './history-screener';
import { query } from '../database/query';

export enum RescreenStatus {
  Missing = 'missing',
  Unchanged = 'unchanged',
  Changed = 'changed',
  Worsened = 'worsened',
}

/**
 * Attributes that tie applications together strongly enough for a label to re-screen the others:
 * the narrow details, and nothing shared by construction (those are never stored under these kinds).
 */
export const PROPAGATION_KINDS: readonly string[] = NARROW_KINDS;

const PROPAGATION_WINDOW_DAYS = 30;
const PROPAGATION_LIMIT = 1000;
/** A value more applications than this shared in the window (a hosting company's nameservers, a carrier's /24) ties nobody together. */
const PROPAGATION_MAX_SHARED = 50;

/**
 * Outcomes that need a person when an application gets worse after intake (a label's propagation,
 * the rescan). Unlike at intake (review and hold: a deny there is refused before it exists), a deny
 * now concerns a registration that may already be live, so a person decides what to do with it.
 */
export const REASSESSMENT_CASE_OUTCOMES: ReadonlySet<Outcome> = new Set(['review', 'hold', 'deny']);

/** The `screening.reassessed` callback's data (its schema: src/app/contract/callbacks.ts). */
type ReassessedPayload = CallbackData<OutboxTopic.ScreeningReassessed>;

export interface Reassessment {
  readonly applicationId: string;
  readonly clientId: string;
  readonly externalId: string;
  readonly trigger: string;
  readonly assessment: Assessment;
  readonly facts: ScreeningFacts;
  readonly previousOutcome: Outcome | null;
  readonly at: Date;
  /** What the rescan adds to the case event and the callback. */
  readonly rescan?: { readonly domain: string; readonly runId: string };
}

/**
 * Stores a changed re-screening inside the caller's transaction: the new assessment; a case opened
 * (or the open one raised) when the outcome got worse to one that needs a person; the
 * `screening.reassessed` outbox event.
 */
export async function recordReassessment(manager: EntityManager, policy: ReviewPolicy, change: Reassessment): Promise<{ worsened: boolean; caseId: string | null; opened: boolean }> {
  const { applicationId, assessment, previousOutcome, at } = change;
  await manager.query(
    `INSERT INTO assessments (id, application_id, trigger, rules_version, outcome, score, hits, facts, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [randomUUID(), applicationId, change.trigger, assessment.rulesVersion, assessment.outcome, assessment.score, JSON.stringify(assessment.hits), change.facts, at],
  );
  const worsened = previousOutcome !== null && outcomeRank(assessment.outcome) > outcomeRank(previousOutcome);
  let caseId: string | null = null;
  let opened = false;
  if (worsened && REASSESSMENT_CASE_OUTCOMES.has(assessment.outcome)) {
    ({ caseId, opened } = await raiseOrOpenCase(manager, {
      applicationId,
      clientId: change.clientId,
      outcome: assessment.outcome,
      score: assessment.score,
      dueAt: caseDueAt(policy, assessment.outcome, at),
      reason: `${change.trigger}: outcome ${previousOutcome} → ${assessment.outcome}`,
      data: { ...(change.rescan ? { runId: change.rescan.runId } : {}), score: assessment.score, previous: previousOutcome, rulesVersion: assessment.rulesVersion },
      at,
    }));
  }
  const payload: ReassessedPayload = {
    applicationId,
    externalId: change.externalId,
    trigger: await clientVisibleTrigger(manager, change.trigger, change.clientId),
    outcome: assessment.outcome,
    previousOutcome,
    score: assessment.score,
    rulesVersion: assessment.rulesVersion,
    caseId,
    reasons: assessment.hits.map((hit) => hit.reason),
    ...change.rescan,
  };
  await appendOutbox(manager, { topic: OutboxTopic.ScreeningReassessed, clientId: change.clientId, applicationId, payload, at });
  return { worsened, caseId, opened };
}

/**
 * Whether two assessments give the same reasons with the same points. Details alone (a new linked
 * id in a count's text) are not a change worth storing or telling anyone about.
 */
export function sameHits(a: readonly Hit[], b: readonly Hit[]): boolean {
  return a.length === b.length && a.every((hit, index) => hit.reason === b[index]!.reason && hit.points === b[index]!.points);
}

/**
 * Screens a stored application again with the current rules and history. Stores a new assessment
 * only when the outcome or the hits changed; opens a case (or raises the open one) when the
 * outcome got worse; tells the client through the outbox. Running it twice changes nothing more.
 */
export class Rescreener {
  constructor(
    private readonly dataSource: DataSource,
    private readonly history: Pick<HistoryScreener, 'screen'>,
    private readonly policy: ReviewPolicy,
  ) {}

  async rescreen(applicationId: string, trigger: string, asOf = new Date()): Promise<RescreenStatus> {
    return this.dataSource.transaction(async (manager) => {
      // One re-screening of an application at a time: two labels at once cannot open two cases.
      const applications = await query<{ client_id: string; external_id: string; domain_name: string | null; body: Application }>(
        manager,
        'SELECT client_id, external_id, domain_name, body FROM applications WHERE id = $1 FOR UPDATE',
        [applicationId],
      );
      const stored = applications[0];
      if (!stored) return RescreenStatus.Missing;
      const [latest] = await query<{ outcome: Outcome; score: number; hits: Hit[] }>(
        manager,
        'SELECT outcome, score, hits FROM assessments WHERE application_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1',
        [applicationId],
      );

      const { assessment, facts } = await this.history.screen(stored.body, { domainName: stored.domain_name, asOf, self: applicationId, clientId: stored.client_id });
      if (latest && latest.outcome === assessment.outcome && sameHits(latest.hits, assessment.hits)) return RescreenStatus.Unchanged;

      const { worsened } = await recordReassessment(manager, this.policy, {
        applicationId,
        clientId: stored.client_id,
        externalId: stored.external_id,
        trigger,
        assessment,
        facts,
        previousOutcome: latest?.outcome ?? null,
        at: asOf,
      });
      return worsened ? RescreenStatus.Worsened : RescreenStatus.Changed;
    });
  }
}

export interface PropagationResult {
  readonly linked: number;
  readonly changed: number;
  readonly worsened: number;
}

/** A label's effect on the applications that share strong attributes with the labelled one. */
export class LabelPropagation {
  constructor(
    private readonly dataSource: DataSource,
    private readonly rescreener: Pick<Rescreener, 'rescreen'>,
  ) {}

  async propagate(labelId: string, asOf = new Date()): Promise<PropagationResult> {
    const labels = await query<{ application_id: string }>(this.dataSource, 'SELECT application_id FROM labels WHERE id = $1', [labelId]);
    const label = labels[0];
    if (!label) return { linked: 0, changed: 0, worsened: 0 };
    const linked = await query<{ application_id: string }>(
      this.dataSource,
      `WITH own AS (
         SELECT kind, value_hash FROM attributes WHERE application_id = $1 AND kind = ANY($2)
       ), narrow AS (
         SELECT own.kind, own.value_hash FROM own
          WHERE (SELECT count(*) FROM (SELECT 1 FROM attributes a WHERE a.kind = own.kind AND a.value_hash = own.value_hash
                   AND a.observed_at > $3::timestamptz - make_interval(days => $4) LIMIT $6 + 2) shared) <= $6 + 1
       )
       SELECT DISTINCT other.application_id::text AS application_id
         FROM narrow
         JOIN attributes other ON other.kind = narrow.kind AND other.value_hash = narrow.value_hash
        WHERE other.application_id <> $1 AND other.observed_at > $3::timestamptz - make_interval(days => $4)
        LIMIT $5`,
      [label.application_id, PROPAGATION_KINDS, asOf, PROPAGATION_WINDOW_DAYS, PROPAGATION_LIMIT, PROPAGATION_MAX_SHARED],
    );
    let changed = 0;
    let worsened = 0;
    for (const row of linked) {
      const status = await this.rescreener.rescreen(row.application_id, `label:${labelId}`, asOf);
      if (status === RescreenStatus.Changed) changed += 1;
      if (status === RescreenStatus.Worsened) worsened += 1;
    }
    return { linked: linked.length, changed, worsened };
  }
}
