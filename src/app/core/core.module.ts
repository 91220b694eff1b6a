import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Backtest } from '../backtest/backtest';
import { BacktestRuns } from '../backtest/backtest-runs';
import { RuleSources } from '../backtest/rule-sources';
import { ShadowComparison } from '../backtest/shadow';
import { ClientDirectory } from '../clients/client-directory';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MasterKeys } from '../crypto/secret-box';
import { createDataSource, createStatementPool, driverPool } from '../database/data-source';
import { DomainImporter } from '../domains/domain-importer';
import { FeedPulls } from '../feeds/feed-pulls';
import { throttledWarning } from '../observability/logger';
import { RescanRuns } from '../rescan/rescan-runs';
import { RetentionPurge } from '../retention/retention-purge';
import { SubjectRequests } from '../retention/subject-requests';
import { AuditLog } from '../review/audit-log';
import { ReviewerDirectory } from '../review/reviewers';
import { OpenConnections } from './open-connections';
import { BULK_DATA_SOURCE, DATA_SOURCE, LOGGER, PROCESS, STATEMENT_POOL } from './tokens';

/** How a process connects to PostgreSQL; the api, the worker and each service command differ only here. */
export interface ProcessSettings {
  /** Its application_name in pg_stat_activity. */
  readonly name: string;
  /** Connections of its DataSource (default SHINSA_DB_POOL_SIZE). */
  readonly poolSize?: number;
  /** Bound on one query (default 30 s; 0 for none: an import's COPY, a backtest's snapshot). */
  readonly queryTimeoutMs?: number;
  /** A second DataSource with this bound for bulk work (the worker's rescans, purges, backtests); without it bulk work shares the first. */
  readonly bulkQueryTimeoutMs?: number;
  /** Whether this process scores shadow screenings (the api, when SHINSA_SHADOW_RULES_DIR is set). */
  readonly scoresShadow?: boolean;
}

/** Closes the connections the graph opened, once the process has stopped its work. */
class ConnectionCloser implements OnApplicationShutdown {
  constructor(@Inject(OpenConnections) private readonly connections: OpenConnections) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connections.close();
  }
}

async function destroy(dataSource: DataSource): Promise<void> {
  if (dataSource.isInitialized) await dataSource.destroy();
}

/**
 * The providers every process shares: configuration, connections, and the services that need only
 * them. The api, the worker and the service commands import it (with `ScreeningModule` and
 * `QueueModule` where they screen or queue); a service's dependencies are written here once.
 */
@Global()
@Module({})
export class CoreModule {
  /** `connections`: the caller's, to close them itself when building the graph fails. */
  static forRoot(config: AppConfig, logger: Logger, settings: ProcessSettings, connections = new OpenConnections()): DynamicModule {
    const providers = [
      { provide: OpenConnections, useValue: connections },
      { provide: APP_CONFIG, useValue: config },
      { provide: LOGGER, useValue: logger },
      { provide: PROCESS, useValue: settings },
      { provide: DATA_SOURCE, useFactory: async () => connections.add(await createDataSource({ ...config, dbPoolSize: settings.poolSize ?? config.dbPoolSize }, settings.name, settings.queryTimeoutMs).initialize(), destroy) },
      settings.bulkQueryTimeoutMs === undefined
        ? { provide: BULK_DATA_SOURCE, useExisting: DATA_SOURCE }
        : { provide: BULK_DATA_SOURCE, useFactory: async () => connections.add(await createDataSource(config, `${settings.name}-bulk`, settings.bulkQueryTimeoutMs).initialize(), destroy) },
      // Opens its connections only when a statement runs.
      { provide: STATEMENT_POOL, useFactory: () => connections.add(createStatementPool(config, settings.name, throttledWarning(logger, 'database connection lost')), (pool) => pool.end()) },
      { provide: MasterKeys, useFactory: () => new MasterKeys(config.masterKey) },
      {
        provide: ClientDirectory,
        useFactory: (dataSource: DataSource, keys: MasterKeys) =>
          new ClientDirectory(dataSource, keys, (keyId) => logger.error({ keyId }, 'a client secret cannot be opened with this SHINSA_MASTER_KEY (was the key changed?)')),
        inject: [DATA_SOURCE, MasterKeys],
      },
      { provide: AuditLog, useFactory: (dataSource: DataSource) => new AuditLog(dataSource), inject: [DATA_SOURCE] },
      { provide: ReviewerDirectory, useFactory: (dataSource: DataSource) => new ReviewerDirectory(dataSource), inject: [DATA_SOURCE] },
      { provide: RescanRuns, useFactory: (dataSource: DataSource) => new RescanRuns(dataSource), inject: [DATA_SOURCE] },
      { provide: FeedPulls, useFactory: (dataSource: DataSource) => new FeedPulls(dataSource), inject: [DATA_SOURCE] },
      { provide: DomainImporter, useFactory: (dataSource: DataSource) => new DomainImporter(dataSource), inject: [DATA_SOURCE] },
      { provide: SubjectRequests, useFactory: (dataSource: DataSource, keys: MasterKeys, audit: AuditLog) => new SubjectRequests(dataSource, keys, audit), inject: [DATA_SOURCE, MasterKeys, AuditLog] },
      { provide: RuleSources, useFactory: () => new RuleSources(config.rulesDir, config.rulesCandidatesDir) },
      // Bulk work: long queries over history.
      { provide: BacktestRuns, useFactory: (dataSource: DataSource) => new BacktestRuns(dataSource), inject: [BULK_DATA_SOURCE] },
      { provide: Backtest, useFactory: (dataSource: DataSource) => new Backtest(driverPool(dataSource)), inject: [BULK_DATA_SOURCE] },
      { provide: ShadowComparison, useFactory: (dataSource: DataSource) => new ShadowComparison(driverPool(dataSource)), inject: [BULK_DATA_SOURCE] },
      { provide: RetentionPurge, useFactory: (dataSource: DataSource) => new RetentionPurge(dataSource, config.retention), inject: [BULK_DATA_SOURCE] },
      ConnectionCloser,
    ];
    return {
      module: CoreModule,
      providers,
      exports: providers.filter((provider) => provider !== ConnectionCloser).map((provider) => ('provide' in provider ? provider.provide : provider)),
    };
  }
}
