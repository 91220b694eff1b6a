import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { driverPool } from '../database/data-source';
import { StatementBatcher, type BatchOptions } from '../database/statement-batcher';
import { timeOrderedUuid } from '../database/time-ordered-id';
import { isDatabaseUnavailable } from '../http/api-error';
import type { Application, Assessment, ScreeningFacts } from '../../engine';
import type { HashedAttribute } from '../linkage/linkage-lookup';
import { OutboxTopic, type ScreeningResponse } from './screening-response';
import type { ShadowResult } from './shadow-screener';

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
  /** What the shadow rule set would have decided (shadow mode), stored apart and never acted on. */
  readonly shadow?: ShadowResult | null;
  readonly response: ScreeningResponse;
  readonly receivedAt: Date;
  readonly caseDueAt: Date | null;
}

/**
 * An application's domain name as `applications.domain_name` stores it (trimmed, lower case, no
 * trailing dot), so look-ups by name find it.
 */
export function storedDomainName(name: string): string {
  return name.trim().toLowerCase().replace(/\.$/, '');
}

function validDate(text: string | null | undefined): Date | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Screenings written together under load (StatementBatcher): at most this many per statement, this many statements at once. */
export const DEFAULT_GROUP_COMMIT: BatchOptions = { maxBatch: 32, maxInFlight: 2, retryAlone: (error) => !isDatabaseUnavailable(error) };

/** Queries of the intake path, and nothing else. */
export class ScreeningStore {
  private readonly writer: StatementBatcher<NewScreening, boolean>;

