import { Module } from '@nestjs/common';
import type { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { defaultSignalRegistry, ScreeningEngine } from '../../engine';
import { loadKnowledge } from '../../knowledge';
import { loadRuleSet } from '../../screening/rules-directory';
import { Screener } from '../../screening/screener';
import { APP_CONFIG, type AppConfig } from '../config/config';
import { MasterKeys } from '../crypto/secret-box';
import { feedRulesOf } from '../feeds/feed-cases';
import { FeedIngest } from '../feeds/feed-ingest';
import { FeedPuller } from '../feeds/feed-puller';
import { HistoryScreener } from '../linkage/history-screener';
import { LinkageLookup } from '../linkage/linkage-lookup';
import type { ProcessSettings } from './core.module';
import { DATA_SOURCE, FEED_PULLER, PROCESS, SHADOW_ENGINE, STATEMENT_POOL } from './tokens';

/** The shadow rule set; an error names the setting as well as the file and key. */
function loadShadowRules(directory: string) {
  try {
    return loadRuleSet(directory, defaultSignalRegistry());
  } catch (error) {
    throw new Error(`SHINSA_SHADOW_RULES_DIR: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

const providers = [
  { provide: Screener, useFactory: (config: AppConfig) => new Screener({ rulesDir: config.rulesDir }), inject: [APP_CONFIG] },
  {
    provide: SHADOW_ENGINE,
    useFactory: (config: AppConfig, settings: ProcessSettings): ScreeningEngine | null =>
      settings.scoresShadow && config.shadowRulesDir !== null ? new ScreeningEngine(loadShadowRules(config.shadowRulesDir), loadKnowledge()) : null,
    inject: [APP_CONFIG, PROCESS],
  },
  // Look-ups on the statement pool (generic plans), batched.
  { provide: LinkageLookup, useFactory: (pool: Pool) => new LinkageLookup(() => pool), inject: [STATEMENT_POOL] },
  {
    provide: HistoryScreener,
    useFactory: (config: AppConfig, screener: Screener, linkage: LinkageLookup, keys: MasterKeys, shadow: ScreeningEngine | null) =>
      new HistoryScreener(screener, linkage, keys, { linkage: config.linkage, alsoFor: shadow ? [shadow.rules] : [] }),
    inject: [APP_CONFIG, Screener, LinkageLookup, MasterKeys, SHADOW_ENGINE],
  },
  {
    // Without configured feeds a rule set may lack feeds.yaml; with them, it is required at start.
    provide: FEED_PULLER,
    useFactory: (config: AppConfig, screener: Screener, dataSource: DataSource, keys: MasterKeys): FeedPuller | null =>
      config.feeds.length > 0 || screener.engine.rules.feeds
        ? new FeedPuller(dataSource, new FeedIngest(dataSource, feedRulesOf(screener.engine.rules), keys), { timeZone: config.rescan.timezone, backoffMs: 2000 })
        : null,
    inject: [APP_CONFIG, Screener, DATA_SOURCE, MasterKeys],
  },
];

/** The rules and what screens with them: loaded by the processes that screen (the api, the worker, `shinsa feeds`). */
@Module({ providers, exports: providers.map((provider) => provider.provide) })
export class ScreeningModule {}
