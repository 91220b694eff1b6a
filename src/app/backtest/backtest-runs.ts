import type { DataSource } from 'typeorm';
import { isUuid } from '../database/uuid';
import type { BacktestReport } from './backtest';
import { query } from '../database/query';

type BacktestRunKind = 'backtest' | 'shadow';
/** Where the candidate rules come from: the deployed rules, a candidate directory, an uploaded bundle, or stored shadow results. */
type BacktestSource = 'deployed' | 'directory' | 'bundle' | 'shadow';
type BacktestRunState = 'queued' | 'running' | 'done' | 'failed';

export interface BacktestRun {
  readonly id: string;
  readonly kind: BacktestRunKind;
  readonly requestedBy: string;
  readonly source: BacktestSource;
  /** The directory name, the bundle's file name, or the shadow rules version. */
  readonly sourceName: string;
  readonly bundleSha256: string | null;
  readonly candidateVersion: string;
  readonly since: Date | null;
  readonly until: Date | null;
  readonly state: BacktestRunState;
  /** Applications read so far (replayed or skipped). */
  readonly progress: number;
  /** Applications in the window when the run started (for the progress bar). */
  readonly total: number | null;
  readonly error: string | null;
  readonly requestedAt: Date;
  readonly startedAt: Date | null;
  readonly finishedAt: Date | null;
}

/** A run with what only the worker needs: the bundle's bytes. */
export interface ClaimedBacktestRun extends BacktestRun {
  readonly bundle: Buffer | null;
}

export interface NewBacktestRun {
  readonly id: string;
  readonly kind: BacktestRunKind;
  readonly requestedBy: string;
  readonly source: BacktestSource;
  readonly sourceName: string;
  readonly bundle: { readonly bytes: Buffer; readonly sha256: string } | null;
  readonly candidateVersion: string;
  readonly since: Date | null;
  readonly until: Date | null;
}

interface RunRow {
  id: string;
  kind: BacktestRunKind;
  requested_by_login: string;
  source: BacktestSource;
  source_name: string;
  bundle_sha256: string | null;
  candidate_version: string;
  since: Date | null;
  until: Date | null;
  state: BacktestRunState;
  progress: string;
  total: string | null;
  error: string | null;
  requested_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
  bundle?: Buffer | null;
}

const COLUMNS = `r.id, r.kind, v.login AS requested_by_login, r.source, r.source_name, r.bundle_sha256, r.candidate_version, r.since, r.until,
  r.state, r.progress, r.total, r.error, r.requested_at, r.started_at, r.finished_at`;

