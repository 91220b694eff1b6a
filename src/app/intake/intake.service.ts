import { createHash } from 'node:crypto';
import type { Outcome, ReviewPolicy } from '../../engine';
import { isUuid } from '../database/uuid';
import { caseDueAt } from '../review/case-service';
import { applicationSchema } from '../../engine';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { timeOrderedUuid } from '../database/time-ordered-id';
import { parseJsonBody } from '../http/json-body';
import type { HistoryScreener } from '../linkage/history-screener';
import type { ScreeningResponse } from './screening-response';
import type { ScreeningStore } from './screening-store';
import type { ShadowScreener } from './shadow-screener';

/** An Idempotency-Key: 1–255 visible ASCII characters (a UUID is typical). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface IntakeResult {
  readonly status: number;
  readonly body: ScreeningResponse;
  readonly replayed: boolean;
}

/** Outcomes that open a review case at intake (DESIGN §2). */
export const CASE_OUTCOMES: ReadonlySet<Outcome> = new Set(['review', 'hold']);

/**
 * The webhook's logic: validate, screen, store atomically, answer; idempotent per key. A database
 * that cannot be reached surfaces as its own error, which the edge answers with 503.
 */
export class IntakeService {
  constructor(
    private readonly history: Pick<HistoryScreener, 'screen'>,
    private readonly store: Pick<ScreeningStore, 'insert' | 'findScreening'>,
    /** Due times of the cases it opens (`rules/review.yaml`). */
    private readonly policy: ReviewPolicy,
    private readonly onScreened: (outcome: string) => void = () => {},
    /** Shadow mode: a second rule set whose results are stored beside each screening and never acted on. */
    private readonly shadow: Pick<ShadowScreener, 'screen' | 'stored'> | null = null,
  ) {}

  async screen(clientId: string, idempotencyKey: string | undefined, rawBody: Buffer, receivedAt = new Date()): Promise<IntakeResult> {
    if (idempotencyKey === undefined || idempotencyKey === '') {
      throw new ApiError(ApiErrorCode.MissingIdempotencyKey, 'send an Idempotency-Key header (a UUID per application) so retries are safe');
    }
    if (!IDEMPOTENCY_KEY.test(idempotencyKey)) {
      throw new ApiError(ApiErrorCode.BadRequest, 'Idempotency-Key must be 1–255 visible ASCII characters', {
        errors: [{ field: 'Idempotency-Key', message: 'must be 1–255 visible ASCII characters' }],
      });
    }
    const application = parseJsonBody(rawBody, applicationSchema);
    const requestHash = createHash('sha256').update(rawBody).digest();

    // A retry is screened again (it is cheap) and then answered from the stored response by the
    // insert, which claims the key before anything else: one round trip for the common case.
    const { assessment, facts, inputs } = await this.history.screen(application, { domainName: application.domain?.name ?? null, asOf: receivedAt, self: null });
    const opensCase = CASE_OUTCOMES.has(assessment.outcome);
    const shadow = this.shadow?.screen(application, facts) ?? null;
    const response: ScreeningResponse = {
      id: timeOrderedUuid(receivedAt.getTime()),
      externalId: assessment.externalId,
      outcome: assessment.outcome,
      score: assessment.score,
      rulesVersion: assessment.rulesVersion,
      caseId: opensCase ? timeOrderedUuid(receivedAt.getTime()) : null,
      receivedAt: receivedAt.toISOString(),
      hits: assessment.hits,
    };
    const result = await this.store.insert({
      clientId,
      idempotencyKey,
      requestHash,
      application,
      assessment,
      attributes: inputs.attributes,
      phoneNumbers: inputs.phoneNumbers,
      facts,
      shadow,
      response,
      receivedAt,
      caseDueAt: opensCase ? caseDueAt(this.policy, assessment.outcome, receivedAt) : null,
    });
    if (!result.inserted) return this.replay(result.existing, requestHash);
    this.onScreened(assessment.outcome);
    if (shadow) this.shadow!.stored(shadow, assessment.outcome);
    return { status: 200, body: response, replayed: false };
  }

  async find(clientId: string, applicationId: string): Promise<ScreeningResponse> {
    if (!isUuid(applicationId)) {
      throw new ApiError(ApiErrorCode.NotFound, 'no screening with this id');
    }
    const found = await this.store.findScreening(clientId, applicationId.toLowerCase());
    // Another client's screening is indistinguishable from a missing one.
    if (!found) throw new ApiError(ApiErrorCode.NotFound, 'no screening with this id');
    return found;
  }

  private replay(earlier: { requestHash: Buffer; status: number; body: ScreeningResponse }, requestHash: Buffer): IntakeResult {
    if (!earlier.requestHash.equals(requestHash)) {
      throw new ApiError(ApiErrorCode.IdempotencyConflict, 'this Idempotency-Key was used with a different body; use a new key for a new application');
    }
    return { status: earlier.status, body: earlier.body, replayed: true };
  }
}
