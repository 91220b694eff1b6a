import { CodedError } from '../../engine/errors';
import { createHash, randomUUID } from 'node:crypto';
import { defaultSignalRegistry, formatRuleIssue, RuleSetError, type FieldError } from '../../engine';
import { loadRuleBundle, RuleBundleError } from '../../screening/rule-bundle';
import { AuditAction, type AuditLog } from '../review/audit-log';
import type { Actor } from '../review/case-types';
import type { BacktestReport } from './backtest';
import type { BacktestRun, BacktestRuns, NewBacktestRun } from './backtest-runs';
import { RuleSourceError, type RuleDirectory, type RuleSourceOption, type RuleSources } from './rule-sources';
import type { ShadowComparison, ShadowVersion } from './shadow';
import { parseWindow } from './window';

export enum BacktestErrorCode {
  /** A field of the form is missing or malformed. */
  InvalidField = 'INVALID_FIELD',
  /** The candidate rules do not compile, or the bundle was refused. */
  BrokenRules = 'BROKEN_RULES',
  /** No shadow rule set has stored results (or not the version asked for). */
  NoShadowResults = 'NO_SHADOW_RESULTS',
  /** The run was stored but the queue (Redis) did not take it. */
  QueueUnavailable = 'QUEUE_UNAVAILABLE',
}

/** A request the page refuses, naming each bad field. */
export class BacktestRequestError extends CodedError<BacktestErrorCode> {
  constructor(
    code: BacktestErrorCode,
    readonly errors: readonly FieldError[],
  ) {
    super(code, errors.map((error) => `${error.field}: ${error.message}`).join('; '));
  }
}

/** The window fields of a request form, as posted. */
export interface WindowForm {
  readonly since: string;
  readonly until: string;
}

export interface BundleUpload {
  readonly fileName: string;
  readonly bytes: Buffer;
}

/** What the request forms offer. */
export interface BacktestOptions {
  readonly rules: readonly RuleSourceOption[];
  /** Shadow rule versions with stored results, newest first (empty without shadow mode). */
  readonly shadowVersions: readonly ShadowVersion[];
}

export interface BacktestRunView {
  readonly run: BacktestRun;
  readonly report: BacktestReport | null;
  /** Application id → its case, for the applications the report names. */
  readonly caseIds: ReadonlyMap<string, string>;
}

/** The name a browser gave the file, without any directory part or control characters. */
function bundleName(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? '';
  return base.replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
}

/**
 * Backtests and shadow comparisons asked for in the review UI: checks the request (the candidate
 * rules must compile, an upload must be a safe bundle), stores the run, queues it for the workers,
 * and writes requests, refusals and views to the audit log. Reads history only: nothing live
 * changes until new rules are deployed.
 */
export class BacktestRequests {
  constructor(
    private readonly runs: BacktestRuns,
    private readonly sources: RuleSources,
    private readonly audit: AuditLog,
    private readonly enqueue: (runId: string) => Promise<void>,
    private readonly shadow: Pick<ShadowComparison, 'versions'>,
  ) {}

  async options(): Promise<BacktestOptions> {
    return { rules: this.sources.list(), shadowVersions: await this.shadow.versions() };
  }

  /** Backtest the deployed rules or a candidate directory (`rules` is the option's value). */
  async requestDirectory(actor: Actor, form: WindowForm & { readonly rules: string }): Promise<Pick<BacktestRun, 'id'>> {
    const window = parseWindow(form.since, form.until);
    let chosen: RuleDirectory | undefined;
    let version: string | undefined;
    const errors = [...window.errors];
    if (form.rules.trim() === '') {
      errors.push({ field: 'rules', message: 'choose a rules directory' });
    } else {
      try {
        chosen = this.sources.directoryOf(form.rules);
        version = this.sources.load(chosen, defaultSignalRegistry()).version;
      } catch (error) {
        if (error instanceof RuleSetError) return this.refuse(actor, 'directory', BacktestErrorCode.BrokenRules, error.issues.map((issue) => ({ field: 'rules', message: `${chosen!.name}/${formatRuleIssue(issue)}` })));
        if (error instanceof RuleSourceError) errors.push({ field: 'rules', message: error.message });
        else throw error;
      }
    }
    if (errors.length > 0 || !chosen || !version) return this.refuse(actor, 'directory', BacktestErrorCode.InvalidField, errors);
    return this.store(actor, { kind: 'backtest', source: chosen.source, sourceName: chosen.name, bundle: null, candidateVersion: version, since: window.since, until: window.until });
  }

