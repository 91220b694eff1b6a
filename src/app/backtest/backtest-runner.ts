import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { defaultSignalRegistry, RuleSetError, ScreeningEngine, type RuleSet } from '../../engine';
import { loadKnowledge } from '../../knowledge';
import { loadRuleBundle, RuleBundleError } from '../../screening/rule-bundle';
import { Backtest } from './backtest';
import type { BacktestRuns, ClaimedBacktestRun } from './backtest-runs';
import { DEPLOYED_RULES, RuleSourceError, type RuleSources } from './rule-sources';
import { ShadowError, type ShadowComparison } from './shadow';

/** What running a queued backtest came to; an expected no-op is a status, not an error. */
export type BacktestRunResult = { readonly state: 'done'; readonly replayed: number } | { readonly state: 'failed'; readonly error: string } | { readonly state: 'skipped' };

const PROGRESS_INTERVAL_MS = 1000;

/**
 * Runs a queued backtest on a worker: compiles the candidate rules the run names (the rules
 * directory must still have the version that was asked for; a bundle comes from the row), replays
 * the window with Backtest (or compares the stored shadow results of the version asked for) and
 * stores the report. A candidate
 * that cannot be built fails the run at once; other errors are thrown for the queue to retry, and
 * the worker's failed handler records the run's end when the queue gives up (BacktestRuns.abandon,
 * which also covers a worker that died on every attempt).
 */
export class BacktestRunner {
  constructor(
    private readonly runs: BacktestRuns,
    private readonly pool: Pool,
    private readonly sources: RuleSources,
    private readonly shadow: Pick<ShadowComparison, 'run'>,
    private readonly logger: Logger,
  ) {}

  async execute(runId: string): Promise<BacktestRunResult> {
    const run = await this.runs.claim(runId);
    if (!run) return { state: 'skipped' };
    const window = { since: run.since ?? undefined, until: run.until ?? undefined };
    let lastWrite = 0;
    let writes: Promise<void> = Promise.resolve();
    const onProgress = (seen: number): void => {
      if (Date.now() - lastWrite < PROGRESS_INTERVAL_MS) return;
      lastWrite = Date.now();
      writes = writes.then(() => this.runs.setProgress(run.id, seen)).catch(() => undefined);
    };
    try {
      // A candidate that does not compile fails the run before the window is counted.
      const engine = run.kind === 'shadow' ? null : new ScreeningEngine(await this.candidate(run), loadKnowledge());
      await this.runs.setTotal(run.id, await this.runs.countWindow(run));
      const report = engine
        ? await new Backtest(this.pool).run(engine, window, onProgress)
        : await this.shadow.run({ ...window, version: run.candidateVersion }, onProgress);
      await writes;
      await this.runs.finish(run.id, report);
      this.logger.info({ runId: run.id, kind: run.kind, replayed: report.replayed, skipped: report.skipped, seconds: Math.round(report.seconds) }, 'backtest run done');
      return { state: 'done', replayed: report.replayed };
    } catch (error) {
      await writes;
      const expected = error instanceof RuleSetError || error instanceof RuleBundleError || error instanceof RuleSourceError || error instanceof ShadowError;
      if (!expected) throw error;
      await this.runs.fail(run.id, error.message);
      this.logger.info({ runId: run.id, kind: run.kind }, 'backtest run failed');
      return { state: 'failed', error: error.message };
    }
  }

  /** The candidate rules of a run, exactly the version the admin chose. */
  private async candidate(run: ClaimedBacktestRun): Promise<RuleSet> {
    const registry = defaultSignalRegistry();
    let rules: RuleSet;
    if (run.source === 'bundle') {
      if (!run.bundle) throw new RuleSourceError('the run has no bundle stored');
      rules = await loadRuleBundle(run.bundle, registry);
    } else {
      const chosen = this.sources.directoryOf(run.source === 'deployed' ? DEPLOYED_RULES : run.sourceName);
      rules = this.sources.load(chosen, registry);
    }
    if (rules.version !== run.candidateVersion) {
      throw new RuleSourceError(`the rules of ${run.sourceName} changed since the request (asked for ${run.candidateVersion}, now ${rules.version}); request the backtest again`);
    }
    return rules;
  }
}
