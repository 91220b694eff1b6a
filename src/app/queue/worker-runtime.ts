import { reviewPolicyOf } from '../review/case-service';
import { Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ClientDirectory } from '../clients/client-directory';
import type { AppConfig } from '../config/config';
import { MasterKeys } from '../crypto/secret-box';
import type { Pool } from 'pg';
import { createDataSource, createStatementPool, driverPool } from '../database/data-source';
import { BacktestRunner } from '../backtest/backtest-runner';
import { BacktestRuns } from '../backtest/backtest-runs';
import { RuleSources } from '../backtest/rule-sources';
import { ShadowComparison } from '../backtest/shadow';
import { throttledWarning } from '../observability/logger';
import { Screener } from '../../screening/screener';
import { HistoryScreener } from '../linkage/history-screener';
import { LinkageLookup } from '../linkage/linkage-lookup';
import { LabelPropagation, Rescreener } from '../linkage/rescreener';
import { routeAbuseReport } from '../labels/labels.service';
import { CallbackDelivery } from './callback-delivery';
import { OutboxRelay } from './outbox-relay';
import { RetentionPurge } from '../retention/retention-purge';
import { FEED_SCHEDULER_PREFIX, feedSchedulerId, JobName, PURGE_SCHEDULER_ID, QUEUE_OF, QueueName, RESCAN_SCHEDULER_ID, redisConnection, rescanChunkJobId, type BacktestRunJob, type FeedPullJob, type OutboxJob, type RescanChunkJob, type RescanStartJob } from './queues';
import { feedRulesOf } from '../feeds/feed-cases';
import { FeedIngest } from '../feeds/feed-ingest';
import { FeedPuller } from '../feeds/feed-puller';
import { RescanService } from '../rescan/rescan-service';

type Handler = (job: Job) => Promise<unknown>;

/**
 * The worker process: the outbox relay plus the queue consumers. Every job name has exactly one
 * handler, checked at start.
 */
/** Bulk jobs (a rescan's planning and chunks, the retention purge, a backtest's replay) run queries of minutes, not seconds. */
const BULK_QUERY_TIMEOUT_MS = 10 * 60_000;

export class WorkerRuntime {
  private dataSource: DataSource | undefined;
  private bulkDataSource: DataSource | undefined;
  private relay: OutboxRelay | undefined;
  private readonly scheduleRetries: NodeJS.Timeout[] = [];
  private statementPool: Pool | undefined;
  private readonly workers: Worker[] = [];
  private readonly queues: Queue[] = [];

