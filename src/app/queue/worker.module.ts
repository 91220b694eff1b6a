import { type BeforeApplicationShutdown, type DynamicModule, Inject, Module, type OnApplicationBootstrap } from '@nestjs/common';
import { type Job, type Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Screener } from '../../screening/screener';
import { BacktestRunner } from '../backtest/backtest-runner';
import { BacktestRuns } from '../backtest/backtest-runs';
import { RuleSources } from '../backtest/rule-sources';
import { ShadowComparison } from '../backtest/shadow';
import { ClientDirectory } from '../clients/client-directory';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { CoreModule } from '../core/core.module';
import { OpenConnections } from '../core/open-connections';
import { QueueModule } from '../core/queue.module';
import { ScreeningModule } from '../core/screening.module';
import { BULK_DATA_SOURCE, DATA_SOURCE, FEED_PULLER, LOGGER, QUEUE_BY_NAME } from '../core/tokens';
import { driverPool } from '../database/data-source';
import type { FeedPuller } from '../feeds/feed-puller';
import { routeAbuseReport } from '../labels/labels.service';
import { HistoryScreener } from '../linkage/history-screener';
import { LabelPropagation, Rescreener } from '../linkage/rescreener';
import { throttledWarning } from '../observability/logger';
import { RescanService } from '../rescan/rescan-service';
import { RetentionPurge } from '../retention/retention-purge';
import { reviewPolicyOf } from '../review/case-policy';
import { CallbackDelivery } from './callback-delivery';
import { OutboxRelay } from './outbox-relay';
import { FEED_SCHEDULER_PREFIX, feedSchedulerId, JobName, PURGE_SCHEDULER_ID, QUEUE_OF, QueueName, RESCAN_SCHEDULER_ID, redisConnection, rescanChunkJobId, type BacktestRunJob, type FeedPullJob, type OutboxJob, type RescanChunkJob, type RescanStartJob } from './queues';
import { query } from '../database/query';

type Handler = (job: Job) => Promise<unknown>;

/** Bulk jobs (a rescan's planning and chunks, the retention purge, a backtest's replay) run queries of minutes, not seconds. */
const BULK_QUERY_TIMEOUT_MS = 10 * 60_000;

/**
 * The queue consumers and the outbox relay: started once the graph is built, stopped before its
 * connections close. Every job name has exactly one handler, checked at start.
 */
class JobWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly workers: Worker[] = [];
  private readonly scheduleRetries: NodeJS.Timeout[] = [];
  private readonly relay: OutboxRelay;
  private readonly handlers: Record<JobName, Handler>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(QUEUE_BY_NAME) private readonly queues: Record<QueueName, Queue>,
    @Inject(CallbackDelivery) private readonly delivery: CallbackDelivery,
    @Inject(LabelPropagation) propagation: LabelPropagation,
    @Inject(RescanService) rescan: RescanService,
    @Inject(RetentionPurge) purge: RetentionPurge,
    @Inject(BacktestRunner) backtests: BacktestRunner,
    @Inject(BacktestRuns) private readonly backtestRuns: BacktestRuns,
    @Inject(FEED_PULLER) feedPuller: FeedPuller | null,
  ) {
    this.relay = new OutboxRelay(dataSource, queues, logger, config.relayIntervalMs);
    this.handlers = {
      [JobName.DeliverCallback]: (job) => delivery.deliver((job.data as OutboxJob).outboxId, job.attemptsMade + 1),
      [JobName.PropagateLabel]: async (job) => {
        const rows = await query<{ payload: { labelId: string } }>(dataSource, 'SELECT payload FROM outbox WHERE id = $1', [(job.data as OutboxJob).outboxId]);
        const labelId = rows[0]?.payload.labelId;
        return labelId ? propagation.propagate(labelId) : { linked: 0, changed: 0, worsened: 0 };
      },
      [JobName.RouteAbuseReport]: async (job) => {
        const rows = await query<{ payload: { abuseReportId: string } }>(dataSource, 'SELECT payload FROM outbox WHERE id = $1', [(job.data as OutboxJob).outboxId]);
        const reportId = rows[0]?.payload.abuseReportId;
        return reportId ? routeAbuseReport(dataSource, reportId) : { routed: false };
      },
      [JobName.RescanStart]: async (job) => {
        const { run, chunks } = await rescan.plan(job.id!, (job.data as RescanStartJob).trigger);
        await queues[QueueName.Rescan].addBulk(chunks.map((chunk) => ({ name: JobName.RescanChunk, data: { runId: run.id, chunk } satisfies RescanChunkJob, opts: { jobId: rescanChunkJobId(run.id, chunk) } })));
        logger.info({ runId: run.id, chunks: chunks.length, domains: run.domainsTotal }, 'rescan run planned');
        return { runId: run.id, chunks: chunks.length };
      },
      [JobName.RetentionPurge]: async () => purge.run('schedule'),
      [JobName.BacktestRun]: async (job) => backtests.execute((job.data as BacktestRunJob).runId),
      [JobName.FeedPull]: async (job) => {
        const { feed: name, trigger } = job.data as FeedPullJob;
        const feed = config.feeds.find((candidate) => candidate.name === name);
        // A feed removed from the file since the job was queued: nothing to pull.
        if (!feed || !feedPuller) return { status: 'unknown-feed', feed: name };
        const summary = await feedPuller.pull(feed, trigger);
        logger.info({ feed: name, status: summary.status, entries: summary.entries, new: summary.new, bad: summary.bad, matched: summary.matched, error: summary.error }, 'feed pulled');
        return summary;
      },
      [JobName.RescanChunk]: async (job) => {
        const { runId, chunk } = job.data as RescanChunkJob;
        return rescan.processChunk(runId, chunk);
      },
    };
    for (const name of Object.values(JobName)) {
      if (typeof this.handlers[name] !== 'function') throw new Error(`job ${name} has no handler`);
    }
  }

  onApplicationBootstrap(): void {
    const config = this.config;
    const queueWarning = throttledWarning(this.logger, 'queue unavailable');
    for (const name of Object.values(QueueName)) {
      const worker = new Worker(
        name,
        async (job) => {
          const handler = this.handlers[job.name as JobName];
          if (!handler || QUEUE_OF[job.name as JobName] !== name) throw new Error(`no handler for job ${job.name} on queue ${name}`);
          return handler(job);
        },
        {
          connection: redisConnection(config.redisUrl, { failFast: false }),
          prefix: config.queuePrefix,
          concurrency: name === QueueName.Callbacks ? config.workerConcurrency : 2,
          lockDuration: config.workerLockMs,
          stalledInterval: Math.max(1000, Math.floor(config.workerLockMs / 2)),
          // A worker killed mid-job leaves the job stalled; it goes back to the queue, repeatedly if need be.
          maxStalledCount: 10,
        },
      );
      worker.on('error', queueWarning);
      worker.on('failed', (job, error) => {
        if (!job) return;
        const final = job.attemptsMade >= (job.opts.attempts ?? 1);
        this.logger.info({ job: job.name, jobId: job.id, attempt: job.attemptsMade, final, reason: error.message.slice(0, 200) }, 'job attempt failed');
        if (final && job.name === JobName.DeliverCallback) void this.delivery.giveUp((job.data as OutboxJob).outboxId).catch(() => {});
        // A run whose worker died on every attempt (stalled) would otherwise stay "running" forever.
        if (final && job.name === JobName.BacktestRun) void this.backtestRuns.abandon((job.data as BacktestRunJob).runId, `the queue gave up on the run: ${error.message.slice(0, 200)}`).catch(() => {});
      });
      this.workers.push(worker);
    }
    this.relay.start();
    if (config.rescan.schedule) {
      this.schedule(this.queues[QueueName.Rescan], RESCAN_SCHEDULER_ID, config.rescan.cron, JobName.RescanStart, { trigger: 'schedule' } satisfies RescanStartJob);
    }
    // Retention is an obligation, not an option: the purge is scheduled on its own cron whatever
    // the rescan's setting (SHINSA_RESCAN_TIMEZONE is the time zone of both nightly jobs).
    this.schedule(this.queues[QueueName.Maintenance], PURGE_SCHEDULER_ID, config.retention.cron, JobName.RetentionPurge, {});
    for (const feed of config.feeds) this.schedule(this.queues[QueueName.Feeds], feedSchedulerId(feed.name), feed.schedule, JobName.FeedPull, { feed: feed.name, trigger: 'schedule' } satisfies FeedPullJob);
    void this.removeStaleFeedSchedulers(this.queues[QueueName.Feeds]);
    this.logger.info({ queues: Object.values(QueueName), concurrency: config.workerConcurrency }, 'worker started');
  }

  /** Feeds taken out of SHINSA_FEEDS_FILE stop being pulled (a scheduler outlives the worker that made it). */
  private async removeStaleFeedSchedulers(queue: Queue): Promise<void> {
    const configured = new Set(this.config.feeds.map((feed) => feedSchedulerId(feed.name)));
    try {
      for (const scheduler of await queue.getJobSchedulers()) {
        if (scheduler.key.startsWith(FEED_SCHEDULER_PREFIX) && !configured.has(scheduler.key)) {
          await queue.removeJobScheduler(scheduler.key);
          this.logger.info({ job: scheduler.key }, 'feed no longer configured: its schedule removed');
        }
      }
    } catch {
      // Redis away: the next start tries again; a stale schedule's job finds no feed and does nothing.
    }
  }

  /** Registers a scheduled job (idempotent, so every worker may); retried while Redis is away. */
  private schedule(queue: Queue, id: string, cron: string, name: JobName, data: object): void {
    const timezone = this.config.rescan.timezone;
    const attempt = (): void => {
      queue
        .upsertJobScheduler(id, { pattern: cron, tz: timezone }, { name, data })
        .then(() => this.logger.info({ job: id, cron, timezone }, 'job scheduled'))
        .catch(() => {
          this.scheduleRetries.push(setTimeout(attempt, 30_000));
        });
    };
    attempt();
  }

  /** Stops taking jobs; the queues and connections close after (`OpenConnections`). */
  async beforeApplicationShutdown(): Promise<void> {
    this.scheduleRetries.forEach(clearTimeout);
    await this.relay.stop();
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}

