import type { Command } from 'commander';
import { loadConfig } from '../app/config/config';
import { CommandError } from './command-error';
import { untilSignal } from './until-signal';

export function registerApiCommand(program: Command): void {
  program
    .command('api')
    .description('run the webhook api (migrates first unless SHINSA_MIGRATE_ON_START=false)')
    .action(async () => {
      const config = loadConfig();
      const { createLogger } = require('../app/observability/logger') as typeof import('../app/observability/logger');
      const { createApi } = require('../app/api/create-api') as typeof import('../app/api/create-api');
      const logger = createLogger(config.logLevel, 'shinsa-api');
      const app = await createApi(config, logger);
      try {
        await app.listen({ port: config.port, host: config.host });
      } catch (error) {
        // Its pools and connections would keep the process alive after the error.
        await app.close();
        if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') throw new CommandError(`PORT: ${config.host}:${config.port} is already in use`);
        throw error;
      }
      logger.info({ url: `http://${config.host}:${config.port}` }, 'api listening');
      await untilSignal();
      await app.close();
    });
}
