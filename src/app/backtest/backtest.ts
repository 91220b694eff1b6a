import type { Pool } from 'pg';
import { applicationSchema, OUTCOMES, outcomeRank, type Hit, type Outcome, type ScreeningEngine, type ScreeningFacts } from '../../engine';
import { CASE_OUTCOMES } from '../intake/intake.service';
import { LATEST_VERDICT } from '../labels/latest-verdict';

/** What a replay covers: applications received in [since, until). */
export interface BacktestWindow {
  readonly since?: Date;
  readonly until?: Date;
}

export interface VersionFigures {
  readonly rulesVersions: readonly string[];
  /** Labelled-fraud applications this version sent to review or worse. */
  readonly fraudCaught: number;
  /** Labelled-legitimate applications this version sent to review or worse. */
  readonly legitimateFlagged: number;
  /** Among labelled applications: caught / (caught + legitimate flagged). */
  readonly precision: number | null;
  /** caught / labelled fraud. */
  readonly recall: number | null;
  readonly outcomes: Readonly<Record<Outcome, number>>;
}

export interface ScoreMove {
  readonly applicationId: string;
  readonly externalId: string;
  readonly domain: string | null;
  readonly receivedAt: string;
  readonly actual: { readonly outcome: Outcome; readonly score: number };
  readonly candidate: { readonly outcome: Outcome; readonly score: number };
  /** Reason codes whose points differ between the two: + added or raised, − removed or lowered. */
  readonly moved: readonly { readonly reason: string; readonly actual: number; readonly candidate: number }[];
}

export interface BacktestReport {
  readonly window: { readonly since: string | null; readonly until: string | null };
  readonly candidateVersion: string;
  readonly replayed: number;
  /** Applications whose stored body no longer validates, or that have no deciding assessment. */
  readonly skipped: number;
  readonly labelled: { readonly fraud: number; readonly legitimate: number };
  /** matrix[actual][candidate] = applications. */
  readonly matrix: Readonly<Record<Outcome, Readonly<Record<Outcome, number>>>>;
  readonly actual: VersionFigures;
  readonly candidate: VersionFigures;
  /** Cases (review or hold) each version would have opened per day (JST). */
  readonly queueLoad: readonly { readonly day: string; readonly actual: number; readonly candidate: number }[];
  readonly topMoves: readonly ScoreMove[];
  readonly seconds: number;
}

interface Row extends DecidedRow {
  body: unknown;
  facts: ScreeningFacts | null;
}

const PAGE = 5000;
const TOP = 20;
const flagged = (outcome: Outcome): boolean => outcomeRank(outcome) >= outcomeRank('review');

const jstDay = (date: Date): string => new Date(date.getTime() + 9 * 3_600_000).toISOString().slice(0, 10);

function pointsByReason(hits: readonly Hit[]): Map<string, number> {
  const points = new Map<string, number>();
  for (const hit of hits) points.set(hit.reason, (points.get(hit.reason) ?? 0) + hit.points);
  return points;
}

class Tally {
  readonly versions = new Set<string>();
  fraudCaught = 0;
  legitimateFlagged = 0;
  readonly outcomes = Object.fromEntries(OUTCOMES.map((outcome) => [outcome, 0])) as Record<Outcome, number>;

  add(outcome: Outcome, verdict: DecidedRow['verdict']): void {
    this.outcomes[outcome] += 1;
    if (verdict === 'fraud' && flagged(outcome)) this.fraudCaught += 1;
    if (verdict === 'legitimate' && flagged(outcome)) this.legitimateFlagged += 1;
  }

  figures(fraudLabelled: number): VersionFigures {
    const flaggedLabelled = this.fraudCaught + this.legitimateFlagged;
    return {
      rulesVersions: [...this.versions].sort(),
      fraudCaught: this.fraudCaught,
      legitimateFlagged: this.legitimateFlagged,
      precision: flaggedLabelled === 0 ? null : this.fraudCaught / flaggedLabelled,
      recall: fraudLabelled === 0 ? null : this.fraudCaught / fraudLabelled,
      outcomes: this.outcomes,
    };
  }
}

/** An application with its deciding assessment (null when it has none) and latest label, as the comparisons read it. */
export interface DecidedRow {
  id: string;
  external_id: string;
  domain_name: string | null;
  received_at: Date;
  verdict: 'fraud' | 'legitimate' | null;
  rules_version: string | null;
  outcome: Outcome | null;
  score: number | null;
  hits: Hit[] | null;
}

/** What the other version decided. */
export interface Scored {
  readonly outcome: Outcome;
  readonly score: number;
  readonly hits: readonly Hit[];
}

