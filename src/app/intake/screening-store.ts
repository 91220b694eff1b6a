import type { Pool } from 'pg';
import type { DataSource, EntityManager } from 'typeorm';
import { driverPool } from '../database/data-source';
import { StatementBatcher, type BatchOptions } from '../database/statement-batcher';
import { timeOrderedUuid } from '../database/time-ordered-id';
import { isDatabaseUnavailable } from '../http/api-error';
import { outcomeRank, type Application, type Assessment, type ScreeningFacts } from '../../engine';
import { appendCaseEvent } from '../review/case-policy';
import type { HashedAttribute } from '../linkage/linkage-lookup';
import { storedDomainName } from './stored-domain-name';
import type { CallbackData } from '../contract/callbacks';
import type { LabelVerdict } from '../contract/responses';
import { OutboxTopic, type ScreeningResponse } from './screening-response';
import type { ShadowResult } from './shadow-screener';

/** The application a client already has under an external id: a new submission of it is a revision. */
export interface ExistingApplication {
  readonly id: string;
  readonly revision: number;
}

/** A revision of a stored application: what NewScreening holds, for the application's id. */
export interface NewRevision extends NewScreening {
  readonly applicationId: string;
  /** Whether the new revision's outcome needs a person (review, hold): a case is opened if none is open. */
  readonly needsCase: boolean;
}

/** A screening as GET answers it (the latest revision's latest assessment), with the facts the client view needs. */
export interface StoredScreening {
  readonly response: ScreeningResponse;
  /** The newest label on the application from this client or from the installation (reviewers, feeds), null when none. */
  readonly verdict: LabelVerdict | null;
  readonly facts: ScreeningFacts | null;
}

