import { createHash, randomUUID } from 'node:crypto';
import { parseApplication, type Application } from '../../engine';
import type { Screener } from '../../screening/screener';
import type { AppConfig } from '../config/config';
import { ApiError, ApiErrorCode, isDatabaseUnavailable } from '../http/api-error';
import type { MasterKeys } from '../crypto/secret-box';
import { extractAttributes } from '../linkage/attributes';
import { hashAttributes, phoneNumbersOf, type LinkageLookup } from '../linkage/linkage-lookup';
import { linkageKindsOf } from '../../engine/signals/linkage';
import type { ScreeningResponse } from './screening-response';
import type { ScreeningStore } from './screening-store';

/** An Idempotency-Key: 1–255 visible ASCII characters (a UUID is typical). */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

export interface IntakeResult {
  readonly status: number;
  readonly body: ScreeningResponse;
  readonly replayed: boolean;
}

/** Outcomes that open a review case (DESIGN §2). */
const CASE_OUTCOMES = new Set(['review', 'hold']);

/** The webhook's logic: validate, screen, store atomically, answer; idempotent per key. */
export class IntakeService {
  private lookupKinds: Set<string> | undefined;

  constructor(
    private readonly screener: Pick<Screener, 'engine' | 'factsFor'>,
    private readonly store: Pick<ScreeningStore, 'findAnswer' | 'insert' | 'findScreening'>,
    private readonly linkage: Pick<LinkageLookup, 'factsFor'>,
    private readonly keys: MasterKeys,
    private readonly config: Pick<AppConfig, 'slaReviewHours' | 'slaHoldHours'> & Partial<Pick<AppConfig, 'linkage'>>,
    private readonly onScreened: (outcome: string) => void = () => {},
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
    const application = this.parse(rawBody);
    const requestHash = createHash('sha256').update(rawBody).digest();

    return this.withDatabase(async () => {
      // A retry is screened again (it is cheap) and then answered from the stored response by the
      // insert, which claims the key before anything else: one round trip for the common case.
      const networkFacts = this.screener.factsFor(application);
      const attributes = extractAttributes(application, networkFacts);
      const hashed = hashAttributes(this.keys, attributes);
      const phoneNumbers = phoneNumbersOf(attributes);
      const looked = this.lookupKinds ?? (this.lookupKinds = linkageKindsOf(this.screener.engine.rules.signals));
      const history = this.config.linkage === false ? { linkage: { attributes: [] } } : await this.linkage.factsFor({ attributes: hashed.filter((attribute) => looked.has(attribute.kind)), phoneNumbers, domainName: application.domain?.name ?? null, asOf: receivedAt, self: null });
      const facts = { ...networkFacts, ...history };
      const assessment = this.screener.engine.screen(application, facts);
      const opensCase = CASE_OUTCOMES.has(assessment.outcome);
      const response: ScreeningResponse = {
        id: randomUUID(),
        externalId: assessment.externalId,
        outcome: assessment.outcome,
        score: assessment.score,
        rulesVersion: assessment.rulesVersion,
        caseId: opensCase ? randomUUID() : null,
        receivedAt: receivedAt.toISOString(),
        hits: assessment.hits,
      };
      const slaHours = assessment.outcome === 'hold' ? this.config.slaHoldHours : this.config.slaReviewHours;
      const result = await this.store.insert({
        clientId,
        idempotencyKey,
        requestHash,
        application,
        assessment,
        attributes: hashed,
        phoneNumbers,
        facts,
        response,
        receivedAt,
        caseDueAt: opensCase ? new Date(receivedAt.getTime() + slaHours * 3_600_000) : null,
      });
      if (!result.inserted) return this.replay(result.existing, requestHash);
      this.onScreened(assessment.outcome);
      return { status: 200, body: response, replayed: false };
    });
  }

  async find(clientId: string, applicationId: string): Promise<ScreeningResponse> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(applicationId)) {
      throw new ApiError(ApiErrorCode.NotFound, 'no screening with this id');
    }
    const found = await this.withDatabase(() => this.store.findScreening(clientId, applicationId.toLowerCase()));
    // Another client's screening is indistinguishable from a missing one.
    if (!found) throw new ApiError(ApiErrorCode.NotFound, 'no screening with this id');
    return found;
  }

  private parse(rawBody: Buffer): Application {
    let value: unknown;
    try {
      value = JSON.parse(rawBody.toString('utf8'));
    } catch (error) {
      throw new ApiError(ApiErrorCode.InvalidJson, `the body is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = parseApplication(value);
    if (!parsed.ok) {
      throw new ApiError(ApiErrorCode.InvalidApplication, `${parsed.errors.length} invalid field(s): ${parsed.errors.map((error) => error.field).join(', ')}`, {
        errors: parsed.errors,
      });
    }
    return parsed.application;
  }

  private replay(earlier: { requestHash: Buffer; status: number; body: ScreeningResponse }, requestHash: Buffer): IntakeResult {
    if (!earlier.requestHash.equals(requestHash)) {
      throw new ApiError(ApiErrorCode.IdempotencyConflict, 'this Idempotency-Key was used with a different body; use a new key for a new application');
    }
    return { status: earlier.status, body: earlier.body, replayed: true };
  }

  private async withDatabase<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (isDatabaseUnavailable(error)) {
        throw new ApiError(ApiErrorCode.Unavailable, 'the database is unavailable; nothing was stored, retry later', { retryAfterSeconds: 5 });
      }
      throw error;
    }
  }
}