  constructor(
    private readonly config: AppConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const config = this.config;
    // Callbacks, the outbox relay and label propagation keep the usual 30 s bound on a stuck query;
    // the bulk jobs get their own pool with a long one (its connections open only when they run).
    this.dataSource = await createDataSource(config, 'shinsa-worker').initialize();
    const dataSource = this.dataSource;
    this.bulkDataSource = await createDataSource(config, 'shinsa-worker-bulk', BULK_QUERY_TIMEOUT_MS).initialize();
    const bulkDataSource = this.bulkDataSource;
    const bulkPool = driverPool(bulkDataSource);
    const keys = new MasterKeys(config.masterKey);
    const clients = new ClientDirectory(dataSource, keys);
    const delivery = new CallbackDelivery(dataSource, clients, this.logger, config.callbackTimeoutMs);
    const screener = new Screener({ rulesDir: config.rulesDir });
    // Look-ups (label propagation, the rescan) on their own pool with generic plans, batched as in the api.
    const statementPool = createStatementPool(config, 'shinsa-worker', throttledWarning(this.logger, 'database connection lost'));
    this.statementPool = statementPool;
    const history = new HistoryScreener(screener, new LinkageLookup(() => statementPool), keys, { linkage: config.linkage });
    const policy = reviewPolicyOf(screener.engine.rules);
    const rescreener = new Rescreener(dataSource, history, policy);
    const propagation = new LabelPropagation(dataSource, rescreener);
    const rescan = new RescanService(bulkDataSource, history, policy, { chunkSize: config.rescan.chunkSize, concurrency: config.rescan.concurrency });
    const queueByName = {} as Record<QueueName, Queue>;
    const purge = new RetentionPurge(bulkDataSource, config.retention);
    // Backtests only read history (one snapshot per run, a count of the window) and store their report.
    const backtestRuns = new BacktestRuns(bulkDataSource);
    const backtests = new BacktestRunner(backtestRuns, bulkPool, new RuleSources(config.rulesDir, config.rulesCandidatesDir), new ShadowComparison(bulkPool), this.logger);

    // Without configured feeds a rule set may lack feeds.yaml; with them, it is required at start.
    const feedPuller = config.feeds.length > 0 || screener.engine.rules.feeds ? new FeedPuller(dataSource, new FeedIngest(dataSource, feedRulesOf(screener.engine.rules), keys), { timeZone: config.rescan.timezone, backoffMs: 2000 }) : null;

    const handlers: Record<JobName, Handler> = {
      [JobName.DeliverCallback]: (job) => delivery.deliver((job.data as OutboxJob).outboxId, job.attemptsMade + 1),
      [JobName.PropagateLabel]: async (job) => {
        const rows: { payload: { labelId: string } }[] = await dataSource.query('SELECT payload FROM outbox WHERE id = $1', [(job.data as OutboxJob).outboxId]);
        const labelId = rows[0]?.payload.labelId;
        return labelId ? propagation.propagate(labelId) : { linked: 0, changed: 0, worsened: 0 };
      },
      [JobName.RouteAbuseReport]: async (job) => {
        const rows: { payload: { abuseReportId: string } }[] = await dataSource.query('SELECT payload FROM outbox WHERE id = $1', [(job.data as OutboxJob).outboxId]);
        const reportId = rows[0]?.payload.abuseReportId;
        return reportId ? routeAbuseReport(dataSource, reportId) : { routed: false };
      },
      [JobName.RescanStart]: async (job) => {
        const { run, chunks } = await rescan.plan(job.id!, (job.data as RescanStartJob).trigger);
        await queueByName[QueueName.Rescan].addBulk(chunks.map((chunk) => ({ name: JobName.RescanChunk, data: { runId: run.id, chunk } satisfies RescanChunkJob, opts: { jobId: rescanChunkJobId(run.id, chunk) } })));
        this.logger.info({ runId: run.id, chunks: chunks.length, domains: run.domainsTotal }, 'rescan run planned');
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
        this.logger.info({ feed: name, status: summary.status, entries: summary.entries, new: summary.new, bad: summary.bad, matched: summary.matched, error: summary.error }, 'feed pulled');
        return summary;
      },
      [JobName.RescanChunk]: async (job) => {
        const { runId, chunk } = job.data as RescanChunkJob;
        return rescan.processChunk(runId, chunk);
      },
    };
    for (const name of Object.values(JobName)) {
      if (typeof handlers[name] !== 'function') throw new Error(`job ${name} has no handler`);
    }

    for (const name of Object.values(QueueName)) {
      const queue = new Queue(name, {
        connection: redisConnection(config.redisUrl, { failFast: true }),
        prefix: config.queuePrefix,
        defaultJobOptions: {
          attempts: name === QueueName.Callbacks ? config.callbackAttempts : 5,
          backoff: { type: 'exponential', delay: config.callbackBackoffMs },
          removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
          removeOnFail: { age: 30 * 24 * 3600 },
        },
      });
      queue.on('error', () => {});
      queueByName[name] = queue;
      this.queues.push(queue);
    }
    this.relay = new OutboxRelay(dataSource, queueByName, this.logger, config.relayIntervalMs);

    const queueWarning = throttledWarning(this.logger, 'queue unavailable');
    for (const name of Object.values(QueueName)) {
      const worker = new Worker(
        name,
        async (job) => {
          const handler = handlers[job.name as JobName];
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
        if (final && job.name === JobName.DeliverCallback) void delivery.giveUp((job.data as OutboxJob).outboxId).catch(() => {});
        // A run whose worker died on every attempt (stalled) would otherwise stay "running" forever.
        if (final && job.name === JobName.BacktestRun) void backtestRuns.abandon((job.data as BacktestRunJob).runId, `the queue gave up on the run: ${error.message.slice(0, 200)}`).catch(() => {});
      });
      this.workers.push(worker);
    }
    this.relay.start();
    if (config.rescan.schedule) {
      this.schedule(queueByName[QueueName.Rescan], RESCAN_SCHEDULER_ID, config.rescan.cron, JobName.RescanStart, { trigger: 'schedule' } satisfies RescanStartJob);
    }
    // Retention is an obligation, not an option: the purge is scheduled on its own cron whatever
    // the rescan's setting (SHINSA_RESCAN_TIMEZONE is the time zone of both nightly jobs).
    this.schedule(queueByName[QueueName.Maintenance], PURGE_SCHEDULER_ID, config.retention.cron, JobName.RetentionPurge, {});
    for (const feed of config.feeds) this.schedule(queueByName[QueueName.Feeds], feedSchedulerId(feed.name), feed.schedule, JobName.FeedPull, { feed: feed.name, trigger: 'schedule' } satisfies FeedPullJob);
    void this.removeStaleFeedSchedulers(queueByName[QueueName.Feeds]);
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

  async stop(): Promise<void> {
    this.scheduleRetries.forEach(clearTimeout);
    await this.relay?.stop();
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all(this.queues.map((queue) => queue.close()));
    await this.statementPool?.end();
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
    if (this.bulkDataSource?.isInitialized) await this.bulkDataSource.destroy();
  }
}