  /**
   * `statements`: the pool the insert runs on, as a named prepared statement (parsed and planned
   * once per connection instead of on every request).
   */
  constructor(
    private readonly dataSource: DataSource,
    private readonly statements: Pool = driverPool(dataSource),
    groupCommit: BatchOptions = DEFAULT_GROUP_COMMIT,
  ) {
    this.writer = new StatementBatcher((screenings) => this.insertMany(screenings), (screening) => `${screening.clientId} ${screening.idempotencyKey}`, groupCommit);
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
   * Stores a screening and answers once it is committed. Screenings arriving together are written
   * by one statement in one transaction (see StatementBatcher); each is still all or nothing, and a
   * screening whose idempotency key is already taken stores nothing and gets the answer stored
   * under it.
   */
  async insert(screening: NewScreening): Promise<{ inserted: true } | { inserted: false; existing: StoredAnswer }> {
    if (await this.writer.submit(screening)) return { inserted: true };
    const existing = await this.findAnswer(screening.clientId, screening.idempotencyKey);
    if (!existing) throw new Error('idempotency key vanished after a conflict');
    return { inserted: false, existing };
  }

  /**
   * One statement, so one round trip and one implicit transaction, for any number of screenings:
   * the idempotency keys first (a concurrent duplicate waits on the unique index, then finds the key
   * taken), and every other insert only for the screenings that claimed their key — application,
   * assessment, shadow assessment (shadow mode), attributes, phone numbers, case with its first
   * event, outbox event. Returns, in
   * order, whether each screening claimed its key.
   */
  private async insertMany(screenings: readonly NewScreening[]): Promise<boolean[]> {
    const columns = screeningColumns(screenings);
    const { rows } = await this.statements.query<{ id: string }>({ name: 'shinsa_insert_screenings', text: INSERT_SCREENINGS, values: columns });
    const claimed = new Set(rows.map((row) => row.id));
    return screenings.map((screening) => claimed.has(screening.response.id));
  }
}

/** The statement's parameters: one array per column, screenings in key order (so concurrent batches lock keys in one order). */
function screeningColumns(screenings: readonly NewScreening[]): unknown[] {
  const ordered = [...screenings].sort((a, b) => (a.clientId === b.clientId ? compare(a.idempotencyKey, b.idempotencyKey) : compare(a.clientId, b.clientId)));
  const column = <V>(value: (screening: NewScreening) => V): V[] => ordered.map(value);
  const attributeOwners: string[] = [];
  const attributeKinds: string[] = [];
  const attributeHashes: Buffer[] = [];
  const phoneOwners: string[] = [];
  const phoneNumbers: string[] = [];
  for (const screening of ordered) {
    for (const attribute of screening.attributes) {
      attributeOwners.push(screening.response.id);
      attributeKinds.push(attribute.kind);
      attributeHashes.push(attribute.hash);
    }
    for (const number of screening.phoneNumbers) {
      phoneOwners.push(screening.response.id);
      phoneNumbers.push(number);
    }
  }
  const opensCase = (screening: NewScreening): boolean => screening.response.caseId !== null && screening.caseDueAt !== null;
  return [
    column((screening) => screening.clientId),
    column((screening) => screening.idempotencyKey),
    column((screening) => screening.requestHash),
    column((screening) => screening.response.id),
    column((screening) => JSON.stringify(screening.response)),
    column((screening) => screening.receivedAt),
    column((screening) => screening.application.externalId),
    column((screening) => screening.application.product),
    column((screening) => (screening.application.domain ? storedDomainName(screening.application.domain.name) : null)),
    column((screening) => validDate(screening.application.submittedAt)),
    column((screening) => screening.application.signup?.ip ?? null),
    column((screening) => screening.application.signup?.port ?? null),
    column((screening) => validDate(screening.application.signup?.at)),
    column((screening) => JSON.stringify(screening.application)),
    column((screening) => timeOrderedUuid(screening.receivedAt.getTime())),
    column((screening) => screening.assessment.rulesVersion),
    column((screening) => screening.assessment.outcome),
    column((screening) => screening.assessment.score),
    column((screening) => JSON.stringify(screening.assessment.hits)),
    column((screening) => JSON.stringify(screening.facts)),
    column((screening) => (opensCase(screening) ? screening.response.caseId : null)),
    column((screening) => (opensCase(screening) ? screening.caseDueAt : null)),
    column((screening) =>
      JSON.stringify({
        applicationId: screening.response.id,
        externalId: screening.response.externalId,
        outcome: screening.response.outcome,
        score: screening.response.score,
        rulesVersion: screening.response.rulesVersion,
        caseId: screening.response.caseId,
        reasons: screening.response.hits.map((hit) => hit.reason),
      }),
    ),
    OutboxTopic.ScreeningAssessed,
    attributeOwners,
    attributeKinds,
    attributeHashes,
    phoneOwners,
    phoneNumbers,
    column((screening) => screening.shadow?.rulesVersion ?? null),
    column((screening) => screening.shadow?.outcome ?? null),
    column((screening) => screening.shadow?.score ?? null),
    column((screening) => (screening.shadow ? JSON.stringify(screening.shadow.hits) : null)),
  ];
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const INSERT_SCREENINGS = `
  WITH given AS MATERIALIZED (
    SELECT * FROM unnest($1::uuid[], $2::text[], $3::bytea[], $4::uuid[], $5::jsonb[], $6::timestamptz[], $7::text[], $8::text[], $9::text[],
                         $10::timestamptz[], $11::text[], $12::int[], $13::timestamptz[], $14::jsonb[], $15::uuid[], $16::text[], $17::text[],
                         $18::int[], $19::jsonb[], $20::jsonb[], $21::uuid[], $22::timestamptz[], $23::jsonb[],
                         $30::text[], $31::text[], $32::int[], $33::jsonb[])
      AS g(client_id, key, request_hash, id, response, received_at, external_id, product, domain_name,
           submitted_at, signup_ip, signup_port, signup_at, body, assessment_id, rules_version, outcome,
           score, hits, facts, case_id, case_due_at, event, shadow_version, shadow_outcome, shadow_score, shadow_hits)
  ), claim AS (
    INSERT INTO idempotency_keys (client_id, key, request_hash, application_id, response_status, response_body, created_at)
    SELECT client_id, key, request_hash, id, 200, response, received_at FROM given
    ON CONFLICT DO NOTHING
    RETURNING application_id AS id
  ), claimed AS MATERIALIZED (
    SELECT given.* FROM given JOIN claim USING (id)
  ), application AS (
    INSERT INTO applications (id, client_id, external_id, product, domain_name, submitted_at, signup_ip, signup_port, signup_at, received_at, body)
    SELECT id, client_id, external_id, product, domain_name, submitted_at, signup_ip, signup_port, signup_at, received_at, body FROM claimed
  ), assessment AS (
    INSERT INTO assessments (id, application_id, trigger, rules_version, outcome, score, hits, facts, created_at)
    SELECT assessment_id, id, 'intake', rules_version, outcome, score, hits, facts, received_at FROM claimed
  ), shadow AS (
    INSERT INTO shadow_assessments (application_id, rules_version, outcome, score, hits, received_at)
    SELECT id, shadow_version, shadow_outcome, shadow_score, shadow_hits, received_at FROM claimed WHERE shadow_version IS NOT NULL
  ), attribute AS (
    INSERT INTO attributes (application_id, kind, value_hash, observed_at)
    SELECT claimed.id, given.kind, given.hash, claimed.received_at
      FROM unnest($25::uuid[], $26::text[], $27::bytea[]) AS given(owner, kind, hash) JOIN claimed ON claimed.id = given.owner
  ), phone AS (
    INSERT INTO phone_numbers (application_id, number, observed_at)
    SELECT claimed.id, given.number, claimed.received_at
      FROM unnest($28::uuid[], $29::bigint[]) AS given(owner, number) JOIN claimed ON claimed.id = given.owner
  ), review_case AS (
    INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at)
    SELECT case_id, id, client_id, 'open', outcome, score, case_due_at, received_at, received_at FROM claimed WHERE case_id IS NOT NULL
    RETURNING id, outcome, score, created_at
  ), case_event AS (
    INSERT INTO case_events (case_id, type, actor, reason, data, at)
    SELECT review_case.id, 'opened', 'shinsa', 'screening outcome ' || review_case.outcome,
           jsonb_build_object('score', review_case.score, 'rulesVersion', claimed.rules_version), review_case.created_at
      FROM review_case JOIN claimed ON claimed.case_id = review_case.id
  ), event AS (
    INSERT INTO outbox (topic, client_id, aggregate_id, payload, created_at)
    SELECT $24, client_id, id, event, received_at FROM claimed
  )
  SELECT id FROM claim`;
