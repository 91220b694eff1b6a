import type { Pool } from 'pg';
import type { Hit, Outcome } from '../../engine';
import { LATEST_VERDICT } from '../labels/latest-verdict';
import { Comparison, readSnapshot, type BacktestReport, type BacktestWindow, type DecidedRow } from './backtest';

export interface ShadowVersion {
  readonly version: string;
  /** Arrival times of the first and last screening it scored. */
  readonly first: Date;
  readonly last: Date;
  readonly count: number;
}

interface Row extends DecidedRow {
  shadow_outcome: Outcome;
  shadow_score: number;
  shadow_hits: Hit[];
}

/**
 * Shadow mode's report: what the shadow rule set decided on live traffic (stored at screening
 * time, with the very facts the deciding rules had) against what the deciding rules decided, in
 * the backtest's report shape. Reads only.
 */
export class ShadowComparison {
  constructor(private readonly pool: Pool) {}

  /** Shadow rule versions that have stored results, newest first. */
  async versions(): Promise<ShadowVersion[]> {
    // The versions by a loose index scan (one probe each, not a read of every result), then one
    // index range per version for its period and count.
    const { rows } = await this.pool.query<{ version: string; first: Date; last: Date; count: string }>(
      `WITH RECURSIVE v AS (
         SELECT min(rules_version) AS rules_version FROM shadow_assessments
         UNION ALL
         SELECT (SELECT min(rules_version) FROM shadow_assessments WHERE rules_version > v.rules_version) FROM v WHERE v.rules_version IS NOT NULL
       )
       SELECT v.rules_version AS version,
              (SELECT min(received_at) FROM shadow_assessments WHERE rules_version = v.rules_version) AS first,
              (SELECT max(received_at) FROM shadow_assessments WHERE rules_version = v.rules_version) AS last,
              (SELECT count(*) FROM shadow_assessments WHERE rules_version = v.rules_version) AS count
         FROM v WHERE v.rules_version IS NOT NULL
        ORDER BY last DESC`,
    );
    return rows.map((row) => ({ version: row.version, first: row.first, last: row.last, count: Number(row.count) }));
  }

  private async hasResults(version: string): Promise<boolean> {
    const { rows } = await this.pool.query<{ found: boolean }>('SELECT EXISTS (SELECT 1 FROM shadow_assessments WHERE rules_version = $1) AS found', [version]);
    return rows[0]!.found;
  }

  /**
   * Compares stored shadow results of `version` (default: the newest) with the deciding
   * assessments over [since, until). Throws a `ShadowError` when there is nothing to compare.
   */
  async run(window: BacktestWindow & { readonly version?: string } = {}, onProgress?: (seen: number) => void): Promise<BacktestReport> {
    let version = window.version;
    // The list of versions (a scan of each) only to choose the default or to explain a refusal.
    if (version === undefined || !(await this.hasResults(version))) {
      const versions = await this.versions();
      if (versions.length === 0) throw new ShadowError('no shadow results are stored: set SHINSA_SHADOW_RULES_DIR on the api to score live traffic with a second rule set');
      if (version !== undefined) throw new ShadowError(`no shadow results for rules version ${version}; stored versions: ${versions.map((known) => known.version).join(', ')}`);
      version = versions[0]!.version;
    }
    const comparison = new Comparison();
    await readSnapshot<Row>(
      this.pool,
      `SELECT a.id, a.external_id, a.domain_name, sh.received_at, ${LATEST_VERDICT} AS verdict,
              s.rules_version, s.outcome, s.score, s.hits, sh.outcome AS shadow_outcome, sh.score AS shadow_score, sh.hits AS shadow_hits
         FROM shadow_assessments sh
         JOIN applications a ON a.id = sh.application_id
         LEFT JOIN LATERAL (SELECT rules_version, outcome, score, hits FROM assessments WHERE application_id = a.id ORDER BY created_at, id LIMIT 1) s ON true
        WHERE sh.rules_version = $1 AND ($2::timestamptz IS NULL OR sh.received_at >= $2) AND ($3::timestamptz IS NULL OR sh.received_at < $3)
        ORDER BY sh.received_at, sh.application_id`,
      [version, window.since ?? null, window.until ?? null],
      (rows) => {
        for (const row of rows) comparison.compare(row, () => ({ outcome: row.shadow_outcome, score: row.shadow_score, hits: row.shadow_hits }));
        onProgress?.(comparison.seen);
      },
    );
    return comparison.report(version, window);
  }
}

/** Nothing to compare (no shadow results, or none of the version asked for). */
export class ShadowError extends Error {
  override name = 'ShadowError';
}