function toRun(row: RunRow): BacktestRun {
  return {
    id: row.id,
    kind: row.kind,
    requestedBy: row.requested_by_login,
    source: row.source,
    sourceName: row.source_name,
    bundleSha256: row.bundle_sha256,
    candidateVersion: row.candidate_version,
    since: row.since,
    until: row.until,
    state: row.state,
    progress: Number(row.progress),
    total: row.total === null ? null : Number(row.total),
    error: row.error,
    requestedAt: row.requested_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** The backtest_runs table: requests from the review UI, their state and their reports. */
export class BacktestRuns {
  constructor(private readonly dataSource: DataSource) {}

  async insert(run: NewBacktestRun): Promise<void> {
    await this.dataSource.query(
      `INSERT INTO backtest_runs (id, kind, requested_by, source, source_name, bundle_sha256, bundle, candidate_version, since, until, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())`,
      [run.id, run.kind, run.requestedBy, run.source, run.sourceName, run.bundle?.sha256 ?? null, run.bundle?.bytes ?? null, run.candidateVersion, run.since, run.until],
    );
  }

  async find(id: string): Promise<BacktestRun | null> {
    if (!isUuid(id)) return null;
    const rows = await query<RunRow>(this.dataSource, `SELECT ${COLUMNS} FROM backtest_runs r JOIN reviewers v ON v.id = r.requested_by WHERE r.id = $1`, [id.toLowerCase()]);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async report(id: string): Promise<BacktestReport | null> {
    const rows = await query<{ report: BacktestReport | null }>(this.dataSource, 'SELECT report FROM backtest_runs WHERE id = $1', [id]);
    return rows[0]?.report ?? null;
  }

  async recent(limit = 30): Promise<BacktestRun[]> {
    const rows = await query<RunRow>(this.dataSource, `SELECT ${COLUMNS} FROM backtest_runs r JOIN reviewers v ON v.id = r.requested_by ORDER BY r.requested_at DESC LIMIT $1`, [limit]);
    return rows.map(toRun);
  }

  /**
   * Marks a queued run running and returns it with its bundle; a run that a stalled worker left
   * running starts again from the beginning. Null for a run that is done, failed or gone.
   */
  async claim(id: string): Promise<ClaimedBacktestRun | null> {
    // A SELECT around the UPDATE, so the driver hands back rows (an UPDATE answers [rows, count]).
    const rows = await query<RunRow>(
      this.dataSource,
      `WITH r AS (
         UPDATE backtest_runs SET state = 'running', started_at = now(), progress = 0, total = NULL, error = NULL
          WHERE id = $1 AND state IN ('queued', 'running') RETURNING *
       )
       SELECT ${COLUMNS}, r.bundle FROM r JOIN reviewers v ON v.id = r.requested_by`,
      [id],
    );
    return rows[0] ? { ...toRun(rows[0]), bundle: rows[0].bundle ?? null } : null;
  }

  /** How many applications the window holds now (the replay reads its own snapshot, so this is close, not exact). */
  /** What a run will read: the applications of its window, or for a shadow comparison that version's stored results. */
  async countWindow(run: Pick<ClaimedBacktestRun, 'kind' | 'candidateVersion' | 'since' | 'until'>): Promise<number> {
    const [row]: { n: string }[] =
      run.kind === 'shadow'
        ? await this.dataSource.query(
            'SELECT count(*) AS n FROM shadow_assessments WHERE rules_version = $3 AND ($1::timestamptz IS NULL OR received_at >= $1) AND ($2::timestamptz IS NULL OR received_at < $2)',
            [run.since, run.until, run.candidateVersion],
          )
        : await this.dataSource.query(
            'SELECT count(*) AS n FROM applications WHERE ($1::timestamptz IS NULL OR received_at >= $1) AND ($2::timestamptz IS NULL OR received_at < $2)',
            [run.since, run.until],
          );
    return Number(row!.n);
  }

  async setTotal(id: string, total: number): Promise<void> {
    await this.dataSource.query(`UPDATE backtest_runs SET total = $2 WHERE id = $1 AND state = 'running'`, [id, total]);
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.dataSource.query(`UPDATE backtest_runs SET progress = $2 WHERE id = $1 AND state = 'running'`, [id, progress]);
  }

  async finish(id: string, report: BacktestReport): Promise<void> {
    await this.dataSource.query(`UPDATE backtest_runs SET state = 'done', report = $2, progress = $3, finished_at = now() WHERE id = $1`, [id, report, report.replayed + report.skipped]);
  }

  async fail(id: string, error: string): Promise<void> {
    await this.dataSource.query(`UPDATE backtest_runs SET state = 'failed', error = $2, finished_at = now() WHERE id = $1`, [id, error.slice(0, 4000)]);
  }

  /** Fails a run the queue gave up on, unless it has already ended (done, or failed with its own reason). */
  async abandon(id: string, error: string): Promise<boolean> {
    const [, changed]: [unknown, number] = await this.dataSource.query(
      `UPDATE backtest_runs SET state = 'failed', error = $2, finished_at = now() WHERE id = $1 AND state IN ('queued', 'running')`,
      [id, error.slice(0, 4000)],
    );
    return changed > 0;
  }

  /** The case of each application that has one (its latest), for links from a report. */
  async caseIdsOf(applicationIds: readonly string[]): Promise<Map<string, string>> {
    if (applicationIds.length === 0) return new Map();
    const rows = await query<{ application_id: string; id: string }>(
      this.dataSource,
      'SELECT DISTINCT ON (application_id) application_id, id FROM cases WHERE application_id = ANY($1::uuid[]) ORDER BY application_id, created_at DESC',
      [applicationIds],
    );
    return new Map(rows.map((row) => [row.application_id, row.id]));
  }
}
