import { reviewPolicyOf } from '../review/case-service';
import { type DynamicModule, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { Screener } from '../../screening/screener';
import { ClientChangeListener } from '../clients/client-changes';
import { ClientDirectory } from '../clients/client-directory';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MasterKeys } from '../crypto/secret-box';
import type { Pool } from 'pg';
import { createDataSource, createStatementPool, driverPool } from '../database/data-source';
import { HistoryScreener } from '../linkage/history-screener';
import { LinkageLookup } from '../linkage/linkage-lookup';
import { ClientView } from '../intake/client-view';
import { IntakeService } from '../intake/intake.service';
import { ClientRateLimiter, FailedAuthThrottle } from '../intake/rate-limit';
import { ScreeningStore } from '../intake/screening-store';
import { ShadowScreener } from '../intake/shadow-screener';
import { defaultSignalRegistry, ScreeningEngine } from '../../engine';
import { loadKnowledge } from '../../knowledge';
import { loadRuleSet } from '../../screening/rules-directory';
import { throttledWarning } from '../observability/logger';
import { ApiMetrics } from '../observability/metrics';
import { backtestJobId, JobName, QueueName, redisConnection, type BacktestRunJob, type FeedPullJob } from '../queue/queues';
import { BacktestRequests } from '../backtest/backtest-requests';
import { BacktestRuns } from '../backtest/backtest-runs';
import { RuleSources } from '../backtest/rule-sources';
import { ShadowComparison } from '../backtest/shadow';
import { ClientAuthGuard } from './client-auth.guard';
import { EkycController } from './ekyc.controller';
import { ReviewController, ReviewPageFilter } from './review.controller';
import { ReviewSessionGuard } from './review-session.guard';
import { EkycProviders } from '../ekyc/provider';
import { GenericHmacEkycProvider } from '../ekyc/generic-hmac';
import { AbuseReportService } from '../review/abuse-reports';
import { feedRulesOf } from '../feeds/feed-cases';
import { CampaignSiblings } from '../feeds/campaign-siblings';
import { FeedPulls } from '../feeds/feed-pulls';
import { FeedRequests } from '../feeds/feed-requests';
import { AuditLog } from '../review/audit-log';
import { RescanRuns } from '../rescan/rescan-runs';
import { LoginThrottle } from '../review/login-throttle';
import { CaseService } from '../review/case-service';
import { ReviewerDirectory } from '../review/reviewers';
import { SessionStore } from '../review/sessions';
import { EkycSimulatorController } from './ekyc-simulator.controller';
import { HealthController } from './health.controller';
import { LabelsController } from './labels.controller';
import { LabelsService } from '../labels/labels.service';
import { ScreeningsController } from './screenings.controller';
import { DATA_SOURCE, LOGGER, QUEUES, REDIS, SHADOW, STATEMENT_POOL } from './tokens';

