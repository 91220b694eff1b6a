import 'reflect-metadata';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger } from 'pino';
import type { AppConfig } from '../config/config';
import { OpenConnections } from '../core/open-connections';
import { PinoNestLogger } from '../observability/logger';
import { WorkerModule } from './worker.module';

/** The worker process: `WorkerModule`'s graph, whose job handlers and outbox relay run from start to stop. */
export class WorkerRuntime {
  private context: INestApplicationContext | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const connections = new OpenConnections();
    try {
      // abortOnError off: a failed start is thrown to the caller (which exits with its message), not a process.exit from Nest.
      this.context = await NestFactory.createApplicationContext(WorkerModule.forRoot(this.config, this.logger, connections), { logger: new PinoNestLogger(this.logger), abortOnError: false });
    } catch (error) {
      await connections.close();
      throw error;
    }
  }

  async stop(): Promise<void> {
    await this.context?.close();
    this.context = undefined;
  }
}
