import { Queue, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { ClientDirectory } from '../clients/client-directory';
import type { AppConfig } from '../config/config';
import { MasterKeys } from '../crypto/secret-box';
import { createDataSource } from '../database/data-source';
import { CallbackDelivery } from './callback-delivery';
import { OutboxRelay } from './outbox-relay';
import { JobName, QueueName, redisConnection, type DeliverCallbackJob } from './queues';

type Handler = (job: Job) => Promise<unknown>;

/**
 * The worker process: the outbox relay plus the queue consumers. Every job name has exactly one
 * handler, checked at start.
 */
export class WorkerRuntime {
  private dataSource: DataSource | undefined;
  private relay: OutboxRelay | undefined;
  private worker: Worker | undefined;
  private queue: Queue | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const config = this.config;
    this.dataSource = await createDataSource(config, 'shinsa-worker').initialize();
    const clients = new ClientDirectory(this.dataSource, new MasterKeys(config.masterKey));
    const delivery = new CallbackDelivery(this.dataSource, clients, this.logger, config.callbackTimeoutMs);

    const handlers: Record<JobName, Handler> = {
      [JobName.DeliverCallback]: (job) => delivery.deliver((job.data as DeliverCallbackJob).outboxId, job.attemptsMade + 1),
    };
    for (const name of Object.values(JobName)) {
      if (typeof handlers[name] !== 'function') throw new Error(`job ${name} has no handler`);
    }

    this.queue = new Queue(QueueName.Callbacks, {
      connection: redisConnection(config.redisUrl, { failFast: true }),
      prefix: config.queuePrefix,
      defaultJobOptions: {
        attempts: config.callbackAttempts,
        backoff: { type: 'exponential', delay: config.callbackBackoffMs },
        removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
        removeOnFail: { age: 30 * 24 * 3600 },
      },
    });
    this.queue.on('error', () => {});
    this.relay = new OutboxRelay(this.dataSource, this.queue, this.logger, config.relayIntervalMs);

    this.worker = new Worker(
      QueueName.Callbacks,
      async (job) => {
        const handler = handlers[job.name as JobName];
        if (!handler) throw new Error(`no handler for job ${job.name}`);
        return handler(job);
      },
      {
        connection: redisConnection(config.redisUrl, { failFast: false }),
        prefix: config.queuePrefix,
        concurrency: config.workerConcurrency,
        lockDuration: config.workerLockMs,
        stalledInterval: Math.max(1000, Math.floor(config.workerLockMs / 2)),
        // A worker killed mid-delivery leaves its job stalled; it goes back to the queue, repeatedly if need be.
        maxStalledCount: 10,
      },
    );
    let lastWarning = 0;
    this.worker.on('error', (error) => {
      if (Date.now() - lastWarning > 30_000) {
        lastWarning = Date.now();
        this.logger.warn({ err: { message: error.message } }, 'queue unavailable');
      }
    });
    this.worker.on('failed', (job, error) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1);
      this.logger.info({ job: job.name, jobId: job.id, attempt: job.attemptsMade, final, reason: error.message.slice(0, 200) }, 'job attempt failed');
      if (final && job.name === JobName.DeliverCallback) void delivery.giveUp((job.data as DeliverCallbackJob).outboxId).catch(() => {});
    });
    this.relay.start();
    this.logger.info({ queues: [QueueName.Callbacks], concurrency: config.workerConcurrency }, 'worker started');
  }

  async stop(): Promise<void> {
    await this.relay?.stop();
    await this.worker?.close();
    await this.queue?.close();
    if (this.dataSource?.isInitialized) await this.dataSource.destroy();
  }
}
