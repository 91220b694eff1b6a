/** Injection tokens of what the core modules build in factories (classes without Nest decorators). */
export const LOGGER = Symbol('Logger');
/** How this process connects (its name in pg_stat_activity, pool size, query bounds): `ProcessSettings`. */
export const PROCESS = Symbol('Process');
export const DATA_SOURCE = Symbol('DataSource');
/** The DataSource of bulk work (a rescan, the retention purge, a backtest): the worker's has long query bounds; elsewhere it is `DATA_SOURCE`. */
export const BULK_DATA_SOURCE = Symbol('BulkDataSource');
/** The pg pool of the hot path's prepared statements (generic plans). */
export const STATEMENT_POOL = Symbol('StatementPool');
/** Every BullMQ queue by name. */
export const QUEUE_BY_NAME = Symbol('QueueByName');
/** Every BullMQ queue: depths for /metrics; the review UI queues the backtests an admin asks for. */
export const QUEUES = Symbol('Queues');
/** The shadow rule set's engine when this process scores shadow screenings (the api with SHINSA_SHADOW_RULES_DIR), else null. */
export const SHADOW_ENGINE = Symbol('ShadowEngine');
/** The threat-feed puller, or null when neither feeds nor the rules' feeds.yaml exist. */
export const FEED_PULLER = Symbol('FeedPuller');