  /** Backtest an uploaded .tar.gz of a rules directory, compiled now so a broken one is refused at once. */
  async requestBundle(actor: Actor, upload: BundleUpload | null, form: WindowForm): Promise<Pick<BacktestRun, 'id'>> {
    const window = parseWindow(form.since, form.until);
    if (!upload || upload.bytes.length === 0) return this.refuse(actor, 'bundle', BacktestErrorCode.InvalidField, [{ field: 'bundle', message: 'choose a .tar.gz of a rules directory' }, ...window.errors]);
    const name = bundleName(upload.fileName) || 'rules.tar.gz';
    const sha256 = createHash('sha256').update(upload.bytes).digest('hex');
    let version: string;
    try {
      version = (await loadRuleBundle(upload.bytes, defaultSignalRegistry())).version;
    } catch (error) {
      if (error instanceof RuleBundleError) return this.refuse(actor, 'bundle', BacktestErrorCode.BrokenRules, [{ field: 'bundle', message: `${name}: ${error.message}` }], { name, sha256 });
      if (error instanceof RuleSetError) {
        return this.refuse(actor, 'bundle', BacktestErrorCode.BrokenRules, error.issues.map((issue) => ({ field: 'bundle', message: `${name}: ${formatRuleIssue(issue)}` })), { name, sha256 });
      }
      throw error;
    }
    if (window.errors.length > 0) return this.refuse(actor, 'bundle', BacktestErrorCode.InvalidField, window.errors, { name, sha256 });
    return this.store(actor, { kind: 'backtest', source: 'bundle', sourceName: name, bundle: { bytes: upload.bytes, sha256 }, candidateVersion: version, since: window.since, until: window.until });
  }

  /** Compare stored shadow assessments of a version (default the newest) with the deciding ones. */
  async requestShadow(actor: Actor, form: WindowForm & { readonly version: string }): Promise<Pick<BacktestRun, 'id'>> {
    const window = parseWindow(form.since, form.until);
    const versions = await this.shadow.versions();
    const asked = form.version.trim();
    const version = asked === '' ? versions[0]?.version : versions.find((entry) => entry.version === asked)?.version;
    if (!version) {
      const message = versions.length === 0 ? 'no shadow rule set has stored results yet' : `no stored shadow results for ${asked.slice(0, 80)}`;
      return this.refuse(actor, 'shadow', BacktestErrorCode.NoShadowResults, [{ field: 'version', message }, ...window.errors]);
    }
    if (window.errors.length > 0) return this.refuse(actor, 'shadow', BacktestErrorCode.InvalidField, window.errors);
    return this.store(actor, { kind: 'shadow', source: 'shadow', sourceName: version, bundle: null, candidateVersion: version, since: window.since, until: window.until });
  }

  async recent(actor: Actor, route: string): Promise<BacktestRun[]> {
    const runs = await this.runs.recent(30);
    await this.audit.write({ actor: actor.login, action: AuditAction.BacktestsViewed, subjectType: 'backtest_run', detail: { route, runs: runs.length } });
    return runs;
  }

  /** A run with its report; the view is audited before the page is sent (the report names applications). */
  async view(actor: Actor, id: string, route: string): Promise<BacktestRunView | null> {
    const run = await this.runs.find(id);
    if (!run) return null;
    const report = run.state === 'done' ? await this.runs.report(run.id) : null;
    const caseIds = await this.runs.caseIdsOf(report?.topMoves.map((move) => move.applicationId) ?? []);
    await this.audit.write({ actor: actor.login, action: AuditAction.BacktestViewed, subjectType: 'backtest_run', subjectId: run.id, detail: { route, state: run.state } });
    return { run, report, caseIds };
  }

  private async store(actor: Actor, request: Omit<NewBacktestRun, 'id' | 'requestedBy'>): Promise<Pick<BacktestRun, 'id'>> {
    const id = randomUUID();
    await this.runs.insert({ ...request, id, requestedBy: actor.id });
    // Queued after the row is committed, so the worker that takes the job always finds its run.
    try {
      await this.enqueue(id);
    } catch (error) {
      await this.runs.fail(id, `not queued: the queue is unavailable (${(error as Error).message.slice(0, 200)})`);
      throw new BacktestRequestError(BacktestErrorCode.QueueUnavailable, [{ field: 'queue', message: 'the queue (Redis) is unavailable: the run was not started; try again shortly' }]);
    }
    await this.audit.write({
      actor: actor.login,
      action: AuditAction.BacktestRequested,
      subjectType: 'backtest_run',
      subjectId: id,
      detail: {
        kind: request.kind,
        source: request.source,
        name: request.sourceName,
        ...(request.bundle ? { sha256: request.bundle.sha256, bytes: request.bundle.bytes.length } : {}),
        candidateVersion: request.candidateVersion,
        since: request.since?.toISOString() ?? null,
        until: request.until?.toISOString() ?? null,
      },
    });
    return { id };
  }

  private async refuse(actor: Actor, kind: 'directory' | 'bundle' | 'shadow', code: BacktestErrorCode, errors: readonly FieldError[], bundle?: { name: string; sha256: string }): Promise<never> {
    await this.audit.write({
      actor: actor.login,
      action: AuditAction.BacktestRefused,
      subjectType: 'backtest_run',
      detail: { kind, code, fields: [...new Set(errors.map((error) => error.field))], ...(bundle ? { name: bundle.name, sha256: bundle.sha256 } : {}) },
    });
    throw new BacktestRequestError(code, errors);
  }
}
