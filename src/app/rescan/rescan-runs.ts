import type { DataSource } from 'typeorm';
import { isUuid } from '../database/uuid';
import { query } from '../database/query';

export interface RescanRun {
  readonly id: string;
  readonly jobId: string;
  readonly trigger: string;
  readonly state: 'running' | 'finished';
  readonly rulesVersion: string;
  readonly chunkSize: number;
  readonly chunksTotal: number;
  readonly chunksDone: number;
  readonly domainsTotal: number;
  readonly domainsSeen: number;
  readonly changed: number;
  readonly newCases: number;
  readonly failures: number;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}


export interface RunRow {
  id: string;
  job_id: string;
  trigger: string;
  state: 'running' | 'finished';
  rules_version: string;
  chunk_size: number;
  chunks_total: number;
  chunks_done: number;
  domains_total: string;
  domains_seen: string;
  changed: string;
  new_cases: string;
  failures: string;
  started_at: Date;
  finished_at: Date | null;
}

export function toRun(row: RunRow): RescanRun {
  return {
    id: row.id,
    jobId: row.job_id,
    trigger: row.trigger,
    state: row.state,
    rulesVersion: row.rules_version,
    chunkSize: row.chunk_size,
    chunksTotal: row.chunks_total,
    chunksDone: row.chunks_done,
    domainsTotal: Number(row.domains_total),
    domainsSeen: Number(row.domains_seen),
    changed: Number(row.changed),
    newCases: Number(row.new_cases),
    failures: Number(row.failures),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export interface RescanChange {
  readonly domain: string;
  readonly previousOutcome: string;
  readonly outcome: string;
  readonly previousScore: number;
  readonly score: number;
  readonly worsened: boolean;
  readonly caseId: string | null;
  readonly reasons: readonly string[];
}

export interface RescanFailure {
  readonly domain: string;
  readonly error: string;
}

const csvField = (value: string | number | boolean | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** What the runs did, for the CLI, the review UI and CSV exports. */
export class RescanRuns {
  constructor(private readonly dataSource: DataSource) {}

  async find(runId: string): Promise<RescanRun | null> {
    if (!isUuid(runId)) return null;
    const rows = await query<RunRow>(this.dataSource, 'SELECT * FROM rescan_runs WHERE id = $1', [runId.toLowerCase()]);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async findByJob(jobId: string): Promise<RescanRun | null> {
    const rows = await query<RunRow>(this.dataSource, 'SELECT * FROM rescan_runs WHERE job_id = $1', [jobId]);
    return rows[0] ? toRun(rows[0]) : null;
  }

  async recent(limit = 30): Promise<RescanRun[]> {
    const rows = await query<RunRow>(this.dataSource, 'SELECT * FROM rescan_runs ORDER BY started_at DESC LIMIT $1', [limit]);
    return rows.map(toRun);
  }

  /** A page of a run's changes, worsened first. */
  async changes(runId: string, limit = 500): Promise<RescanChange[]> {
    const rows = await query<{ domain: string; previous_outcome: string; outcome: string; previous_score: number; score: number; worsened: boolean; case_id: string | null; reasons: string[] | null }>(
      this.dataSource,
      `SELECT domain, previous_outcome, outcome, previous_score, score, worsened, case_id, (SELECT array_agg(h->>'reason') FROM jsonb_array_elements(hits) h) AS reasons
         FROM rescan_results WHERE run_id = $1 ORDER BY worsened DESC, score DESC, domain LIMIT $2`,
      [runId, limit],
    );
    return rows.map((row) => ({ domain: row.domain, previousOutcome: row.previous_outcome, outcome: row.outcome, previousScore: row.previous_score, score: row.score, worsened: row.worsened, caseId: row.case_id, reasons: row.reasons ?? [] }));
  }

  async failures(runId: string, limit = 100): Promise<RescanFailure[]> {
    return this.dataSource.query('SELECT domain, error FROM rescan_failures WHERE run_id = $1 ORDER BY domain LIMIT $2', [runId, limit]);
  }

  /** Every change of a run as CSV lines (header first), read in keyset pages. */
  async *changesCsv(runId: string): AsyncGenerator<string> {
    yield 'domain,previous_outcome,outcome,previous_score,score,worsened,case_id,reasons\n';
    let after = 0;
    for (;;) {
      const rows = await query<{ domain_id: string; domain: string; previous_outcome: string; outcome: string; previous_score: number; score: number; worsened: boolean; case_id: string | null; reasons: string | null }>(
        this.dataSource,
        `SELECT domain_id, domain, previous_outcome, outcome, previous_score, score, worsened, case_id,
                (SELECT string_agg(h->>'reason', ' ') FROM jsonb_array_elements(hits) h) AS reasons
           FROM rescan_results WHERE run_id = $1 AND domain_id > $2 ORDER BY domain_id LIMIT 5000`,
        [runId, after],
      );
      if (rows.length === 0) return;
      yield rows.map((row) => [row.domain, row.previous_outcome, row.outcome, row.previous_score, row.score, row.worsened, row.case_id, row.reasons].map(csvField).join(',') + '\n').join('');
      after = Number(rows.at(-1)!.domain_id);
    }
  }
}
