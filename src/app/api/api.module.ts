import { type DynamicModule, Module } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { ScreeningEngine } from '../../engine';
import { Screener } from '../../screening/screener';
import { BacktestRequests } from '../backtest/backtest-requests';
import { BacktestRuns } from '../backtest/backtest-runs';
import { RuleSources } from '../backtest/rule-sources';
import { ShadowComparison } from '../backtest/shadow';
import { ClientChangeListener } from '../clients/client-changes';
import { ClientDirectory } from '../clients/client-directory';
import type { AppConfig } from '../config/config';
import { CoreModule } from '../core/core.module';
import { OpenConnections } from '../core/open-connections';
import { QueueModule } from '../core/queue.module';
import { ScreeningModule } from '../core/screening.module';
import { DATA_SOURCE, QUEUE_BY_NAME, SHADOW_ENGINE, STATEMENT_POOL } from '../core/tokens';
import { GenericHmacEkycProvider } from '../ekyc/generic-hmac';
import { EkycProviders } from '../ekyc/provider';
import { CampaignSiblings } from '../feeds/campaign-siblings';
import { feedRulesOf } from '../feeds/feed-cases';
import { FeedRequests } from '../feeds/feed-requests';
import { ClientView } from '../intake/client-view';
import { IntakeService } from '../intake/intake.service';
import { ClientRateLimiter, FailedAuthThrottle } from '../intake/rate-limit';
import { ScreeningStore } from '../intake/screening-store';
import { ShadowScreener } from '../intake/shadow-screener';
import { LabelsService } from '../labels/labels.service';
import { HistoryScreener } from '../linkage/history-screener';
import { throttledWarning } from '../observability/logger';
import { ApiMetrics } from '../observability/metrics';
import { backtestJobId, JobName, QueueName, type BacktestRunJob, type FeedPullJob } from '../queue/queues';
import { ReviewSessionGuard } from './review-session.guard';
import { AbuseReportService } from '../review/abuse-reports';
import { AuditLog } from '../review/audit-log';
import { CaseService } from '../review/case-service';
import { reviewPolicyOf } from '../review/case-policy';
import { LoginThrottle } from '../review/login-throttle';
import { SessionStore } from '../review/sessions';
import { ClientAuthGuard } from './client-auth.guard';
import { EkycSimulatorController } from './ekyc-simulator.controller';
import { EkycController } from './ekyc.controller';
import { HealthController } from './health.controller';
import { LabelsController } from './labels.controller';
import { ReviewController, ReviewPageFilter } from './review.controller';
import { ScreeningsController } from './screenings.controller';
import { REDIS, SHADOW } from './tokens';

/** The api: the shared core plus the controllers and the services only requests use. */
@Module({})
export class ApiModule {
  static forRoot(config: AppConfig, logger: Logger, connections = new OpenConnections()): DynamicModule {
    return {
      module: ApiModule,
      imports: [CoreModule.forRoot(config, logger, { name: 'shinsa-api', scoresShadow: true }, connections), ScreeningModule, QueueModule],
      // The simulated eKYC vendor exists only in development without a real vendor configured.
      controllers: [ScreeningsController, LabelsController, HealthController, ReviewController, EkycController, ...(config.ekycSimulator ? [EkycSimulatorController] : [])],
      providers: [
        {
          provide: REDIS,
          useFactory: () => {
            const redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, retryStrategy: (times) => Math.min(200 * times, 2000) });
            // Redis being down is expected now and then; the outbox and the in-memory rate limit cover it.
            redis.on('error', throttledWarning(logger, 'redis unavailable'));
            return connections.add(redis, () => redis.disconnect());
          },
        },
        { provide: ApiMetrics, useFactory: () => new ApiMetrics() },
        {
          // A secret rotated by the CLI stops working here at once, not when the cache expires.
          provide: ClientChangeListener,
          useFactory: async (directory: ClientDirectory) => {
            const listener = new ClientChangeListener(config.databaseUrl, { changed: (keyId) => directory.forget(keyId), listening: () => directory.forgetAll() });
            connections.add(listener, () => listener.stop());
            await listener.start();
            return listener;
          },
          inject: [ClientDirectory],
        },
        { provide: ScreeningStore, useFactory: (dataSource: DataSource, pool: Pool) => new ScreeningStore(dataSource, pool), inject: [DATA_SOURCE, STATEMENT_POOL] },
        { provide: ClientRateLimiter, useFactory: (redis: Redis) => new ClientRateLimiter(redis, config.rateLimitPerMinute, config.queuePrefix), inject: [REDIS] },
        { provide: FailedAuthThrottle, useFactory: (redis: Redis) => new FailedAuthThrottle(redis, config.authFailuresPerMinute, config.queuePrefix), inject: [REDIS] },
        {
          provide: SHADOW,
          useFactory: (engine: ScreeningEngine | null, metrics: ApiMetrics): ShadowScreener | null => {
            if (engine === null) return null;
            const shadow = new ShadowScreener(engine, {
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
          inject: [SHADOW_ENGINE, ApiMetrics],
        },
        {
          provide: IntakeService,
          useFactory: (history: HistoryScreener, store: ScreeningStore, metrics: ApiMetrics, screener: Screener, shadow: ShadowScreener | null, dataSource: DataSource) =>
            new IntakeService(history, store, reviewPolicyOf(screener.engine.rules), new ClientView(dataSource), (outcome: string) => metrics.screenings.inc({ outcome }), shadow),
          inject: [HistoryScreener, ScreeningStore, ApiMetrics, Screener, SHADOW, DATA_SOURCE],
        },
        { provide: LabelsService, useFactory: (dataSource: DataSource) => new LabelsService(dataSource), inject: [DATA_SOURCE] },
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
        {
          provide: FeedRequests,
          useFactory: (queues: Record<QueueName, Queue>, audit: AuditLog) => {
            const feeds = queues[QueueName.Feeds];
            const enqueue = async (feed: string): Promise<void> => {
              await feeds.add(JobName.FeedPull, { feed, trigger: 'manual' } satisfies FeedPullJob, { attempts: 3, backoff: { type: 'exponential', delay: 5000 }, removeOnComplete: { age: 7 * 24 * 3600 }, removeOnFail: { age: 30 * 24 * 3600 } });
            };
            return new FeedRequests(config.feeds, enqueue, audit);
          },
          inject: [QUEUE_BY_NAME, AuditLog],
        },
        { provide: LoginThrottle, useFactory: (redis: Redis) => new LoginThrottle(redis, config.queuePrefix), inject: [REDIS] },
        {
          provide: BacktestRequests,
          useFactory: (runs: BacktestRuns, sources: RuleSources, audit: AuditLog, queues: Record<QueueName, Queue>, shadow: ShadowComparison) => {
            const maintenance = queues[QueueName.Maintenance];
            const enqueue = async (runId: string): Promise<void> => {
              await maintenance.add(JobName.BacktestRun, { runId } satisfies BacktestRunJob, {
                jobId: backtestJobId(runId),
                attempts: 3,
                backoff: { type: 'exponential', delay: 5000 },
                removeOnComplete: { age: 7 * 24 * 3600 },
                removeOnFail: { age: 30 * 24 * 3600 },
              });
            };
            return new BacktestRequests(runs, sources, audit, enqueue, shadow);
          },
          inject: [BacktestRuns, RuleSources, AuditLog, QUEUE_BY_NAME, ShadowComparison],
        },
        ReviewPageFilter,
        ClientAuthGuard,
        ReviewSessionGuard,
      ],
    };
  }
}
