import type { DataSource } from 'typeorm';
import type { ReviewPolicy, RuleSet } from '../../engine';
import type { AuditLog } from './audit-log';
import { reviewPolicyOf } from './case-policy';
import { CaseQueue } from './case-queue';
import type { Actor, BulkResult, CaseDetail, DecisionInput, DecisionResult, EkycResultInput, EkycStarter, QueueCounts, QueueFilter, QueueRow, ReviewMetrics } from './case-types';
import { CaseViews } from './case-view';
import { CaseWorkflow } from './case-workflow';
import { EkycCases } from './ekyc-cases';

// The case policy's functions, for the modules that import them from here (the linkage, intake
// and worker code is being rewired elsewhere; new code imports ./case-policy).

/**
 * The review cases as the api and the reviewer UI use them: the queue (case-queue.ts), a case page
 * (case-view.ts), the workflow from claim to decision (case-workflow.ts) and eKYC (ekyc-cases.ts),
 * under one review policy read from the rules.
 */
export class CaseService {
  readonly policy: ReviewPolicy;
  private readonly caseQueue: CaseQueue;
  private readonly views: CaseViews;
  private readonly workflow: CaseWorkflow;
  private readonly ekycCases: EkycCases;

  constructor(dataSource: DataSource, readonly rules: RuleSet, audit: AuditLog, ekyc: EkycStarter | undefined) {
    this.policy = reviewPolicyOf(rules);
    this.caseQueue = new CaseQueue(dataSource);
    this.views = new CaseViews(dataSource, rules, audit, ekyc !== undefined);
    this.workflow = new CaseWorkflow(dataSource, this.policy, audit);
    this.ekycCases = new EkycCases(dataSource, this.policy, audit, ekyc);
  }

  queue(filter: QueueFilter): Promise<{ rows: QueueRow[]; total: number }> {
    return this.caseQueue.queue(filter);
  }

  counts(): Promise<QueueCounts> {
    return this.caseQueue.counts();
  }

  registrars(): Promise<string[]> {
    return this.caseQueue.registrars();
  }

  metrics(): Promise<ReviewMetrics> {
    return this.caseQueue.metrics();
  }

  view(caseId: string, actor: Actor, route: string): Promise<CaseDetail> {
    return this.views.view(caseId, actor, route);
  }

  claim(caseId: string, actor: Actor): Promise<void> {
    return this.workflow.claim(caseId, actor);
  }

  release(caseId: string, actor: Actor): Promise<void> {
    return this.workflow.release(caseId, actor);
  }

  escalate(caseId: string, actor: Actor, note: string): Promise<void> {
    return this.workflow.escalate(caseId, actor, note);
  }

  returnToQueue(caseId: string, actor: Actor, note: string): Promise<void> {
    return this.workflow.returnToQueue(caseId, actor, note);
  }

  decide(caseId: string, actor: Actor, input: DecisionInput): Promise<DecisionResult> {
    return this.workflow.decide(caseId, actor, input);
  }

  bulkDecide(actor: Actor, campaign: { kind: string; valueHash: string }, input: DecisionInput): Promise<BulkResult> {
    return this.workflow.bulkDecide(actor, campaign, input);
  }

  requestEkyc(caseId: string, actor: Actor, method: string): Promise<{ ekycRequestId: string; verificationUrl: string }> {
    return this.ekycCases.requestEkyc(caseId, actor, method);
  }

  applyEkycResult(provider: string, input: EkycResultInput): Promise<{ caseId: string; changed: boolean }> {
    return this.ekycCases.applyEkycResult(provider, input);
  }
}