/**
 * The comparison of two versions' decisions, one application at a time in constant memory: the
 * outcome matrix, labelled figures, queue load per day and the biggest score moves. Shared by the
 * backtest (candidate replayed now) and shadow mode (candidate stored at screening time).
 */
export class Comparison {
  private readonly started = process.hrtime.bigint();
  private readonly matrix = Object.fromEntries(OUTCOMES.map((actual) => [actual, Object.fromEntries(OUTCOMES.map((next) => [next, 0]))])) as Record<Outcome, Record<Outcome, number>>;
  private readonly actualTally = new Tally();
  private readonly candidateTally = new Tally();
  private readonly queue = new Map<string, { actual: number; candidate: number }>();
  private top: (ScoreMove & { delta: number })[] = [];
  private replayed = 0;
  private skipped = 0;
  private readonly labelled = { fraud: 0, legitimate: 0 };

  /**
   * Compares one application; `candidate` is asked only when the application has a deciding
   * assessment, and either missing (or a candidate of null: a body that no longer validates)
   * counts the application as skipped.
   */
  compare(row: DecidedRow, candidateOf: () => Scored | null): void {
    const candidate = row.outcome === null || row.score === null ? null : candidateOf();
    if (candidate === null) {
      this.skipped += 1;
      return;
    }
    const actual = { outcome: row.outcome!, score: row.score!, hits: row.hits ?? [] };
    this.replayed += 1;
    if (row.verdict) this.labelled[row.verdict] += 1;
    this.matrix[actual.outcome][candidate.outcome] += 1;
    this.actualTally.add(actual.outcome, row.verdict);
    this.actualTally.versions.add(row.rules_version ?? 'unknown');
    this.candidateTally.add(candidate.outcome, row.verdict);
    const day = jstDay(row.received_at);
    const load = this.queue.get(day) ?? { actual: 0, candidate: 0 };
    if (CASE_OUTCOMES.has(actual.outcome)) load.actual += 1;
    if (CASE_OUTCOMES.has(candidate.outcome)) load.candidate += 1;
    this.queue.set(day, load);

    const delta = Math.abs(candidate.score - actual.score);
    if (delta > 0 && (this.top.length < TOP || delta > this.top.at(-1)!.delta)) {
      const before = pointsByReason(actual.hits);
      const after_ = pointsByReason(candidate.hits);
      const moved = [...new Set([...before.keys(), ...after_.keys()])]
        .map((reason) => ({ reason, actual: before.get(reason) ?? 0, candidate: after_.get(reason) ?? 0 }))
        .filter((move) => move.actual !== move.candidate)
        .sort((a, b) => Math.abs(b.candidate - b.actual) - Math.abs(a.candidate - a.actual));
      this.top.push({
        applicationId: row.id,
        externalId: row.external_id,
        domain: row.domain_name,
        receivedAt: row.received_at.toISOString(),
        actual: { outcome: actual.outcome, score: actual.score },
        candidate: { outcome: candidate.outcome, score: candidate.score },
        moved,
        delta,
      });
      this.top.sort((a, b) => b.delta - a.delta);
      if (this.top.length > TOP) this.top = this.top.slice(0, TOP);
    }
  }

  /** Applications seen so far, compared or skipped. */
  get seen(): number {
    return this.replayed + this.skipped;
  }

  report(candidateVersion: string, window: BacktestWindow): BacktestReport {
    this.candidateTally.versions.add(candidateVersion);
    return {
      window: { since: window.since?.toISOString() ?? null, until: window.until?.toISOString() ?? null },
      candidateVersion,
      replayed: this.replayed,
      skipped: this.skipped,
      labelled: { ...this.labelled },
      matrix: this.matrix,
      actual: this.actualTally.figures(this.labelled.fraud),
      candidate: this.candidateTally.figures(this.labelled.fraud),
      queueLoad: [...this.queue].sort(([a], [b]) => a.localeCompare(b)).map(([day, load]) => ({ day, ...load })),
      topMoves: this.top.map(({ delta: _delta, ...move }) => move),
      seconds: Number(process.hrtime.bigint() - this.started) / 1e9,
    };
  }
}

/**
 * Streams the rows of `query` through a cursor in one read-only snapshot, a page at a time, so any
 * history fits in constant memory: every page is the next FETCH (no OFFSET, no sort per page).
 */
