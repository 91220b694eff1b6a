import { createHash } from 'node:crypto';
import type { Application, Outcome, ReviewPolicy } from '../../engine';
import { isUuid } from '../database/uuid';
import { caseDueAt } from '../review/case-policy';
import { applicationClockErrors, applicationSchema } from '../../engine';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { timeOrderedUuid } from '../database/time-ordered-id';
import { requireIdempotencyKey, storedAnswer } from '../http/idempotency';
import { parseJsonBody } from '../http/json-body';
import type { HistoryScreener } from '../linkage/history-screener';
import type { ClientView } from './client-view';
import type { StoredScreeningResponse } from '../contract/responses';
import type { ScreeningResponse } from './screening-response';
import { isExternalIdTaken, type ExistingApplication, type NewScreening, type ScreeningStore } from './screening-store';
import type { ShadowScreener } from './shadow-screener';

export interface IntakeResult {
  readonly status: number;
  readonly body: ScreeningResponse;
  readonly replayed: boolean;
}

/** Outcomes that open a review case at intake (DESIGN §2). */
export const CASE_OUTCOMES: ReadonlySet<Outcome> = new Set(['review', 'hold']);

/**
 * The webhook's logic: validate, screen, store atomically, answer; idempotent per key. A second
 * submission of an external id is a revision of the same application (same id, its case updated).
 * A database that cannot be reached surfaces as its own error, which the edge answers with 503.
 */
export class IntakeService {
  constructor(
    private readonly history: Pick<HistoryScreener, 'screen'>,
    private readonly store: Pick<ScreeningStore, 'insert' | 'revise' | 'findApplication' | 'findScreening'>,
    /** Due times of the cases it opens (`rules/review.yaml`). */
    private readonly policy: ReviewPolicy,
    private readonly clientView: Pick<ClientView, 'hits'>,
    private readonly onScreened: (outcome: string) => void = () => {},
    /** Shadow mode: a second rule set whose results are stored beside each screening and never acted on. */
    private readonly shadow: Pick<ShadowScreener, 'screen' | 'stored'> | null = null,
  ) {}

  async screen(clientId: string, idempotencyKey: string | undefined, rawBody: Buffer, receivedAt = new Date()): Promise<IntakeResult> {
    const key = requireIdempotencyKey(idempotencyKey);
    const application = parseJsonBody(rawBody, applicationSchema);
    const clockErrors = applicationClockErrors(application, receivedAt);
    if (clockErrors.length > 0) {
      throw new ApiError(ApiErrorCode.InvalidApplication, `${clockErrors.length} invalid field(s): ${clockErrors.map((error) => error.field).join(', ')}`, { errors: clockErrors });
    }
    const requestHash = createHash('sha256').update(rawBody).digest();
    const existing = await this.store.findApplication(clientId, application.externalId);
    if (existing) return this.revise(clientId, key, requestHash, application, existing, receivedAt);

    // A retry is screened again (it is cheap) and then answered from the stored response by the
    // insert, which claims the key before anything else: one round trip for the common case.
    const screening = await this.prepare(clientId, key, requestHash, application, null, receivedAt);
    let result: Awaited<ReturnType<ScreeningStore['insert']>>;
    try {
      result = await this.store.insert(screening);
    } catch (error) {
      // Another submission of this external id was stored meanwhile: this one is its revision.
      if (!isExternalIdTaken(error)) throw error;
      const stored = await this.store.findApplication(clientId, application.externalId);
      if (!stored) throw error;
      return this.revise(clientId, key, requestHash, application, stored, receivedAt);
    }
    if (!result.inserted) return replay(result.existing, requestHash);
    this.stored(screening);
    return { status: 200, body: screening.response, replayed: false };
  }

  /** The latest assessment of the client's application, with the newest label beside it. */
  async find(clientId: string, applicationId: string): Promise<StoredScreeningResponse> {
    if (!isUuid(applicationId)) {
      throw new ApiError(ApiErrorCode.NotFound, 'no screening with this id');
    }
    const found = await this.store.findScreening(clientId, applicationId.toLowerCase());
    // Another client's screening is indistinguishable from a missing one.
    if (!found) throw new ApiError(ApiErrorCode.NotFound, 'no screening with this id');
    return { ...found.response, hits: await this.clientView.hits(clientId, found.response.hits, found.facts), verdict: found.verdict };
  }

  private async revise(clientId: string, key: string, requestHash: Buffer, application: Application, existing: ExistingApplication, receivedAt: Date): Promise<IntakeResult> {
    const screening = await this.prepare(clientId, key, requestHash, application, existing, receivedAt);
    const result = await this.store.revise({ ...screening, applicationId: existing.id, needsCase: CASE_OUTCOMES.has(screening.assessment.outcome) });
    if (!result.inserted) return replay(result.existing, requestHash);
    this.stored(screening);
    return { status: 200, body: result.response, replayed: false };
  }

  /** Screens the application against stored history (never linking it to its own earlier revisions) and builds its answer. */
  private async prepare(clientId: string, key: string, requestHash: Buffer, application: Application, existing: ExistingApplication | null, receivedAt: Date): Promise<NewScreening> {
    const { assessment, facts, inputs } = await this.history.screen(application, { domainName: application.domain?.name ?? null, asOf: receivedAt, self: existing?.id ?? null, clientId });
    const opensCase = CASE_OUTCOMES.has(assessment.outcome);
    const response: ScreeningResponse = {
      id: existing?.id ?? timeOrderedUuid(receivedAt.getTime()),
      externalId: assessment.externalId,
      revision: existing ? existing.revision + 1 : 1,
      outcome: assessment.outcome,
      score: assessment.score,
      rulesVersion: assessment.rulesVersion,
      caseId: opensCase ? timeOrderedUuid(receivedAt.getTime()) : null,
      receivedAt: receivedAt.toISOString(),
      hits: await this.clientView.hits(clientId, assessment.hits, facts),
    };
    return {
      clientId,
      idempotencyKey: key,
      requestHash,
      application,
      assessment,
      attributes: inputs.attributes,
      phoneNumbers: inputs.phoneNumbers,
      facts,
      shadow: this.shadow?.screen(application, facts) ?? null,
      response,
      receivedAt,
      caseDueAt: opensCase ? caseDueAt(this.policy, assessment.outcome, receivedAt) : null,
    };
  }

  private stored(screening: NewScreening): void {
    this.onScreened(screening.assessment.outcome);
    if (screening.shadow) this.shadow!.stored(screening.shadow, screening.assessment.outcome);
  }
}

function replay(earlier: { requestHash: Buffer; status: number; body: ScreeningResponse }, requestHash: Buffer): IntakeResult {
  const answer = storedAnswer(earlier, requestHash);
  return { status: answer.status, body: answer.body, replayed: true };
}
