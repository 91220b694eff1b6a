import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { feedUrlAt, type FeedDefinition } from './feed-config';
import { fetchFeed } from './feed-fetcher';
import { FeedFormatError, parseFeed, type FeedFormat } from './feed-formats';
import type { FeedIngest, FeedSource, IngestSummary } from './feed-ingest';
import { query } from '../database/query';

export type PullTrigger = 'schedule' | 'manual' | 'import';
type PullStatus = 'ok' | 'not_modified' | 'failed';

/** One pull as recorded in feed_pulls and printed by `shinsa feeds pull|import`. */
export interface PullSummary extends Omit<IngestSummary, 'outcomes'> {
  readonly pullId: string;
  readonly feed: string;
  readonly status: PullStatus;
  readonly httpStatus: number | null;
  readonly attempts: number;
  readonly bytes: number;
  readonly error: string | null;
}

const NOTHING: IngestSummary = { entries: 0, new: 0, seen: 0, bad: 0, matched: 0, reportsOpened: 0, labels: 0, outcomes: { matched: 0, unmatched: 0, shared_platform: 0, private_suffix: 0, ip: 0 } };

/**
 * A pull from start to record: the feed fetched (conditionally, within its limits), parsed, and
 * ingested, and the pull written to feed_pulls whatever happened. A feed that fails or answers
 * garbage is a recorded failed pull; only the database failing makes it throw.
 */
export class FeedPuller {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ingest: Pick<FeedIngest, 'ingest'>,
    private readonly options: { readonly timeZone: string; readonly backoffMs: number },
  ) {}

  async pull(feed: FeedDefinition, trigger: Exclude<PullTrigger, 'import'>, at = new Date()): Promise<PullSummary> {
    const source = feedUrlAt({ url: feed.shownUrl, monthOffset: feed.monthOffset }, at, this.options.timeZone);
    const pullId = await this.begin(feed.name, trigger, source, feed.format, feed.trust, at);
    // Validators of the last good pull of this very file (a new month's file starts afresh).
    const [last] = await query<{ etag: string | null; last_modified: string | null }>(
      this.dataSource,
      `SELECT etag, last_modified FROM feed_pulls WHERE feed = $1 AND source = $2 AND status = 'ok' ORDER BY started_at DESC LIMIT 1`,
      [feed.name, source],
    );
    const fetched = await fetchFeed(feedUrlAt(feed, at, this.options.timeZone), {
      headers: feed.headers,
      timeoutMs: feed.timeoutMs,
      maxBytes: feed.maxBytes,
      attempts: feed.attempts,
      etag: last?.etag ?? null,
      lastModified: last?.last_modified ?? null,
      backoffMs: this.options.backoffMs,
    });
    const base = { pullId, feed: feed.name, httpStatus: fetched.httpStatus, attempts: fetched.attempts };
    if (fetched.status === 'not_modified') return this.finish({ ...base, ...NOTHING, status: 'not_modified', bytes: 0, error: null }, NOTHING.outcomes);
    if (fetched.status === 'failed') return this.finish({ ...base, ...NOTHING, status: 'failed', bytes: fetched.bytes, error: fetched.error }, NOTHING.outcomes);
    const read = await this.read(feed, pullId, feed.format, fetched.body);
    return this.finish({ ...base, ...read.summary, bytes: fetched.body.length, status: read.error ? 'failed' : 'ok', error: read.error }, read.summary.outcomes, read.error ? null : { etag: fetched.etag, lastModified: fetched.lastModified });
  }

  /** A file read without any configuration (`shinsa feeds import`): recorded as a pull of its own. */
  async importFile(source: FeedSource & { readonly format: FeedFormat }, file: string, input: Readable, bytes: () => number, onBad: (line: number, error: string) => void): Promise<PullSummary> {
    const pullId = await this.begin(source.name, 'import', `file:${file}`, source.format, source.trust, new Date());
    const read = await this.read(source, pullId, source.format, input, onBad);
    return this.finish({ pullId, feed: source.name, httpStatus: null, attempts: 1, ...read.summary, bytes: bytes(), status: read.error ? 'failed' : 'ok', error: read.error }, read.summary.outcomes);
  }

  private async read(source: FeedSource, pullId: string, format: FeedFormat, input: Buffer | Readable, onBad?: (line: number, error: string) => void): Promise<{ summary: IngestSummary; error: string | null }> {
    try {
      return { summary: await this.ingest.ingest(source, pullId, parseFeed(format, input), onBad), error: null };
    } catch (error) {
      // The format changed (or the file is not a feed): what was stored before the error stays, once.
      if (error instanceof FeedFormatError) return { summary: NOTHING, error: `format: ${error.message}` };
      await this.finish({ pullId, feed: source.name, httpStatus: null, attempts: 1, ...NOTHING, bytes: 0, status: 'failed', error: `internal: ${(error as Error).message.slice(0, 300)}` }, NOTHING.outcomes).catch(() => undefined);
      throw error;
    }
  }

  private async begin(feed: string, trigger: PullTrigger, source: string, format: FeedFormat, trust: string, at: Date): Promise<string> {
    const id = randomUUID();
    await this.dataSource.query(`INSERT INTO feed_pulls (id, feed, trigger, source, format, trust, status, started_at) VALUES ($1, $2, $3, $4, $5, $6, 'running', $7)`, [id, feed, trigger, source, format, trust, at]);
    return id;
  }

  private async finish(summary: PullSummary, outcomes: IngestSummary['outcomes'], validators: { etag: string | null; lastModified: string | null } | null = null): Promise<PullSummary> {
    await this.dataSource.query(
      `UPDATE feed_pulls SET status = $2, http_status = $3, attempts = $4, bytes = $5, entries = $6, new_entries = $7, seen_entries = $8, bad_entries = $9, matched = $10,
              reports_opened = $11, labels = $12, outcomes = $13, etag = $14, last_modified = $15, error = $16, finished_at = now()
        WHERE id = $1`,
      [
        summary.pullId,
        summary.status,
        summary.httpStatus,
        summary.attempts,
        summary.bytes,
        summary.entries,
        summary.new,
        summary.seen,
        summary.bad,
        summary.matched,
        summary.reportsOpened,
        summary.labels,
        outcomes,
        validators?.etag ?? null,
        validators?.lastModified ?? null,
        summary.error,
      ],
    );
    return summary;
  }
}
