import type { INestApplicationContext } from '@nestjs/common';
import type { AppConfig } from '../app/config/config';
import type { ProcessSettings } from '../app/core/core.module';

/** Which of the shared modules a command needs beyond the core (connections and the services on them). */
export interface ServiceNeeds {
  /** The rules and what screens with them (`ScreeningModule`). */
  readonly screening?: boolean;
  /** The BullMQ queues (`QueueModule`). */
  readonly queues?: boolean;
}

/** The root of a service command's graph: the shared modules it needs and nothing of its own. */
class ServiceCommandModule {}

/**
 * Runs a service command's work on the application graph the api and the worker use, built for
 * this command's connections and closed afterwards. Nest, TypeORM and BullMQ load only here, so
 * `shinsa screen` and `--help` never load them.
 */
export async function withService<T>(config: AppConfig, settings: ProcessSettings, work: (app: INestApplicationContext) => Promise<T>, needs: ServiceNeeds = {}): Promise<T> {
  require('reflect-metadata');
  const { NestFactory } = require('@nestjs/core') as typeof import('@nestjs/core');
  const { CoreModule } = require('../app/core/core.module') as typeof import('../app/core/core.module');
  const { createLogger } = require('../app/observability/logger') as typeof import('../app/observability/logger');
  const pino = require('pino') as typeof import('pino');
  // Standard output carries the command's result: the service's log goes to standard error.
  const logger = createLogger(config.logLevel, settings.name, pino.destination(2));
  const { OpenConnections } = require('../app/core/open-connections') as typeof import('../app/core/open-connections');
  const connections = new OpenConnections();
  const imports: unknown[] = [CoreModule.forRoot(config, logger, settings, connections)];
  if (needs.screening) imports.push((require('../app/core/screening.module') as typeof import('../app/core/screening.module')).ScreeningModule);
  if (needs.queues) imports.push((require('../app/core/queue.module') as typeof import('../app/core/queue.module')).QueueModule);
  let app: INestApplicationContext;
  try {
    // No Nest log lines; a failed start is thrown (main prints it), never a process.exit from Nest.
    app = await NestFactory.createApplicationContext({ module: ServiceCommandModule, imports: imports as never[] }, { logger: false, abortOnError: false });
  } catch (error) {
    // What the first providers opened (a pool, the queues) would keep the command from exiting.
    await connections.close();
    throw error;
  }
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