export async function readSnapshot<R>(pool: Pool, query: string, values: readonly unknown[], onPage: (rows: R[]) => void): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    await client.query(`DECLARE replay NO SCROLL CURSOR FOR ${query}`, values as unknown[]);
    for (;;) {
      const { rows } = await client.query(`FETCH ${PAGE} FROM replay`);
      if (rows.length === 0) break;
      onPage(rows as R[]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Replays stored applications under a candidate rule set, with the facts each was decided with
 * (stored beside its deciding assessment), and compares the candidate with the rules that really
 * decided them. Reads only.
 */
export class Backtest {
  constructor(private readonly pool: Pool) {}

  async run(candidate: ScreeningEngine, window: BacktestWindow = {}, onProgress?: (replayed: number) => void): Promise<BacktestReport> {
    const comparison = new Comparison();
    await readSnapshot<Row>(
      this.pool,
      `SELECT a.id, a.external_id, a.domain_name, a.received_at, a.body, s.rules_version, s.outcome, s.score, s.hits, s.facts, ${LATEST_VERDICT} AS verdict
         FROM applications a
         LEFT JOIN LATERAL (SELECT rules_version, outcome, score, hits, facts FROM assessments WHERE application_id = a.id AND coalesce(revision, 1) = a.revision ORDER BY created_at, id LIMIT 1) s ON true
        WHERE ($1::timestamptz IS NULL OR a.received_at >= $1) AND ($2::timestamptz IS NULL OR a.received_at < $2)
        ORDER BY a.received_at, a.id`,
      [window.since ?? null, window.until ?? null],
      (rows) => {
        for (const row of rows) {
          comparison.compare(row, () => {
            const parsed = applicationSchema.safeParse(row.body);
            return parsed.success ? candidate.screen(parsed.data, row.facts ?? {}) : null;
          });
        }
        onProgress?.(comparison.seen);
      },
    );
    return comparison.report(candidate.rules.version, window);
  }
}

const percent = (value: number | null): string => (value === null ? '—' : `${(value * 100).toFixed(1)}%`);

/** The report as text for a terminal. */
export function formatBacktest(report: BacktestReport, candidateName: 'candidate' | 'shadow' = 'candidate'): string {
  const lines: string[] = [];
  const pad = (text: string | number, width: number): string => String(text).padStart(width);
  const verb = candidateName === 'shadow' ? 'compared' : 'replayed';
  lines.push(`${verb} ${report.replayed.toLocaleString('en')} applications (${report.skipped} skipped) in ${report.seconds.toFixed(1)} s; window ${report.window.since ?? 'start'} → ${report.window.until ?? 'now'}`);
  lines.push(`${candidateName} rules ${report.candidateVersion}; deciding rules ${report.actual.rulesVersions.join(', ') || '—'}`);
  lines.push('', `outcome changes (rows: the deciding rules, columns: the ${candidateName})`);
  lines.push(`${pad('', 8)}${OUTCOMES.map((outcome) => pad(outcome, 10)).join('')}`);
  for (const actual of OUTCOMES) lines.push(`${pad(actual, 8)}${OUTCOMES.map((next) => pad(report.matrix[actual][next].toLocaleString('en'), 10)).join('')}`);
  lines.push('', `labelled: ${report.labelled.fraud} fraud, ${report.labelled.legitimate} legitimate`);
  lines.push(`${pad('', 10)}${pad('fraud caught', 14)}${pad('legit flagged', 15)}${pad('precision', 11)}${pad('recall', 9)}`);
  for (const [name, figures] of [
    ['deciding', report.actual],
    [candidateName, report.candidate],
  ] as const) {
    lines.push(`${pad(name, 10)}${pad(figures.fraudCaught, 14)}${pad(figures.legitimateFlagged, 15)}${pad(percent(figures.precision), 11)}${pad(percent(figures.recall), 9)}`);
  }
  lines.push('', `review queue per day (JST): deciding → ${candidateName}`);
  for (const day of report.queueLoad) lines.push(`  ${day.day}  ${pad(day.actual, 6)} → ${pad(day.candidate, 6)}${day.candidate === day.actual ? '' : ` (${day.candidate > day.actual ? '+' : ''}${day.candidate - day.actual})`}`);
  lines.push('', `the ${report.topMoves.length} applications whose score moved most`);
  for (const move of report.topMoves) {
    const moved = move.moved.map((entry) => `${entry.reason} ${entry.actual}→${entry.candidate}`).join(', ');
    lines.push(`  ${move.applicationId} ${move.domain ?? move.externalId}: ${move.actual.outcome} ${move.actual.score} → ${move.candidate.outcome} ${move.candidate.score}  [${moved}]`);
  }
  return `${lines.join('\n')}\n`;
}
