// The shared tokens live in ../core/tokens; LOGGER is also reachable here, where the review controller imports it.
export { LOGGER } from '../core/tokens';

/** Injection tokens of what only the api builds. */
export const REDIS = Symbol('Redis');
/** Shadow mode's second rule set (`ShadowScreener`), or null when SHINSA_SHADOW_RULES_DIR is unset. */
export const SHADOW = Symbol('Shadow');