/** The worker: the shared core plus the job handlers. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig, logger: Logger, connections = new OpenConnections()): DynamicModule {
    return {
      module: WorkerModule,
      // Callbacks, the outbox relay and label propagation keep the usual 30 s bound on a stuck query;
      // the bulk jobs get their own pool with a long one (its connections open only when they run).
      imports: [CoreModule.forRoot(config, logger, { name: 'shinsa-worker', bulkQueryTimeoutMs: BULK_QUERY_TIMEOUT_MS }, connections), ScreeningModule, QueueModule],
      providers: [
        {
          provide: CallbackDelivery,
          useFactory: (dataSource: DataSource, clients: ClientDirectory) => new CallbackDelivery(dataSource, clients, logger, config.callbackTimeoutMs),
          inject: [DATA_SOURCE, ClientDirectory],
        },
        {
          provide: Rescreener,
          useFactory: (dataSource: DataSource, history: HistoryScreener, screener: Screener) => new Rescreener(dataSource, history, reviewPolicyOf(screener.engine.rules)),
          inject: [DATA_SOURCE, HistoryScreener, Screener],
        },
        { provide: LabelPropagation, useFactory: (dataSource: DataSource, rescreener: Rescreener) => new LabelPropagation(dataSource, rescreener), inject: [DATA_SOURCE, Rescreener] },
        {
          provide: RescanService,
          useFactory: (dataSource: DataSource, history: HistoryScreener, screener: Screener) =>
            new RescanService(dataSource, history, reviewPolicyOf(screener.engine.rules), { chunkSize: config.rescan.chunkSize, concurrency: config.rescan.concurrency }),
          inject: [BULK_DATA_SOURCE, HistoryScreener, Screener],
        },
        {
          // Backtests only read history (one snapshot per run, a count of the window) and store their report.
          provide: BacktestRunner,
          useFactory: (runs: BacktestRuns, dataSource: DataSource, sources: RuleSources, shadow: ShadowComparison) => new BacktestRunner(runs, driverPool(dataSource), sources, shadow, logger),
          inject: [BacktestRuns, BULK_DATA_SOURCE, RuleSources, ShadowComparison],
        },
        JobWorkers,
      ],
    };
  }
}
