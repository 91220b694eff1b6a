import type { DataSource, EntityManager } from 'typeorm';
import type { Outcome } from '../../engine';
import type { OutboxPayload } from '../contract/callbacks';
import { isUuid } from '../database/uuid';
import { ApiError, ApiErrorCode } from '../http/api-error';
import type { OutboxTopic } from '../intake/screening-response';
import { appendOutbox } from '../queue/outbox';
import { AuditAction, type AuditLog } from './audit-log';
import type { Actor, CaseDetail, CaseState } from './case-types';

/** A case's row as the workflow reads it, and the one way to change it: locked, in a transaction, audited. */

export interface CaseRow {
  id: string;
  application_id: string;
  client_id: string;
  state: CaseState;
  outcome: Outcome;
  score: number;
  due_at: Date;
  claimed_by: string | null;
  lease_until: Date | null;
  proposal: CaseDetail['proposal'];
  decision: 'approved' | 'rejected' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  ekyc_state: string | null;
  created_at: Date;
  /** The application's, for the registrar's callbacks (joined in, see CASE_WITH_APPLICATION). */
  external_id: string;
  domain_name: string | null;
}

/** A case row with the application fields its callbacks name; `FOR UPDATE OF c` locks the case only. */
export const CASE_WITH_APPLICATION = `SELECT c.*, a.external_id, a.domain_name FROM cases c JOIN applications a ON a.id = c.application_id`;

/** The state a case is really in: a claim whose lease ran out is back where it was. */
export const EFFECTIVE_STATE = `CASE WHEN c.state = 'claimed' AND c.lease_until <= now() THEN (CASE WHEN c.ekyc_state = 'requested' THEN 'ekyc_pending' ELSE 'open' END) ELSE c.state END`;

export function effectiveState(row: Pick<CaseRow, 'state' | 'lease_until' | 'ekyc_state'>, now: Date): CaseState {
  if (row.state === 'claimed' && row.lease_until && row.lease_until <= now) return row.ekyc_state === 'requested' ? 'ekyc_pending' : 'open';
  return row.state;
}

/** Runs `work` on the case, locked, in one transaction that also writes the change to the audit log. */
export async function changeCase<T>(dataSource: DataSource, audit: AuditLog, caseId: string, actor: Actor, work: (row: CaseRow, manager: EntityManager, now: Date) => Promise<T>): Promise<T> {
  return dataSource.transaction(async (manager) => {
    const row = await findCase(manager, caseId, true);
    const result = await work(row, manager, new Date());
    await audit.write({ actor: actor.login, action: AuditAction.CaseChanged, subjectType: 'case', subjectId: row.id }, manager);
    return result;
  });
}

export async function findCase(manager: EntityManager | DataSource, caseId: string, lock = false): Promise<CaseRow> {
  if (!isUuid(caseId)) throw new ApiError(ApiErrorCode.NotFound, 'no case with this id');
  const rows: CaseRow[] = await manager.query(`${CASE_WITH_APPLICATION} WHERE c.id = $1${lock ? ' FOR UPDATE OF c' : ''}`, [caseId.toLowerCase()]);
  if (!rows[0]) throw new ApiError(ApiErrorCode.NotFound, 'no case with this id');
  return rows[0];
}

export function requireClaim(row: CaseRow, actor: Actor, now: Date): void {
  const state = effectiveState(row, now);
  if (state === 'decided') throw new ApiError(ApiErrorCode.Conflict, 'this case is already decided');
  if (state === 'claimed' && row.claimed_by !== actor.login) throw new ApiError(ApiErrorCode.Conflict, `this case is claimed by ${row.claimed_by}; only they can act on it until their claim ends`);
  if (state !== 'claimed') throw new ApiError(ApiErrorCode.Conflict, 'claim the case first');
}

export async function caseOutbox<T extends OutboxTopic.CaseDecided | OutboxTopic.EkycRequested>(manager: EntityManager, topic: T, row: CaseRow, payload: OutboxPayload<T>, at: Date): Promise<void> {
  await appendOutbox(manager, { topic, clientId: row.client_id, applicationId: row.application_id, payload, at });
}

/** The application a callback names. */
export function applicationRef(row: CaseRow): { externalId: string; domain: string | null } {
  return { externalId: row.external_id, domain: row.domain_name };
}
