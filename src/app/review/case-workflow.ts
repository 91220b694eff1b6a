import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { reasonFitsEkyc, type ReviewPolicy } from '../../engine';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { OutboxTopic } from '../intake/screening-response';
import { recordLabel } from '../labels/labels.service';
import { AuditAction, type AuditLog } from './audit-log';
import { appendCaseEvent, CAMPAIGN_KINDS, requiredNote, requireRole } from './case-policy';
import { applicationRef, CASE_WITH_APPLICATION, caseOutbox, changeCase, effectiveState, requireClaim, type CaseRow } from './case-record';
import type { Actor, BulkResult, CaseState, Decision, DecisionInput, DecisionResult } from './case-types';
import { formatJst } from './jst';
import { hasRole } from './reviewers';

/** Engine outcomes an approval overrides: approving them needs a second reviewer (four eyes). */
const OVERRIDDEN_BY_APPROVAL: ReadonlySet<string> = new Set(['hold', 'deny']);

/** A checked decision: its reason found in the review policy, its note trimmed. */
interface ValidDecision extends DecisionInput {
  readonly reason: ReviewPolicy['decisionReasons'][Decision][number];
}

/**
 * The review workflow: claim, release, escalate, return, decide and bulk decide, each one
 * transaction that locks the case, checks who may do what in which state, and appends a case event.
 */
