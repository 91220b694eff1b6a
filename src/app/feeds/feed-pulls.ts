import type { DataSource } from 'typeorm';
import type { EntryOutcome } from './feed-entry';
import type { IngestSummary } from './feed-ingest';
import { query } from '../database/query';

export interface PullRecord extends Omit<IngestSummary, 'outcomes'> {
  readonly id: string;
  readonly feed: string;
  readonly trigger: string;
  readonly source: string;
  readonly trust: string;
  readonly status: string;
  readonly httpStatus: number | null;
  readonly attempts: number;
  readonly bytes: number;
  readonly error: string | null;
  readonly startedAt: Date;
  readonly finishedAt: Date | null;
}

export interface MatchRecord {
  readonly feed: string;
  readonly domain: string;
  readonly url: string | null;
  readonly brand: string | null;
  readonly registrar: string;
  readonly result: string;
  readonly reportState: string | null;
  readonly caseId: string | null;
  readonly matchedAt: Date;
}

/** Per feed, for /metrics: entries by outcome, matches by result, and time from an entry's first appearance to its case. */
export interface FeedTotals {
  readonly entries: readonly { readonly feed: string; readonly outcome: 'new' | 'seen' | 'bad' | EntryOutcome; readonly count: number }[];
  readonly matches: readonly { readonly feed: string; readonly result: string; readonly count: number }[];
  readonly pulls: readonly { readonly feed: string; readonly status: string; readonly count: number; readonly lastAt: Date }[];
  readonly entryToCase: readonly { readonly feed: string; readonly cases: number; readonly p50Seconds: number | null; readonly p90Seconds: number | null }[];
}

/** What the Feeds page, `shinsa feeds list` and /metrics read about pulls and matches. */
export class FeedPulls {
  constructor(private readonly dataSource: DataSource) {}

  async recent(limit = 100): Promise<PullRecord[]> {
    const rows = await query<Record<string, unknown>>(this.dataSource, `SELECT * FROM feed_pulls ORDER BY started_at DESC LIMIT $1`, [limit]);
    return rows.map((row) => ({
      id: row.id as string,
      feed: row.feed as string,
      trigger: row.trigger as string,
      source: row.source as string,
      trust: row.trust as string,
      status: row.status as string,
      httpStatus: row.http_status as number | null,
      attempts: row.attempts as number,
      bytes: Number(row.bytes),
      entries: row.entries as number,
      new: row.new_entries as number,
      seen: row.seen_entries as number,
      bad: row.bad_entries as number,
      matched: row.matched as number,
      reportsOpened: row.reports_opened as number,
      labels: row.labels as number,
      error: row.error as string | null,
      startedAt: row.started_at as Date,
      finishedAt: row.finished_at as Date | null,
    }));
  }

  async recentMatches(limit = 100): Promise<MatchRecord[]> {
    const rows = await query<{ feed: string; domain: string; url: string | null; brand: string | null; registrar: string; result: string; report_state: string | null; case_id: string | null; matched_at: Date }>(
      this.dataSource,
      `SELECT m.feed, m.domain, e.url, e.brand, k.name AS registrar, m.result, r.state AS report_state, m.case_id, m.matched_at
         FROM feed_matches m
         JOIN feed_entries e ON e.feed = m.feed AND e.entry_hash = m.entry_hash
         JOIN api_clients k ON k.id = m.client_id
         LEFT JOIN abuse_reports r ON r.id = m.abuse_report_id
        ORDER BY m.matched_at DESC, m.id DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({ feed: row.feed, domain: row.domain, url: row.url, brand: row.brand, registrar: row.registrar, result: row.result, reportState: row.report_state, caseId: row.case_id, matchedAt: row.matched_at }));
  }

  async totals(): Promise<FeedTotals> {
    const [entries, matches, pulls, timing] = await Promise.all([
      this.dataSource.query(
        `SELECT feed, sum(new_entries)::bigint AS new, sum(seen_entries)::bigint AS seen, sum(bad_entries)::bigint AS bad,
                (SELECT jsonb_object_agg(key, total) FROM (SELECT key, sum(value::bigint) AS total FROM feed_pulls p2, jsonb_each_text(p2.outcomes) WHERE p2.feed = p.feed GROUP BY key) o) AS outcomes
           FROM feed_pulls p GROUP BY feed`,
      ) as Promise<{ feed: string; new: string; seen: string; bad: string; outcomes: Record<string, string> | null }[]>,
      this.dataSource.query(`SELECT feed, result, count(*)::bigint AS n FROM feed_matches GROUP BY feed, result`) as Promise<{ feed: string; result: string; n: string }[]>,
      this.dataSource.query(`SELECT feed, status, count(*)::bigint AS n, max(started_at) AS last_at FROM feed_pulls GROUP BY feed, status`) as Promise<{ feed: string; status: string; n: string; last_at: Date }[]>,
      // The entry's first appearance: the feed's own date when it gives one, else when shinsa first saw it.
      this.dataSource.query(
        `SELECT m.feed, count(*)::bigint AS n,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM m.cased_at - coalesce(m.listed_at, e.first_seen_at))) AS p50,
                percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM m.cased_at - coalesce(m.listed_at, e.first_seen_at))) AS p90
           FROM feed_matches m JOIN feed_entries e ON e.feed = m.feed AND e.entry_hash = m.entry_hash
          WHERE m.cased_at > now() - interval '30 days' GROUP BY m.feed`,
      ) as Promise<{ feed: string; n: string; p50: number | null; p90: number | null }[]>,
    ]);
    return {
      entries: entries.flatMap((row) => [
        { feed: row.feed, outcome: 'new' as const, count: Number(row.new) },
        { feed: row.feed, outcome: 'seen' as const, count: Number(row.seen) },
        { feed: row.feed, outcome: 'bad' as const, count: Number(row.bad) },
        ...Object.entries(row.outcomes ?? {}).map(([outcome, count]) => ({ feed: row.feed, outcome: outcome as EntryOutcome, count: Number(count) })),
      ]),
      matches: matches.map((row) => ({ feed: row.feed, result: row.result, count: Number(row.n) })),
      pulls: pulls.map((row) => ({ feed: row.feed, status: row.status, count: Number(row.n), lastAt: row.last_at })),
      entryToCase: timing.map((row) => ({ feed: row.feed, cases: Number(row.n), p50Seconds: row.p50 === null ? null : Number(row.p50), p90Seconds: row.p90 === null ? null : Number(row.p90) })),
    };
  }
}
