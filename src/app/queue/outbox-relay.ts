import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { OutboxTopic } from '../intake/screening-response';
import { throttledWarning } from '../observability/logger';
import { JobName, QUEUE_OF, QueueName, outboxJobId } from './queues';
import { query } from '../database/query';

const BATCH = 500;

/** The jobs each outbox topic becomes (a topic with none is only marked dispatched). */
const JOBS_OF_TOPIC: Readonly<Record<string, readonly JobName[]>> = {
  [OutboxTopic.ScreeningAssessed]: [JobName.DeliverCallback],
  [OutboxTopic.ScreeningReassessed]: [JobName.DeliverCallback],
  [OutboxTopic.LabelCreated]: [JobName.PropagateLabel],
  [OutboxTopic.CaseDecided]: [JobName.DeliverCallback],
  [OutboxTopic.EkycRequested]: [JobName.DeliverCallback],
  [OutboxTopic.AbuseConfirmed]: [JobName.DeliverCallback],
  [OutboxTopic.AbuseReportReceived]: [JobName.RouteAbuseReport],
  [OutboxTopic.AbuseReported]: [JobName.DeliverCallback],
};

/**
 * Moves outbox rows to BullMQ. A row is marked dispatched in the same transaction that locked it,
 * only after the queue accepted its job; if Redis is down the transaction rolls back and the row
 * waits. Job ids derive from the row id, so a row relayed twice (a crash between add and commit)
 * is still one job.
 */
export class OutboxRelay {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly warn: (error: unknown) => void;

  constructor(
    private readonly dataSource: DataSource,
    private readonly queues: Readonly<Record<QueueName, Queue>>,
    logger: Logger,
    private readonly intervalMs: number,
  ) {
    this.warn = throttledWarning(logger, 'outbox relay waiting: queue or database unavailable');
  }

  start(): void {
    const tick = (): void => {
      if (this.stopped) return;
      this.running = this.drain()
        .then(() => undefined)
        .catch((error: unknown) => this.warn(error))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.intervalMs);
        });
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Relays until the backlog is empty; returns how many rows it moved. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const moved = await this.relayBatch();
      total += moved;
      if (moved < BATCH) return total;
    }
  }

  private async relayBatch(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await query<{ id: string; topic: string }>(
        manager,
        'SELECT id::text AS id, topic FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED',
        [BATCH],
      );
      if (rows.length === 0) return 0;
      const byQueue = new Map<QueueName, { name: JobName; data: { outboxId: string }; opts: { jobId: string } }[]>();
      for (const row of rows) {
        for (const job of JOBS_OF_TOPIC[row.topic] ?? []) {
          const queue = QUEUE_OF[job];
          byQueue.set(queue, [...(byQueue.get(queue) ?? []), { name: job, data: { outboxId: row.id }, opts: { jobId: outboxJobId(job, row.id) } }]);
        }
      }
      for (const [queue, jobs] of byQueue) await this.queues[queue].addBulk(jobs);
      await manager.query('UPDATE outbox SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [rows.map((row) => row.id)]);
      return rows.length;
    });
  }

}