export class CaseWorkflow {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: ReviewPolicy,
    private readonly audit: AuditLog,
  ) {}

  async claim(caseId: string, actor: Actor): Promise<void> {
    await changeCase(this.dataSource, this.audit, caseId, actor, async (row, manager, now) => {
      const state = effectiveState(row, now);
      if (state === 'decided') throw new ApiError(ApiErrorCode.Conflict, 'this case is already decided');
      if (state === 'escalated') throw new ApiError(ApiErrorCode.Conflict, 'this case is escalated: a lead decides it');
      if (state === 'claimed' && row.claimed_by !== actor.login) throw new ApiError(ApiErrorCode.Conflict, `this case is claimed by ${row.claimed_by} until ${formatJst(row.lease_until!)}`);
      const leaseUntil = new Date(now.getTime() + this.policy.claimLeaseMinutes * 60_000);
      await manager.query(`UPDATE cases SET state = 'claimed', claimed_by = $2, lease_until = $3, updated_at = $4 WHERE id = $1`, [row.id, actor.login, leaseUntil, now]);
      const previous = row.state === 'claimed' && row.claimed_by !== actor.login ? { previousClaimant: row.claimed_by, leaseExpired: true } : {};
      await appendCaseEvent(manager, row.id, state === 'claimed' ? 'claim_renewed' : 'claimed', actor.login, null, { leaseUntil: leaseUntil.toISOString(), ...previous }, now);
    });
  }

  async release(caseId: string, actor: Actor): Promise<void> {
    await changeCase(this.dataSource, this.audit, caseId, actor, async (row, manager, now) => {
      requireClaim(row, actor, now);
      const back: CaseState = row.ekyc_state === 'requested' ? 'ekyc_pending' : 'open';
      await manager.query(`UPDATE cases SET state = $2, claimed_by = NULL, lease_until = NULL, updated_at = $3 WHERE id = $1`, [row.id, back, now]);
      await appendCaseEvent(manager, row.id, 'released', actor.login, null, null, now);
    });
  }

  async escalate(caseId: string, actor: Actor, note: string): Promise<void> {
    const why = requiredNote(note);
    await changeCase(this.dataSource, this.audit, caseId, actor, async (row, manager, now) => {
      requireClaim(row, actor, now);
      await manager.query(`UPDATE cases SET state = 'escalated', claimed_by = NULL, lease_until = NULL, proposal = NULL, updated_at = $2 WHERE id = $1`, [row.id, now]);
      await appendCaseEvent(manager, row.id, 'escalated', actor.login, why, null, now);
    });
  }

  /** A lead sends an escalated case back to the queue (a refused proposal, a question answered). */
  async returnToQueue(caseId: string, actor: Actor, note: string): Promise<void> {
    const why = requiredNote(note);
    requireRole(actor, 'lead', 'returning an escalated case');
    await changeCase(this.dataSource, this.audit, caseId, actor, async (row, manager, now) => {
      if (row.state !== 'escalated') throw new ApiError(ApiErrorCode.Conflict, 'only an escalated case can be returned to the queue');
      const back: CaseState = row.ekyc_state === 'requested' ? 'ekyc_pending' : 'open';
      await manager.query(`UPDATE cases SET state = $2, proposal = NULL, updated_at = $3 WHERE id = $1`, [row.id, back, now]);
      await appendCaseEvent(manager, row.id, 'returned', actor.login, why, row.proposal ? { refusedProposal: row.proposal } : null, now);
    });
  }

  async decide(caseId: string, actor: Actor, input: DecisionInput): Promise<DecisionResult> {
    const decision = this.validDecision(input);
    return changeCase(this.dataSource, this.audit, caseId, actor, async (row, manager, now) => {
      const state = effectiveState(row, now);
      if (state === 'decided') throw new ApiError(ApiErrorCode.Conflict, 'this case is already decided');
      if (state === 'escalated') {
        requireRole(actor, 'lead', 'deciding an escalated case');
      } else {
        requireClaim(row, actor, now);
      }
      if (!reasonFitsEkyc(decision.reason, row.ekyc_state)) throw reasonMisfit(decision, row.ekyc_state);
      return this.applyDecision(manager, row, actor, decision, now);
    });
  }

  /** Decides every undecided case that shares one strong attribute (a campaign), with one note. */
  async bulkDecide(actor: Actor, campaign: { kind: string; valueHash: string }, input: DecisionInput): Promise<BulkResult> {
    requireRole(actor, 'lead', 'bulk decisions');
    const decision = this.validDecision(input);
    if (decision.reason.ekyc) {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'this reason depends on one case’s eKYC result', {
        errors: [{ field: 'reasonCode', message: `${decision.reasonCode} fits only a case whose eKYC ${decision.reason.ekyc === 'unfinished' ? 'was not completed' : decision.reason.ekyc}; decide those cases one by one` }],
      });
    }
    if (!(CAMPAIGN_KINDS as readonly string[]).includes(campaign.kind)) {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'not a campaign attribute', { errors: [{ field: 'kind', message: `must be one of ${CAMPAIGN_KINDS.join(', ')}` }] });
    }
    if (!/^[0-9a-f]{16,128}$/.test(campaign.valueHash)) {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'not an attribute hash', { errors: [{ field: 'valueHash', message: 'must be the hex hash shown on the case page' }] });
    }
    const result = await this.dataSource.transaction(async (manager) => {
      const rows: CaseRow[] = await manager.query(
        `${CASE_WITH_APPLICATION}
          WHERE c.state <> 'decided'
            AND c.application_id IN (SELECT a.application_id FROM attributes a WHERE a.kind = $1 AND a.value_hash = decode($2, 'hex'))
          ORDER BY c.id
          FOR UPDATE OF c`,
        [campaign.kind, campaign.valueHash],
      );
      const now = new Date();
      let decided = 0;
      let awaiting = 0;
      let skipped = 0;
      for (const row of rows) {
        const state = effectiveState(row, now);
        const ownProposal = state === 'escalated' && row.proposal?.by === actor.login && decision.decision === 'approve';
        if ((state === 'claimed' && row.claimed_by !== actor.login) || ownProposal) {
          skipped += 1;
          continue;
        }
        const outcome = await this.applyDecision(manager, row, actor, decision, now, true);
        if (outcome.status === 'decided') decided += 1;
        else awaiting += 1;
      }
      await this.audit.write(
        { actor: actor.login, action: AuditAction.BulkDecided, subjectType: 'campaign', subjectId: `${campaign.kind}:${campaign.valueHash}`, detail: { decision: decision.decision, reasonCode: decision.reasonCode, matched: rows.length, decided, awaitingSecondApproval: awaiting, skipped } },
        manager,
      );
      return { matched: rows.length, decided, awaitingSecondApproval: awaiting, skipped };
    });
    return result;
  }

  private validDecision(input: DecisionInput): ValidDecision {
    if (input.decision !== 'approve' && input.decision !== 'reject') {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'choose approve or reject', { errors: [{ field: 'decision', message: 'must be approve or reject' }] });
    }
    const reasons = this.policy.decisionReasons[input.decision];
    const reason = reasons.find((entry) => entry.code === input.reasonCode);
    if (!reason) {
      throw new ApiError(ApiErrorCode.InvalidApplication, 'choose a reason from the list', {
        errors: [{ field: 'reasonCode', message: `must be one of ${reasons.map((reason) => reason.code).join(', ')}` }],
      });
    }
    return { decision: input.decision, reasonCode: input.reasonCode, note: requiredNote(input.note), reason };
  }

  /**
   * Four eyes: approving what the engine held or denied is a proposal until a lead other than the
   * proposer approves it too. Everything else decides at once.
   */
  private async applyDecision(manager: EntityManager, row: CaseRow, actor: Actor, input: ValidDecision, now: Date, bulk = false): Promise<DecisionResult> {
    if (input.decision === 'approve' && OVERRIDDEN_BY_APPROVAL.has(row.outcome)) {
      const proposal = row.state === 'escalated' ? row.proposal : null;
      if (proposal?.decision === 'approve' && proposal.by === actor.login) {
        throw new ApiError(ApiErrorCode.Forbidden, 'four eyes: you proposed this approval; another lead must approve it');
      }
      if (!(proposal?.decision === 'approve' && hasRole(actor, 'lead'))) {
        const next = { decision: 'approve', reasonCode: input.reasonCode, note: input.note, by: actor.login, at: now.toISOString() };
        await manager.query(`UPDATE cases SET state = 'escalated', proposal = $2, claimed_by = NULL, lease_until = NULL, updated_at = $3 WHERE id = $1`, [row.id, next, now]);
        await appendCaseEvent(manager, row.id, 'approval_proposed', actor.login, input.note, { reasonCode: input.reasonCode, engineOutcome: row.outcome, ...(bulk ? { bulk: true } : {}) }, now);
        return { status: 'awaiting_second_approval' };
      }
    }
    const decision = input.decision === 'approve' ? 'approved' : 'rejected';
    const proposedBy = row.state === 'escalated' && row.proposal?.decision === input.decision ? row.proposal.by : null;
    await manager.query(
      `UPDATE cases SET state = 'decided', decision = $2, decision_reason = $3, decided_by = $4, decided_at = $5, claimed_by = NULL, lease_until = NULL, proposal = NULL, updated_at = $5 WHERE id = $1`,
      [row.id, decision, input.reasonCode, actor.login, now],
    );
    await appendCaseEvent(manager, row.id, 'decided', actor.login, input.note, { decision, reasonCode: input.reasonCode, ...(proposedBy ? { proposedBy } : {}), ...(bulk ? { bulk: true } : {}) }, now);
    await recordLabel(manager, {
      id: randomUUID(),
      applicationId: row.application_id,
      verdict: decision === 'approved' ? 'legitimate' : 'fraud',
      source: `review:${input.reasonCode}`,
      evidenceUrl: null,
      note: input.note,
      clientId: null,
      reviewer: actor.login,
      outboxClientId: row.client_id,
      at: now,
    });
    const { reason } = input;
    await caseOutbox(manager, OutboxTopic.CaseDecided, row, { caseId: row.id, applicationId: row.application_id, ...applicationRef(row), decision, reasonCode: reason.code, reason: reason.en, decidedAt: now.toISOString() }, now);
    return { status: 'decided', decision };
  }
}

function reasonMisfit(decision: ValidDecision, ekycState: string | null): ApiError {
  const needed = decision.reason.ekyc === 'unfinished' ? 'an eKYC that was requested and not completed' : `an eKYC that ${decision.reason.ekyc}`;
  return new ApiError(ApiErrorCode.InvalidApplication, `${decision.reasonCode} needs ${needed}`, {
    errors: [{ field: 'reasonCode', message: `this case's eKYC is ${ekycState ?? 'not requested'}: choose another reason` }],
  });
}