/** PostgreSQL refused a second application under one (client, external id): it is a revision. */
export function isExternalIdTaken(error: unknown): boolean {
  const candidate = error as { code?: string; constraint?: string; driverError?: unknown } | null;
  if (candidate?.driverError && candidate.driverError !== error) return isExternalIdTaken(candidate.driverError);
  return candidate?.code === '23505' && candidate.constraint === 'applications_client_external';
}

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
function validDate(text: string | null | undefined): Date | null {
  if (!text) return null;
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Screenings written together under load (StatementBatcher): at most this many per statement, this many statements at once. */
const DEFAULT_GROUP_COMMIT: BatchOptions = { maxBatch: 32, maxInFlight: 2, retryAlone: (error) => !isDatabaseUnavailable(error) };

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

  /** The client's application under this external id, if it has one (a new submission of it is a revision). */
  async findApplication(clientId: string, externalId: string): Promise<ExistingApplication | null> {
    const { rows } = await this.statements.query<{ id: string; revision: number }>({
      name: 'shinsa_find_application',
      text: 'SELECT id::text AS id, revision FROM applications WHERE client_id = $1 AND external_id = $2',
      values: [clientId, externalId],
    });
    return rows[0] ?? null;
  }

  /** The latest assessment of an application's latest revision, only for the client that sent it. */
  async findScreening(clientId: string, applicationId: string): Promise<StoredScreening | null> {
    const rows: {
      id: string;
      external_id: string;
      received_at: Date;
      revision: number;
      outcome: ScreeningResponse['outcome'];
      score: number;
      rules_version: string;
      hits: ScreeningResponse['hits'];
      facts: ScreeningFacts | null;
      case_id: string | null;
      label_verdict: LabelVerdict['verdict'] | null;
      label_source: string | null;
      labelled_at: Date | null;
    }[] = await this.dataSource.query(
      // The newest label: the client's own, or one recorded for it by no client (a reviewer, a feed).
      // Labels of another client cannot name this application; the condition says so all the same.
      `SELECT a.id, a.external_id, coalesce(a.revised_at, a.received_at) AS received_at, a.revision, s.outcome, s.score, s.rules_version, s.hits, s.facts,
              (SELECT c.id FROM cases c WHERE c.application_id = a.id ORDER BY c.created_at DESC LIMIT 1) AS case_id,
              l.verdict AS label_verdict, l.source AS label_source, l.created_at AS labelled_at
         FROM applications a
         JOIN LATERAL (SELECT * FROM assessments s WHERE s.application_id = a.id ORDER BY s.created_at DESC, s.id DESC LIMIT 1) s ON true
         LEFT JOIN LATERAL (SELECT l.verdict, l.source, l.created_at FROM labels l
                             WHERE l.application_id = a.id AND (l.client_id = a.client_id OR l.client_id IS NULL)
                             ORDER BY l.created_at DESC, l.id DESC LIMIT 1) l ON true
        WHERE a.id = $1 AND a.client_id = $2`,
      [applicationId, clientId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      response: {
        id: row.id,
        externalId: row.external_id,
        revision: row.revision,
        outcome: row.outcome,
        score: row.score,
        rulesVersion: row.rules_version,
        caseId: row.case_id,
        receivedAt: row.received_at.toISOString(),
        hits: row.hits,
      },
      verdict: row.label_verdict && row.label_source !== null && row.labelled_at ? { verdict: row.label_verdict, source: row.label_source, labelledAt: row.labelled_at.toISOString() } : null,
      facts: row.facts,
    };
  }

  /**
   * Stores a revision of an application in one transaction: the Idempotency-Key is claimed first
   * (taken: nothing is written and the stored answer returned); the current revision moves to
   * `application_revisions` and the new one takes its place under the same id; its assessment,
   * new attributes and numbers, shadow result and outbox event are added; and the application's
   * open case is updated (its outcome and score only ever raised, its due time only ever brought
   * forward), or a case opened when the new outcome needs one and none is open. Never a second
   * open case for one application.
   */
  async revise(revision: NewRevision): Promise<{ inserted: true; response: ScreeningResponse } | { inserted: false; existing: StoredAnswer }> {
    return this.dataSource.transaction(async (manager) => {
      const claimed: unknown[] = await manager.query(
        `INSERT INTO idempotency_keys (client_id, key, request_hash, application_id, response_status, response_body, created_at) VALUES ($1, $2, $3, $4, 200, '{}', $5)
         ON CONFLICT DO NOTHING RETURNING 1`,
        [revision.clientId, revision.idempotencyKey, revision.requestHash, revision.applicationId, revision.receivedAt],
      );
      if (claimed.length === 0) {
        const [row]: { request_hash: Buffer; response_status: number; response_body: ScreeningResponse }[] = await manager.query(
          'SELECT request_hash, response_status, response_body FROM idempotency_keys WHERE client_id = $1 AND key = $2',
          [revision.clientId, revision.idempotencyKey],
        );
        return { inserted: false as const, existing: { requestHash: row!.request_hash, status: row!.response_status, body: row!.response_body } };
      }
      const { application, assessment, receivedAt, applicationId } = revision;
      const [current]: { revision: number }[] = await manager.query('SELECT revision FROM applications WHERE id = $1 AND client_id = $2 FOR UPDATE', [applicationId, revision.clientId]);
      if (!current) throw new Error('a revised application vanished');
      const number = current.revision + 1;
      await manager.query(
        `INSERT INTO application_revisions (application_id, revision, received_at, submitted_at, signup_ip, signup_port, signup_at, body)
         SELECT id, revision, coalesce(revised_at, received_at), submitted_at, signup_ip, signup_port, signup_at, body FROM applications WHERE id = $1`,
        [applicationId],
      );
      await manager.query(
        `UPDATE applications SET revision = $2, revised_at = $3, product = $4, domain_name = $5, submitted_at = $6, signup_ip = $7, signup_port = $8, signup_at = $9, body = $10 WHERE id = $1`,
        [
          applicationId,
          number,
          receivedAt,
          application.product,
          application.domain ? storedDomainName(application.domain.name) : null,
          validDate(application.submittedAt),
          application.signup?.ip ?? null,
          application.signup?.port ?? null,
          validDate(application.signup?.at),
          JSON.stringify(application),
        ],
      );
      await manager.query(
        `INSERT INTO assessments (id, application_id, trigger, rules_version, outcome, score, hits, facts, created_at, revision) VALUES ($1, $2, 'revision', $3, $4, $5, $6, $7, $8, $9)`,
        [timeOrderedUuid(receivedAt.getTime()), applicationId, assessment.rulesVersion, assessment.outcome, assessment.score, JSON.stringify(assessment.hits), JSON.stringify(revision.facts), receivedAt, number],
      );
      if (revision.shadow) {
        await manager.query(
          `INSERT INTO shadow_assessments (application_id, rules_version, outcome, score, hits, received_at) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (application_id, rules_version) DO UPDATE SET outcome = EXCLUDED.outcome, score = EXCLUDED.score, hits = EXCLUDED.hits, received_at = EXCLUDED.received_at`,
          [applicationId, revision.shadow.rulesVersion, revision.shadow.outcome, revision.shadow.score, JSON.stringify(revision.shadow.hits), receivedAt],
        );
      }
      await manager.query(
        `INSERT INTO attributes (application_id, kind, value_hash, observed_at) SELECT $1, kind, hash, $4 FROM unnest($2::text[], $3::bytea[]) AS given(kind, hash) ON CONFLICT DO NOTHING`,
        [applicationId, revision.attributes.map((attribute) => attribute.kind), revision.attributes.map((attribute) => attribute.hash), receivedAt],
      );
      await manager.query(`INSERT INTO phone_numbers (application_id, number, observed_at) SELECT $1, number, $3 FROM unnest($2::bigint[]) AS given(number) ON CONFLICT DO NOTHING`, [
        applicationId,
        revision.phoneNumbers,
        receivedAt,
      ]);
      const caseId = await this.reviseCase(manager, revision, number);
      const response: ScreeningResponse = { ...revision.response, id: applicationId, revision: number, caseId };
      await manager.query(`UPDATE idempotency_keys SET response_body = $3 WHERE client_id = $1 AND key = $2`, [revision.clientId, revision.idempotencyKey, JSON.stringify(response)]);
      await manager.query(`INSERT INTO outbox (topic, client_id, aggregate_id, payload, created_at) VALUES ($1, $2, $3, $4, $5)`, [
        OutboxTopic.ScreeningAssessed,
        revision.clientId,
        applicationId,
        assessedPayload(response),
        receivedAt,
      ]);
      return { inserted: true as const, response };
    });
  }

  /** The application's one open case, updated by the revision; or a new case when the revision needs one and none is open. */
  private async reviseCase(manager: EntityManager, revision: NewRevision, number: number): Promise<string | null> {
    const { assessment, receivedAt, applicationId } = revision;
    const [open]: { id: string; outcome: Assessment['outcome']; score: number }[] = await manager.query(
      `SELECT id, outcome, score FROM cases WHERE application_id = $1 AND state <> 'decided' ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [applicationId],
    );
    const data = { revision: number, outcome: assessment.outcome, score: assessment.score, rulesVersion: assessment.rulesVersion };
    if (open) {
      const raised = outcomeRank(assessment.outcome) > outcomeRank(open.outcome);
      await manager.query(`UPDATE cases SET outcome = $2, score = GREATEST(score, $3), due_at = LEAST(due_at, coalesce($4, due_at)), updated_at = $5 WHERE id = $1`, [
        open.id,
        raised ? assessment.outcome : open.outcome,
        assessment.score,
        revision.caseDueAt,
        receivedAt,
      ]);
      await appendCaseEvent(manager, open.id, 'revised', 'shinsa', `revision ${number}: outcome ${assessment.outcome}`, data, receivedAt);
      return open.id;
    }
    if (!revision.needsCase || !revision.caseDueAt) return null;
    const caseId = timeOrderedUuid(receivedAt.getTime());
    await manager.query(`INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at) VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $7)`, [
      caseId,
      applicationId,
      revision.clientId,
      assessment.outcome,
      assessment.score,
      revision.caseDueAt,
      receivedAt,
    ]);
    await appendCaseEvent(manager, caseId, 'opened', 'shinsa', `screening outcome ${assessment.outcome} (revision ${number})`, data, receivedAt);
    return caseId;
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
    column((screening) => JSON.stringify(assessedPayload(screening.response))),
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

/** The `screening.assessed` callback's data: the answer's ids and outcome with the reasons' codes. */
function assessedPayload(response: ScreeningResponse): CallbackData<OutboxTopic.ScreeningAssessed> {
  return {
    applicationId: response.id,
    externalId: response.externalId,
    revision: response.revision,
    outcome: response.outcome,
    score: response.score,
    rulesVersion: response.rulesVersion,
    caseId: response.caseId,
    reasons: response.hits.map((hit) => hit.reason),
  };
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
    INSERT INTO assessments (id, application_id, trigger, rules_version, outcome, score, hits, facts, created_at, revision)
    SELECT assessment_id, id, 'intake', rules_version, outcome, score, hits, facts, received_at, 1 FROM claimed
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
