import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { ReviewPolicy } from '../../engine';
import { EKYC_SETTINGS } from '../config/config';
import { ApiError, ApiErrorCode } from '../http/api-error';
import { OutboxTopic } from '../intake/screening-response';
import type { AuditLog } from './audit-log';
import { appendCaseEvent } from './case-policy';
import { applicationRef, caseOutbox, changeCase, findCase, requireClaim } from './case-record';
import type { Actor, EkycResultInput, EkycStarter } from './case-types';

/** eKYC on a case: a claimed case's request to the configured vendor, and the vendor's result. */
export class EkycCases {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: ReviewPolicy,
    private readonly audit: AuditLog,
    private readonly ekyc: EkycStarter | undefined,
  ) {}

  async requestEkyc(caseId: string, actor: Actor, method: string): Promise<{ ekycRequestId: string; verificationUrl: string }> {
    const provider = this.ekyc;
    if (!provider) throw new ApiError(ApiErrorCode.Conflict, `no eKYC provider is configured (set ${EKYC_SETTINGS})`);
    if (!this.policy.ekycMethods.some((entry) => entry.code === method)) {
      throw new ApiError(ApiErrorCode.InvalidApplication, `unknown eKYC method ${method}`, {
        errors: [{ field: 'method', message: `must be one of ${this.policy.ekycMethods.map((entry) => entry.code).join(', ')}` }],
      });
    }
    return changeCase(this.dataSource, this.audit, caseId, actor, async (row, manager, now) => {
      requireClaim(row, actor, now);
      const id = randomUUID();
      const verificationUrl = provider.verificationUrl({ id, method });
      await manager.query(
        `INSERT INTO ekyc_requests (id, case_id, provider, method, state, verification_url, requested_by, requested_at) VALUES ($1, $2, $3, $4, 'requested', $5, $6, $7)`,
        [id, row.id, provider.name, method, verificationUrl, actor.login, now],
      );
      await manager.query(`UPDATE cases SET state = 'ekyc_pending', ekyc_state = 'requested', claimed_by = NULL, lease_until = NULL, updated_at = $2 WHERE id = $1`, [row.id, now]);
      await appendCaseEvent(manager, row.id, 'ekyc_requested', actor.login, null, { ekycRequestId: id, method, provider: provider.name }, now);
      await caseOutbox(manager, OutboxTopic.EkycRequested, row, { caseId: row.id, applicationId: row.application_id, ...applicationRef(row), ekycRequestId: id, method, verificationUrl }, now);
      return { ekycRequestId: id, verificationUrl };
    });
  }

  /** A vendor's result: recorded once (a repeated callback with the same result changes nothing). */
  async applyEkycResult(provider: string, input: EkycResultInput): Promise<{ caseId: string; changed: boolean }> {
    return this.dataSource.transaction(async (manager) => {
      const requests: { id: string; case_id: string; state: string }[] = await manager.query(
        `SELECT id, case_id, state FROM ekyc_requests WHERE id = $1 AND provider = $2 FOR UPDATE`,
        [input.requestId, provider],
      );
      const request = requests[0];
      if (!request) throw new ApiError(ApiErrorCode.NotFound, 'no eKYC request with this id for this provider');
      if (request.state !== 'requested') {
        if (request.state === input.result) return { caseId: request.case_id, changed: false };
        throw new ApiError(ApiErrorCode.Conflict, `this eKYC request already has the result ${request.state}`);
      }
      const row = await findCase(manager, request.case_id, true);
      const now = new Date();
      await manager.query(`UPDATE ekyc_requests SET state = $2, vendor_reference = $3, checks = $4, completed_at = $5 WHERE id = $1`, [
        request.id,
        input.result,
        input.vendorReference,
        JSON.stringify(input.checks),
        input.completedAt,
      ]);
      const back = row.state === 'ekyc_pending' ? 'open' : row.state;
      await manager.query(`UPDATE cases SET ekyc_state = $2, state = $3, updated_at = $4 WHERE id = $1`, [row.id, input.result, back, now]);
      const failed = input.checks.filter((check) => !check.passed).map((check) => check.check);
      await appendCaseEvent(manager, row.id, 'ekyc_result', `ekyc:${provider}`, input.result, { ekycRequestId: request.id, vendorReference: input.vendorReference, failedChecks: failed, checks: input.checks }, now);
      return { caseId: row.id, changed: true };
    });
  }
}
