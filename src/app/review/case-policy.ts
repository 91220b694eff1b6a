import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Outcome, ReviewPolicy, RuleSet } from '../../engine';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { AttributeKind } from '../linkage/attributes';
import type { Actor } from './case-types';
import { hasRole, type ReviewerRole } from './reviewers';

/**
 * The case policy the api, the worker and the feeds share: when a case is due, opening a case or
 * raising the open one, its append-only history, and what ties a campaign together.
 */

/**
 * Attribute kinds that can tie a campaign together for a bulk decision. Widely shared kinds (mail
 * provider, ASN, registrar, nameservers) would sweep in strangers.
 */
export const CAMPAIGN_KINDS: readonly AttributeKind[] = [
  AttributeKind.Phone,
  AttributeKind.SmsPhone,
  AttributeKind.PhoneBlock,
  AttributeKind.Email,
  AttributeKind.Address,
  AttributeKind.Name,
  AttributeKind.Organization,
  AttributeKind.CorporateNumber,
  AttributeKind.IpPrefix,
  AttributeKind.PaymentFingerprint,
  AttributeKind.Device,
];

/** When a case opened now for this outcome is due. */
export function caseDueAt(policy: ReviewPolicy, outcome: Outcome, from: Date): Date {
  const hours = outcome === 'allow' ? policy.slaHours.review : policy.slaHours[outcome];
  return new Date(from.getTime() + hours * 3_600_000);
}

/**
 * After a re-screening made an application's outcome worse: raises its open case (new outcome and
 * score, the earlier of the two due times) or, when none is open, opens one. Never a second open
 * case for one application. Inside the caller's transaction; returns the case and whether it is new.
 *
 * `at` is when the cause happened (a label's time, a rescan's start); the case and its event are
 * stamped with when they are written, which may be later (a queued re-screening), so a case never
 * appears to open before a decision it followed. Its due time keeps the SLA from the opening.
 */
export async function raiseOrOpenCase(
  manager: EntityManager,
  change: { readonly applicationId: string; readonly clientId: string; readonly outcome: Outcome; readonly score: number; readonly dueAt: Date; readonly reason: string; readonly data: Record<string, unknown>; readonly at: Date },
): Promise<{ caseId: string; opened: boolean }> {
  const now = new Date();
  const delay = Math.max(0, now.getTime() - change.at.getTime());
  const dueAt = new Date(change.dueAt.getTime() + delay);
  const data = delay >= 1000 ? { ...change.data, causeAt: change.at.toISOString() } : change.data;
  const open: { id: string }[] = await manager.query(`SELECT id FROM cases WHERE application_id = $1 AND state <> 'decided' ORDER BY created_at DESC LIMIT 1 FOR UPDATE`, [change.applicationId]);
  if (open[0]) {
    await manager.query(`UPDATE cases SET outcome = $2, score = $3, due_at = LEAST(due_at, $4), updated_at = $5 WHERE id = $1`, [open[0].id, change.outcome, change.score, dueAt, now]);
    await appendCaseEvent(manager, open[0].id, 'raised', 'shinsa', change.reason, { ...data, outcome: change.outcome }, now);
    return { caseId: open[0].id, opened: false };
  }
  const caseId = randomUUID();
  await manager.query(`INSERT INTO cases (id, application_id, client_id, state, outcome, score, due_at, created_at, updated_at) VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $7)`, [
    caseId,
    change.applicationId,
    change.clientId,
    change.outcome,
    change.score,
    dueAt,
    now,
  ]);
  await appendCaseEvent(manager, caseId, 'opened', 'shinsa', change.reason, data, now);
  return { caseId, opened: true };
}

/** Appends one event to a case's history (the table is append-only). */
export async function appendCaseEvent(manager: EntityManager, caseId: string, type: string, actor: string, reason: string | null, data: Record<string, unknown> | null, at: Date): Promise<void> {
  await manager.query(`INSERT INTO case_events (case_id, type, actor, reason, data, at) VALUES ($1, $2, $3, $4, $5, $6)`, [caseId, type, actor, reason, data, at]);
}

/** The review policy of a rule set; the service cannot run cases without one. */
export function reviewPolicyOf(rules: RuleSet): ReviewPolicy {
  if (!rules.review) throw new Error('the rules directory has no review.yaml (SLA hours, claim lease, decision reasons, eKYC methods): the service needs one');
  return rules.review;
}

/** A reviewer's note: trimmed, 1 to 2,000 characters. */
export function requiredNote(note: string): string {
  const trimmed = (note ?? '').trim();
  if (trimmed.length === 0) throw new ApiError(ApiErrorCode.InvalidApplication, 'a note is required', { errors: [{ field: 'note', message: 'write why (it stays in the case history)' }] });
  if (trimmed.length > 2000) throw new ApiError(ApiErrorCode.InvalidApplication, 'the note is too long', { errors: [{ field: 'note', message: 'at most 2,000 characters' }] });
  return trimmed;
}

export function requireRole(actor: Actor, role: ReviewerRole, what: string): void {
  if (!hasRole(actor, role)) throw new ApiError(ApiErrorCode.Forbidden, `${what} needs the ${role} role`);
}
