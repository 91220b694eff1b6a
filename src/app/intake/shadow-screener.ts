import type { Application, Assessment, Hit, Outcome, ScreeningEngine, ScreeningFacts } from '../../engine';

/** What the shadow rule set would have decided; stored beside the screening, never acted on. */
export interface ShadowResult {
  readonly rulesVersion: string;
  readonly outcome: Outcome;
  readonly score: number;
  readonly hits: readonly Hit[];
}

export interface ShadowObserver {
  screened(outcome: Outcome, agrees: boolean): void;
  /** The shadow engine threw; `error` is for the operator's log, without the application. */
  failed(error: unknown): void;
}

/**
 * Shadow mode (issue 8): a second rule set scores each webhook screening with the same facts as
 * the deciding one. Its result is only stored; a failure of it costs the screening nothing but
 * the shadow row.
 */
export class ShadowScreener {
  constructor(
    readonly engine: ScreeningEngine,
    private readonly observer: ShadowObserver,
  ) {}

  get rulesVersion(): string {
    return this.engine.rules.version;
  }

  /** Scores the application; null when the shadow rule set failed (counted and logged as a failure). */
  screen(application: Application, facts: ScreeningFacts): ShadowResult | null {
    let assessment: Assessment;
    try {
      assessment = this.engine.screen(application, facts);
    } catch (error) {
      this.observer.failed(error);
      return null;
    }
    return { rulesVersion: assessment.rulesVersion, outcome: assessment.outcome, score: assessment.score, hits: assessment.hits };
  }

  /** Counts a stored shadow result against the decision (a retry answered from the stored response is not counted again). */
  stored(result: ShadowResult, decided: Outcome): void {
    this.observer.screened(result.outcome, result.outcome === decided);
  }
}
