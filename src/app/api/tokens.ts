/** Injection tokens of what the api module builds by hand (classes without Nest decorators). */
export const DATA_SOURCE = Symbol('DataSource');
export const REDIS = Symbol('Redis');
export const CALLBACK_QUEUE = Symbol('CallbackQueue');
export const LOGGER = Symbol('Logger');
