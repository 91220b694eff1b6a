/** Injection tokens of what the api module builds by hand (classes without Nest decorators). */
export const DATA_SOURCE = Symbol('DataSource');
export const REDIS = Symbol('Redis');
/** Every BullMQ queue, read-only in the api (depths for /metrics). */
export const QUEUES = Symbol('Queues');
export const LOGGER = Symbol('Logger');
/** The pg pool of the hot path's prepared statements (generic plans). */
export const STATEMENT_POOL = Symbol('StatementPool');
/** Shadow mode's second rule set (`ShadowScreener`), or null when SHINSA_SHADOW_RULES_DIR is unset. */
export const SHADOW = Symbol('Shadow');
