import type { Command } from 'commander';
import { registerApiCommand } from './api-command';
import { registerBacktestCommand } from './backtest-command';
import { registerClientsCommand } from './clients-command';
import { registerImportDomainsCommand } from './import-domains-command';
import { registerMigrateCommand } from './migrate-command';
import { registerPurgeCommand } from './purge-command';
import { registerRescanCommand } from './rescan-command';
import { registerReviewersCommand } from './reviewers-command';
import { registerShadowCommand } from './shadow-command';
import { registerSubjectCommand } from './subject-command';
import { registerUpCommand } from './up-command';
import { registerWorkerCommand } from './worker-command';

/*
 * The service's commands, one file each. Their modules (Nest, TypeORM, BullMQ) load only when one
 * runs, so `shinsa screen` and `shinsa domains` start as fast as before; the commands that use the
 * database get their services from the graph the api and the worker use (`withService`).
 */
export function registerServiceCommands(program: Command): void {
  registerApiCommand(program);
  registerWorkerCommand(program);
  registerMigrateCommand(program);
  registerClientsCommand(program);
  registerReviewersCommand(program);
  registerImportDomainsCommand(program);
  registerRescanCommand(program);
  registerBacktestCommand(program);
  registerShadowCommand(program);
  registerSubjectCommand(program);
  registerPurgeCommand(program);
  registerUpCommand(program);
}
