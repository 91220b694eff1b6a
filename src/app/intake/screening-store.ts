import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { Application, Assessment } from '../../engine';
import type { Attribute } from '../linkage/attributes';
import type { MasterKeys } from '../crypto/secret-box';
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
  readonly attributes: readonly Attribute[];
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
    private readonly keys: MasterKeys,
  ) {}

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
   * One transaction: the idempotency key first (a concurrent duplicate waits on its unique index
   * and then sees this one), then application, assessment, attributes, case and outbox event.
   * Returns the answer already stored under the key when this request lost that race.
   */
  async insert(screening: NewScreening): Promise<{ inserted: true } | { inserted: false; existing: StoredAnswer }> {
    const lost = Symbol('lost the idempotency race');
    try {
      await this.dataSource.transaction('READ COMMITTED', async (manager) => {
        const claimed: unknown[] = await manager.query(
          `INSERT INTO idempotency_keys (client_id, key, request_hash, application_id, response_status, response_body, created_at)
           VALUES ($1, $2, $3, $4, 200, $5, $6) ON CONFLICT DO NOTHING RETURNING 1`,
          [screening.clientId, screening.idempotencyKey, screening.requestHash, screening.response.id, screening.response, screening.receivedAt],
        );
        if (claimed.length === 0) throw lost;
        await this.insertRows(manager, screening);
      });
      return { inserted: true };
    } catch (error) {
      if (error !== lost) throw error;
      const existing = await this.findAnswer(screening.clientId, screening.idempotencyKey);
      if (!existing) throw new Error('idempotency key vanished after a conflict');
      return { inserted: false, existing };
    }
  }

  private async insertRows(manager: EntityManager, screening: NewScreening): Promise<void> {
    const { application, assessment, response, receivedAt, clientId } = screening;
    const signup = application.signup;
    await manager.query(
      `INSERT INTO applications (id, client_id, external_id, product, domain_name, submitted_at, signup_ip, signup_port, signup_at, received_at, body)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        response.id,
        clientId,
        application.externalId,
        application.product,
        application.domain?.name ?? null,
        validDate(application.submittedAt),
        signup?.ip ?? null,
        signup?.port ?? null,
        validDate(signup?.at),
        receivedAt,
        application,
      ],
    );
    await manager.query(
      `INSERT INTO assessments (id, application_id, trigger, rules_version, outcome, score, hits, created_at)
       VALUES ($1, $2, 'intake', $3, $4, $5, $6, $7)`,
      [randomUUID(), response.id, assessment.rulesVersion, assessment.outcome, assessment.score, JSON.stringify(assessment.hits), receivedAt],
    );
    if (screening.attributes.length > 0) {
      await manager.query(
        `INSERT INTO attributes (application_id, kind, value_hash, observed_at)
         SELECT $1, kind, hash, $2 FROM unnest($3::text[], $4::bytea[]) AS t(kind, hash)`,
        [response.id, receivedAt, screening.attributes.map((attribute) => attribute.kind), screening.attributes.map((attribute) => this.keys.attributeHash(attribute.kind, attribute.value))],
      );
    }
    if (response.caseId !== null && screening.caseDueAt !== null) {
      await manager.query(
        `INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $7)`,
        [response.caseId, response.id, clientId, assessment.outcome, assessment.score, screening.caseDueAt, receivedAt],
      );
      await manager.query(
        `INSERT INTO case_events (case_id, type, actor, reason, data, at) VALUES ($1, 'opened', 'shinsa', $2, $3, $4)`,
        [response.caseId, `screening outcome ${assessment.outcome}`, { score: assessment.score, rulesVersion: assessment.rulesVersion }, receivedAt],
      );
    }
    await manager.query(
      `INSERT INTO outbox (topic, client_id, aggregate_id, payload, created_at) VALUES ($1, $2, $3, $4, $5)`,
      [
        OutboxTopic.ScreeningAssessed,
        clientId,
        response.id,
        {
          applicationId: response.id,
          externalId: response.externalId,
          outcome: response.outcome,
          score: response.score,
          rulesVersion: response.rulesVersion,
          caseId: response.caseId,
          reasons: response.hits.map((hit) => hit.reason),
        },
        receivedAt,
      ],
    );
  }
}
