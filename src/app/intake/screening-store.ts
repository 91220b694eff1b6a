import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { driverPool } from '../database/data-source';
import type { Application, Assessment, ScreeningFacts } from '../../engine';
import type { HashedAttribute } from '../linkage/linkage-lookup';
import { OutboxTopic, type ScreeningResponse } from './screening-response';

export interface StoredAnswer {
  readonly requestHash: Buffer;
  readonly status: number;
  readonly body: ScreeningResponse;
}

export interface NewScreening {
  readonly clientId: string;
  readonly idempotencyKey: string;
  readonly requestHash: Buffer;
  readonly application: Application;
  readonly assessment: Assessment;
  readonly attributes: readonly HashedAttribute[];
  /** E.164 digits of the contact and SMS numbers. */
  readonly phoneNumbers: readonly string[];
  /** The facts the engine was given, kept with the assessment for replays. */
  readonly facts: ScreeningFacts;
  readonly response: ScreeningResponse;
  readonly receivedAt: Date;
  readonly caseDueAt: Date | null;
}

function validDate(text: string | null | undefined): Date | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Queries of the intake path, and nothing else. */
export class ScreeningStore {
  constructor(
    private readonly dataSource: DataSource,
  ) {}

  /**
   * The driver's pool, for the one statement on the hot path: as a named prepared statement it is
   * parsed and planned once per connection instead of on every request.
   */
  private pool(): Pool {
    return driverPool(this.dataSource);
  }

  async findAnswer(clientId: string, idempotencyKey: string): Promise<StoredAnswer | null> {
    const rows: { request_hash: Buffer; response_status: number; response_body: ScreeningResponse }[] = await this.dataSource.query(
      'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE client_id = $1 AND key = $2',
      [clientId, idempotencyKey],
    );
    const row = rows[0];
    return row ? { requestHash: row.request_hash, status: row.response_status, body: row.response_body } : null;
  }

  /** The latest assessment of an application, only for the client that sent it. */
  async findScreening(clientId: string, applicationId: string): Promise<ScreeningResponse | null> {
    const rows: {
      id: string;
      external_id: string;
      received_at: Date;
      outcome: ScreeningResponse['outcome'];
      score: number;
      rules_version: string;
      hits: ScreeningResponse['hits'];
      case_id: string | null;
    }[] = await this.dataSource.query(
      `SELECT a.id, a.external_id, a.received_at, s.outcome, s.score, s.rules_version, s.hits,
              (SELECT c.id FROM cases c WHERE c.application_id = a.id ORDER BY c.created_at DESC LIMIT 1) AS case_id
         FROM applications a
         JOIN LATERAL (SELECT * FROM assessments s WHERE s.application_id = a.id ORDER BY s.created_at DESC LIMIT 1) s ON true
        WHERE a.id = $1 AND a.client_id = $2`,
      [applicationId, clientId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      externalId: row.external_id,
      outcome: row.outcome,
      score: row.score,
      rulesVersion: row.rules_version,
      caseId: row.case_id,
      receivedAt: row.received_at.toISOString(),
      hits: row.hits,
    };
  }

  /**
   * One statement, so one round trip and one implicit transaction: the idempotency key first (a
   * concurrent duplicate waits on its unique index, then finds it taken), and every other insert
   * only if this request claimed the key — application, assessment, attributes, case with its first
   * event, outbox event. Returns the answer already stored under the key when the claim failed.
   */
  async insert(screening: NewScreening): Promise<{ inserted: true } | { inserted: false; existing: StoredAnswer }> {
    const { application, assessment, response, receivedAt, clientId } = screening;
    const signup = application.signup;
    const opensCase = response.caseId !== null && screening.caseDueAt !== null;
    const { rows } = await this.pool().query<{ claimed: number }>({ name: 'shinsa_insert_screening', text: INSERT_SCREENING, values: [
      clientId,
      screening.idempotencyKey,
      screening.requestHash,
      response.id,
      response,
      receivedAt,
      application.externalId,
      application.product,
      application.domain ? application.domain.name.trim().toLowerCase().replace(/\.$/, '') : null,
      validDate(application.submittedAt),
      signup?.ip ?? null,
      signup?.port ?? null,
      validDate(signup?.at),
      application,
      randomUUID(),
      assessment.rulesVersion,
      assessment.outcome,
      assessment.score,
      JSON.stringify(assessment.hits),
      screening.attributes.map((attribute) => attribute.kind),
      screening.attributes.map((attribute) => attribute.hash),
      opensCase ? response.caseId : null,
      opensCase ? screening.caseDueAt : null,
      `screening outcome ${assessment.outcome}`,
      { score: assessment.score, rulesVersion: assessment.rulesVersion },
      OutboxTopic.ScreeningAssessed,
      {
        applicationId: response.id,
        externalId: response.externalId,
        outcome: response.outcome,
        score: response.score,
        rulesVersion: response.rulesVersion,
        caseId: response.caseId,
        reasons: response.hits.map((hit) => hit.reason),
      },
      screening.phoneNumbers,
      screening.facts,
    ] });
    if (rows[0]?.claimed === 1) return { inserted: true };
    const existing = await this.findAnswer(clientId, screening.idempotencyKey);
    if (!existing) throw new Error('idempotency key vanished after a conflict');
    return { inserted: false, existing };
  }
}

const INSERT_SCREENING = `
  WITH claim AS (
    INSERT INTO idempotency_keys (client_id, key, request_hash, application_id, response_status, response_body, created_at)
    VALUES ($1, $2, $3, $4, 200, $5, $6)
    ON CONFLICT DO NOTHING
    RETURNING application_id
  ), application AS (
    INSERT INTO applications (id, client_id, external_id, product, domain_name, submitted_at, signup_ip, signup_port, signup_at, received_at, body)
    SELECT $4, $1, $7, $8, $9, $10, $11, $12, $13, $6, $14 FROM claim
  ), assessment AS (
    INSERT INTO assessments (id, application_id, trigger, rules_version, outcome, score, hits, facts, created_at)
    SELECT $15, $4, 'intake', $16, $17, $18, $19, $29, $6 FROM claim
  ), attribute AS (
    INSERT INTO attributes (application_id, kind, value_hash, observed_at)
    SELECT $4, given.kind, given.hash, $6 FROM claim, unnest($20::text[], $21::bytea[]) AS given(kind, hash)
  ), phone AS (
    INSERT INTO phone_numbers (application_id, number, observed_at)
    SELECT $4, number, $6 FROM claim, unnest($28::bigint[]) AS number
  ), review_case AS (
    INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at)
    SELECT $22, $4, $1, 'open', $17, $18, $23, $6, $6 FROM claim WHERE $22::uuid IS NOT NULL
    RETURNING id
  ), case_event AS (
    INSERT INTO case_events (case_id, type, actor, reason, data, at)
    SELECT id, 'opened', 'shinsa', $24, $25, $6 FROM review_case
  ), event AS (
    INSERT INTO outbox (topic, client_id, aggregate_id, payload, created_at)
    SELECT $26, $1, $4, $27, $6 FROM claim
  )
  SELECT count(*)::int AS claimed FROM claim`;