/** The shadow rule set; an error names the setting as well as the file and key. */
function loadShadowRules(directory: string) {
  try {
    return loadRuleSet(directory, defaultSignalRegistry());
  } catch (error) {
    throw new Error(`SHINSA_SHADOW_RULES_DIR: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** Closes the connections the module opened, once Nest has stopped taking requests. */
class ConnectionCloser implements OnApplicationShutdown {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(QUEUES) private readonly queues: Queue[],
    @Inject(STATEMENT_POOL) private readonly statementPool: Pool,
    @Inject(ClientChangeListener) private readonly clientChanges: ClientChangeListener,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([this.clientChanges.stop(), ...this.queues.map((queue) => queue.close()), this.dataSource.isInitialized ? this.dataSource.destroy() : undefined, this.statementPool.end()]);
    this.redis.disconnect();
  }
}

@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ApiModule,
      // The simulated eKYC vendor exists only in development without a real vendor configured.
      controllers: [ScreeningsController, LabelsController, HealthController, ReviewController, EkycController, ...(config.ekycSimulator ? [EkycSimulatorController] : [])],
      providers: [
        { provide: APP_CONFIG, useValue: config },
        { provide: LOGGER, useValue: logger },
        {
          provide: DATA_SOURCE,
          useFactory: async () => createDataSource(config, 'shinsa-api').initialize(),
        },
        { provide: STATEMENT_POOL, useFactory: () => createStatementPool(config, 'shinsa-api', throttledWarning(logger, 'database connection lost')) },
        {
          provide: REDIS,
          useFactory: () => {
            const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(200 * times, 2000) });
            // Redis being down is expected now and then; the outbox and the in-memory rate limit cover it.
            redis.on('error', throttledWarning(logger, 'redis unavailable'));
            return redis;
          },
        },
        {
          provide: QUEUES,
          useFactory: () =>
            Object.values(QueueName).map((name) => {
              const queue = new Queue(name, { connection: redisConnection(config.redisUrl, { failFast: true }), prefix: config.queuePrefix });
              queue.on('error', () => {});
              return queue;
            }),
        },
        { provide: MasterKeys, useFactory: () => new MasterKeys(config.masterKey) },
        { provide: ApiMetrics, useFactory: () => new ApiMetrics() },
        { provide: Screener, useFactory: () => new Screener({ rulesDir: config.rulesDir }) },
        {
          provide: ClientDirectory,
          useFactory: (dataSource: DataSource, keys: MasterKeys) =>
            new ClientDirectory(dataSource, keys, (keyId) => logger.error({ keyId }, 'a client secret cannot be opened with this SHINSA_MASTER_KEY (was the key changed?)')),
          inject: [DATA_SOURCE, MasterKeys],
        },
        {
          // A secret rotated by the CLI stops working here at once, not when the cache expires.
          provide: ClientChangeListener,
          useFactory: async (directory: ClientDirectory) => {
            const listener = new ClientChangeListener(config.databaseUrl, { changed: (keyId) => directory.forget(keyId), listening: () => directory.forgetAll() });
            await listener.start();
            return listener;
          },
          inject: [ClientDirectory],
        },
        { provide: ScreeningStore, useFactory: (dataSource: DataSource, pool: Pool) => new ScreeningStore(dataSource, pool), inject: [DATA_SOURCE, STATEMENT_POOL] },
        { provide: LinkageLookup, useFactory: (pool: Pool) => new LinkageLookup(() => pool), inject: [STATEMENT_POOL] },
        { provide: ClientRateLimiter, useFactory: (redis: Redis) => new ClientRateLimiter(redis, config.rateLimitPerMinute, config.queuePrefix), inject: [REDIS] },
        { provide: FailedAuthThrottle, useFactory: (redis: Redis) => new FailedAuthThrottle(redis, config.authFailuresPerMinute, config.queuePrefix), inject: [REDIS] },
        {
          provide: SHADOW,
          useFactory: (metrics: ApiMetrics): ShadowScreener | null => {
            if (config.shadowRulesDir === null) return null;
            const shadow = new ShadowScreener(new ScreeningEngine(loadShadowRules(config.shadowRulesDir), loadKnowledge()), {
              screened: (outcome, agrees) => metrics.shadowScreenings.inc({ outcome, agrees: String(agrees) }),
              failed: (error) => {
                metrics.shadowFailures.inc();
                // The error's name only: a message could quote the application.
                logger.error({ rulesVersion: shadow.rulesVersion, error: error instanceof Error ? error.name : typeof error }, 'the shadow rule set failed to score a screening');
              },
            });
            logger.info({ rulesVersion: shadow.rulesVersion }, 'shadow mode: a second rule set scores every screening (stored, never acted on)');
            return shadow;
          },
          inject: [ApiMetrics],
        },
        {
          provide: HistoryScreener,
          useFactory: (screener: Screener, linkage: LinkageLookup, keys: MasterKeys, shadow: ShadowScreener | null) =>
            new HistoryScreener(screener, linkage, keys, { linkage: config.linkage, alsoFor: shadow ? [shadow.engine.rules] : [] }),
          inject: [Screener, LinkageLookup, MasterKeys, SHADOW],
        },
        {
          provide: IntakeService,
          useFactory: (history: HistoryScreener, store: ScreeningStore, metrics: ApiMetrics, screener: Screener, shadow: ShadowScreener | null, dataSource: DataSource) =>
            new IntakeService(history, store, reviewPolicyOf(screener.engine.rules), new ClientView(dataSource), (outcome: string) => metrics.screenings.inc({ outcome }), shadow),
          inject: [HistoryScreener, ScreeningStore, ApiMetrics, Screener, SHADOW, DATA_SOURCE],
        },
        { provide: LabelsService, useFactory: (dataSource: DataSource) => new LabelsService(dataSource), inject: [DATA_SOURCE] },
        { provide: AuditLog, useFactory: (dataSource: DataSource) => new AuditLog(dataSource), inject: [DATA_SOURCE] },
        { provide: ReviewerDirectory, useFactory: (dataSource: DataSource) => new ReviewerDirectory(dataSource), inject: [DATA_SOURCE] },
        { provide: SessionStore, useFactory: (dataSource: DataSource) => new SessionStore(dataSource, config.reviewSessionHours), inject: [DATA_SOURCE] },
        { provide: EkycProviders, useFactory: () => new EkycProviders(config.ekycGeneric ? [new GenericHmacEkycProvider(config.ekycGeneric, config.signatureToleranceSeconds)] : []) },
        {
          provide: CaseService,
          useFactory: (dataSource: DataSource, screener: Screener, audit: AuditLog, providers: EkycProviders) => new CaseService(dataSource, screener.engine.rules, audit, providers.default),
          inject: [DATA_SOURCE, Screener, AuditLog, EkycProviders],
        },
        {
          provide: AbuseReportService,
          useFactory: (dataSource: DataSource, audit: AuditLog, screener: Screener) => new AbuseReportService(dataSource, audit, screener.engine.rules.feeds ? feedRulesOf(screener.engine.rules) : null),
          inject: [DATA_SOURCE, AuditLog, Screener],
        },
        {
          provide: CampaignSiblings,
          useFactory: (dataSource: DataSource, screener: Screener, audit: AuditLog) => new CampaignSiblings(dataSource, screener.engine.rules.feeds ? feedRulesOf(screener.engine.rules) : null, audit),
          inject: [DATA_SOURCE, Screener, AuditLog],
        },
        { provide: FeedPulls, useFactory: (dataSource: DataSource) => new FeedPulls(dataSource), inject: [DATA_SOURCE] },
        {
          provide: FeedRequests,
          useFactory: (queues: Queue[], audit: AuditLog) => {
            const feeds = queues.find((queue) => queue.name === QueueName.Feeds)!;
            const enqueue = async (feed: string): Promise<void> => {
              await feeds.add(JobName.FeedPull, { feed, trigger: 'manual' } satisfies FeedPullJob, { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } });
            };
            return new FeedRequests(config.feeds, enqueue, audit);
          },
          inject: [QUEUES, AuditLog],
        },
        { provide: LoginThrottle, useFactory: (redis: Redis) => new LoginThrottle(redis, config.queuePrefix), inject: [REDIS] },
        { provide: RescanRuns, useFactory: (dataSource: DataSource) => new RescanRuns(dataSource), inject: [DATA_SOURCE] },
        {
          provide: BacktestRequests,
          useFactory: (dataSource: DataSource, audit: AuditLog, queues: Queue[]) => {
            const maintenance = queues.find((queue) => queue.name === QueueName.Maintenance)!;
            const enqueue = async (runId: string): Promise<void> => {
              await maintenance.add(JobName.BacktestRun, { runId } satisfies BacktestRunJob, {
                jobId: backtestJobId(runId),
                attempts: 3,
                backoff: { type: 'exponential', delay: 5000 },
                removeOnComplete: { age: 7 * 24 * 3600 },
                removeOnFail: { age: 30 * 24 * 3600 },
              });
            };
            return new BacktestRequests(new BacktestRuns(dataSource), new RuleSources(config.rulesDir, config.rulesCandidatesDir), audit, enqueue, new ShadowComparison(driverPool(dataSource)));
          },
          inject: [DATA_SOURCE, AuditLog, QUEUES],
        },
        ReviewPageFilter,
        ClientAuthGuard,
        ReviewSessionGuard,
        ConnectionCloser,
      ],
      exports: [DATA_SOURCE, ClientDirectory, ApiMetrics],
    };
  }
}
