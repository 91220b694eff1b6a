import { Module } from '@nestjs/common';
import { Queue } from 'bullmq';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { QueueName, redisConnection } from '../queue/queues';
import { OpenConnections } from './open-connections';
import { QUEUE_BY_NAME, QUEUES } from './tokens';

const providers = [
  {
    provide: QUEUE_BY_NAME,
    useFactory: (config: AppConfig, connections: OpenConnections): Record<QueueName, Queue> => {
      const byName = {} as Record<QueueName, Queue>;
      for (const name of Object.values(QueueName)) {
        const queue = new Queue(name, {
          connection: redisConnection(config.redisUrl, { failFast: true }),
          prefix: config.queuePrefix,
          // What the outbox relay's jobs get; a job queued elsewhere names its own options.
          defaultJobOptions: {
            attempts: name === QueueName.Callbacks ? config.callbackAttempts : 5,
            backoff: { type: 'exponential', delay: config.callbackBackoffMs },
            removeOnComplete: { age: 7 * 24 * 3600, count: 100_000 },
            removeOnFail: { age: 30 * 24 * 3600 },
          },
        });
        // Redis being away is reported by those who use it (the relay, /readyz), not per connection attempt.
        queue.on('error', () => {});
        byName[name] = connections.add(queue, () => queue.close());
      }
      return byName;
    },
    inject: [APP_CONFIG, OpenConnections],
  },
  { provide: QUEUES, useFactory: (byName: Record<QueueName, Queue>) => Object.values(byName), inject: [QUEUE_BY_NAME] },
];

/** One BullMQ queue per name (connected at start, closed with the graph's connections): the api, the worker and `shinsa rescan --now` queue jobs on them. */
@Module({ providers, exports: providers.map((provider) => provider.provide) })
export class QueueModule {}
