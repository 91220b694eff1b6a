import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { untilSignal } from './until-signal';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run the outbox relay and the queue workers (callback delivery)')
    .action(async () => {
      const config = loadConfig();
      const { createLogger } = require('../app/observability/logger') as typeof import('../app/observability/logger');
      const { WorkerRuntime } = require('../app/queue/worker-runtime') as typeof import('../app/queue/worker-runtime');
      const runtime = new WorkerRuntime(config, createLogger(config.logLevel, 'shinsa-worker'));
      await runtime.start();
      await untilSignal();
      await runtime.stop();
    });
}
