/** Injection tokens of what the api module builds by hand (classes without Nest decorators). */
export const DATA_SOURCE = Symbol('DataSource');
export const REDIS = Symbol('Redis');
/** Every BullMQ queue: depths for /metrics; the review UI queues the backtests an admin asks for. */
export const QUEUES = Symbol('Queues');
export const LOGGER = Symbol('Logger');
/** The pg pool of the hot path's prepared statements (generic plans). */
export const STATEMENT_POOL = Symbol('StatementPool');
/** Shadow mode's second rule set (`ShadowScreener`), or null when SHINSA_SHADOW_RULES_DIR is unset. */
export const SHADOW = Symbol('Shadow');
