import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { FeedPulls } from '../feeds/feed-pulls';
import { ApiMetrics } from '../observability/metrics';
import { DATA_SOURCE, QUEUES } from '../core/tokens';
import { REDIS } from './tokens';

const CHECK_TIMEOUT_MS = 1500;

async function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timed out')), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

@Controller()
export class HealthController {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(QUEUES) private readonly queues: Queue[],
    @Inject(ApiMetrics) private readonly metrics: ApiMetrics,
  ) {}

  /** The process is up. */
  @Get('healthz')
  healthz(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** The process can do its work: PostgreSQL and Redis answer. */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply): Promise<{ status: string; checks: Record<string, string> }> {
    const [database, redis] = await Promise.all([
      within(this.dataSource.query('SELECT 1'), CHECK_TIMEOUT_MS).then(
        () => 'up',
        () => 'down',
      ),
      within(this.redis.ping(), CHECK_TIMEOUT_MS).then(
        () => 'up',
        () => 'down',
      ),
    ]);
    const ready = database === 'up' && redis === 'up';
    reply.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not ready', checks: { database, redis } };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  async metricsText(): Promise<string> {
    await Promise.all([this.readQueueDepths(), this.readOutboxBacklog(), this.readFeeds()]);
    return this.metrics.registry.metrics();
  }

  private async readQueueDepths(): Promise<void> {
    for (const queue of this.queues) {
      try {
        const counts = await within(queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed'), CHECK_TIMEOUT_MS);
        for (const [state, count] of Object.entries(counts)) this.metrics.queueJobs.set({ queue: queue.name, state }, count);
      } catch {
        this.metrics.scrapeErrors.inc({ source: 'redis' });
      }
    }
  }

  private async readFeeds(): Promise<void> {
    try {
      const totals = await within(new FeedPulls(this.dataSource).totals(), CHECK_TIMEOUT_MS);
      for (const row of totals.entries) this.metrics.feedEntries.set({ feed: row.feed, outcome: row.outcome }, row.count);
      for (const row of totals.matches) this.metrics.feedMatches.set({ feed: row.feed, result: row.result }, row.count);
      for (const row of totals.pulls) {
        this.metrics.feedPulls.set({ feed: row.feed, status: row.status }, row.count);
        this.metrics.feedLastPull.set({ feed: row.feed, status: row.status }, row.lastAt.getTime() / 1000);
      }
      for (const row of totals.entryToCase) {
        if (row.p50Seconds !== null) this.metrics.feedEntryToCase.set({ feed: row.feed, quantile: '0.5' }, row.p50Seconds);
        if (row.p90Seconds !== null) this.metrics.feedEntryToCase.set({ feed: row.feed, quantile: '0.9' }, row.p90Seconds);
      }
    } catch {
      this.metrics.scrapeErrors.inc({ source: 'database' });
    }
  }

  private async readOutboxBacklog(): Promise<void> {
    try {
      const rows: { backlog: string }[] = await within(this.dataSource.query('SELECT count(*) AS backlog FROM outbox WHERE dispatched_at IS NULL'), CHECK_TIMEOUT_MS);
      this.metrics.outboxBacklog.set(Number(rows[0]?.backlog ?? 0));
    } catch {
      this.metrics.scrapeErrors.inc({ source: 'database' });
    }
  }
}
