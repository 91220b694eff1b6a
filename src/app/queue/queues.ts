import type { ConnectionOptions } from 'bullmq';

/** Queues by name. Every job name has exactly one handler (checked when the worker starts). */
export enum QueueName {
  Callbacks = 'callbacks',
  Linkage = 'linkage',
  Rescan = 'rescan',
  Maintenance = 'maintenance',
  /** Threat-feed pulls: a slow feed waits here, not in front of callbacks or backtests. */
  Feeds = 'feeds',
}

export enum JobName {
  DeliverCallback = 'deliver-callback',
  PropagateLabel = 'propagate-label',
  /** Tells the client that holds a reported domain, when another client reported it. */
  RouteAbuseReport = 'route-abuse-report',
  /** Plans a rescan run (the job id names the run) and queues its chunks. */
  RescanStart = 'rescan-start',
  RescanChunk = 'rescan-chunk',
  /** The nightly retention purge. */
  RetentionPurge = 'retention-purge',
  /** A backtest or shadow comparison an admin asked for in the review UI. */
  BacktestRun = 'backtest-run',
  /** Pulls one configured threat feed (on its schedule, or when an admin asks). */
  FeedPull = 'feed-pull',
}

/** Which queue runs each job. */
export const QUEUE_OF: Readonly<Record<JobName, QueueName>> = {
  [JobName.DeliverCallback]: QueueName.Callbacks,
  [JobName.PropagateLabel]: QueueName.Linkage,
  [JobName.RouteAbuseReport]: QueueName.Linkage,
  [JobName.RescanStart]: QueueName.Rescan,
  [JobName.RescanChunk]: QueueName.Rescan,
  [JobName.RetentionPurge]: QueueName.Maintenance,
  [JobName.BacktestRun]: QueueName.Maintenance,
  [JobName.FeedPull]: QueueName.Feeds,
};

export interface RescanStartJob {
  readonly trigger: 'schedule' | 'manual';
}

export interface RescanChunkJob {
  readonly runId: string;
  readonly chunk: number;
}

/** One job per chunk of a run, however often the start job runs. */
export function rescanChunkJobId(runId: string, chunk: number): string {
  return `rescan-chunk-${runId}-${chunk}`;
}

export interface BacktestRunJob {
  readonly runId: string;
}

/** One job per backtest run, however often it is queued. */
export function backtestJobId(runId: string): string {
  return `backtest-${runId}`;
}

export interface FeedPullJob {
  readonly feed: string;
  readonly trigger: 'schedule' | 'manual';
}

/** The job scheduler of a configured feed; the prefix tells feed schedulers from the others. */
export const FEED_SCHEDULER_PREFIX = 'feed:';
export function feedSchedulerId(feed: string): string {
  return `${FEED_SCHEDULER_PREFIX}${feed}`;
}

/** The BullMQ job scheduler that starts the nightly rescan. */
export const RESCAN_SCHEDULER_ID = 'nightly-rescan';
export const PURGE_SCHEDULER_ID = 'nightly-purge';

/** Every job made from an outbox row carries the row's id. */
export interface OutboxJob {
  readonly outboxId: string;
}

/** The job id that makes a re-relayed outbox event a no-op in BullMQ: one per row and job. */
export function outboxJobId(job: JobName, outboxId: string): string {
  return `${job}-${outboxId}`;
}

/** ioredis options for BullMQ from a redis:// URL. */
export function redisConnection(redisUrl: string, options: { failFast: boolean }): ConnectionOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    ...(url.pathname.length > 1 ? { db: Number(url.pathname.slice(1)) } : {}),
    ...(url.protocol === 'rediss:' ? { tls: {} } : {}),
    // Producers fail fast when Redis is down (the outbox keeps the work); workers wait for it.
    ...(options.failFast ? { enableOfflineQueue: false, maxRetriesPerRequest: 1 } : { maxRetriesPerRequest: null }),
    retryStrategy: (times: number) => Math.min(200 * times, 2000),
  };
}
