import type { DataSource } from 'typeorm';
import type { Outcome } from '../../engine';
import { EFFECTIVE_STATE } from './case-record';
import { CASE_STATES, type CaseState, type QueueCounts, type QueueFilter, type QueueRow, type ReviewMetrics } from './case-types';

/** The review queue: its filtered rows, the counts by state and the metrics page's figures. */
export class CaseQueue {
  constructor(private readonly dataSource: DataSource) {}

  async queue(filter: QueueFilter): Promise<{ rows: QueueRow[]; total: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    const state = filter.state ?? 'active';
    if (state === 'active') where.push(`q.effective_state <> 'decided'`);
    else if (state !== 'all') where.push(`q.effective_state = ${param(state)}`);
    if (filter.outcome) where.push(`q.outcome = ${param(filter.outcome)}`);
    if (filter.breached) where.push(`q.due_at < now() AND q.effective_state <> 'decided'`);
    if (filter.registrar) where.push(`k.name = ${param(filter.registrar)}`);
    if (filter.signal) {
      const signal = param(filter.signal);
      where.push(`(latest.hits @> jsonb_build_array(jsonb_build_object('signal', ${signal}::text)) OR latest.hits @> jsonb_build_array(jsonb_build_object('reason', ${signal}::text)))`);
    }
    const limit = param(Math.min(Math.max(filter.limit ?? 200, 1), 1000));
    const rows: {
      id: string;
      effective_state: CaseState;
      outcome: Outcome;
      score: number;
      due_at: Date;
      breached: boolean;
      claimed_by: string | null;
      ekyc_state: string | null;
      created_at: Date;
      domain_name: string | null;
      registrar: string;
      reasons: string[] | null;
      total: string;
    }[] = await this.dataSource.query(
      `WITH q AS (SELECT c.*, ${EFFECTIVE_STATE} AS effective_state FROM cases c)
       SELECT q.id, q.effective_state, q.outcome, q.score, q.due_at, (q.due_at < now() AND q.effective_state <> 'decided') AS breached,
              CASE WHEN q.effective_state = 'claimed' THEN q.claimed_by END AS claimed_by, q.ekyc_state, q.created_at,
              a.domain_name, k.name AS registrar,
              (SELECT array_agg(h->>'reason') FROM jsonb_array_elements(latest.hits) h) AS reasons,
              count(*) OVER () AS total
         FROM q
         JOIN applications a ON a.id = q.application_id
         JOIN api_clients k ON k.id = q.client_id
         LEFT JOIN LATERAL (SELECT hits FROM assessments s WHERE s.application_id = q.application_id ORDER BY s.created_at DESC, s.id DESC LIMIT 1) latest ON true
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY q.due_at, q.score DESC, q.id
        LIMIT ${limit}`,
      params,
    );
    return {
      total: Number(rows[0]?.total ?? 0),
      rows: rows.map((row) => ({
        id: row.id,
        state: row.effective_state,
        outcome: row.outcome,
        score: row.score,
        dueAt: row.due_at,
        breached: row.breached,
        claimedBy: row.claimed_by,
        ekycState: row.ekyc_state,
        createdAt: row.created_at,
        domainName: row.domain_name,
        registrar: row.registrar,
        reasons: row.reasons ?? [],
      })),
    };
  }

  async counts(): Promise<QueueCounts> {
    const rows: { state: CaseState; count: string; breached: string }[] = await this.dataSource.query(
      `SELECT ${EFFECTIVE_STATE} AS state, count(*) AS count, count(*) FILTER (WHERE c.due_at < now() AND c.state <> 'decided') AS breached FROM cases c GROUP BY 1`,
    );
    const byState = Object.fromEntries(CASE_STATES.map((state) => [state, 0])) as Record<CaseState, number>;
    let breached = 0;
    for (const row of rows) {
      byState[row.state] = Number(row.count);
      breached += Number(row.breached);
    }
    return { byState, breached };
  }

  /** The registrars (api client names) that have cases, for the queue filter. */
  async registrars(): Promise<string[]> {
    const rows: { name: string }[] = await this.dataSource.query(`SELECT DISTINCT k.name FROM api_clients k WHERE EXISTS (SELECT 1 FROM cases c WHERE c.client_id = k.id) ORDER BY 1`);
    return rows.map((row) => row.name);
  }


  async metrics(): Promise<ReviewMetrics> {
    const [counts, perDay, timing] = await Promise.all([
      this.counts(),
      this.dataSource.query(
        `SELECT to_char(date_trunc('day', decided_at AT TIME ZONE 'Asia/Tokyo'), 'YYYY-MM-DD') AS day,
                count(*) FILTER (WHERE decision = 'approved') AS approved, count(*) FILTER (WHERE decision = 'rejected') AS rejected
           FROM cases WHERE state = 'decided' AND decided_at > now() - interval '14 days' GROUP BY 1 ORDER BY 1 DESC`,
      ) as Promise<{ day: string; approved: string; rejected: string }[]>,
      this.dataSource.query(
        `SELECT count(*) AS decided,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at)) AS p50,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - created_at)) AS p90,
                count(*) FILTER (WHERE decided_at > due_at) AS late
           FROM cases WHERE state = 'decided' AND decided_at > now() - interval '30 days'`,
      ) as Promise<{ decided: string; p50: number | null; p90: number | null; late: string }[]>,
    ]);
    const seconds = (value: number | string | null): number | null => (value === null ? null : Number(value));
    const backlog = CASE_STATES.filter((state) => state !== 'decided').reduce((sum, state) => sum + counts.byState[state], 0);
    return {
      backlog,
      breachedNow: counts.breached,
      byState: counts.byState,
      decisionsPerDay: perDay.map((row) => ({ day: row.day, approved: Number(row.approved), rejected: Number(row.rejected) })),
      timeToDecision: { decided: Number(timing[0]?.decided ?? 0), medianSeconds: seconds(timing[0]?.p50 ?? null), p90Seconds: seconds(timing[0]?.p90 ?? null) },
      decidedLate: Number(timing[0]?.late ?? 0),
    };
  }
}
