import { createHmac } from 'node:crypto';
import { statSync } from 'node:fs';
import { z } from 'zod';
import { DEFAULT_RULES_DIR } from '../../screening/rules-location';
import { loadFeedsFile, type FeedDefinition } from '../feeds/feed-config';

/** Where the development api serves its simulated eKYC vendor page. */
export const EKYC_SIMULATOR_PATH = '/dev/ekyc';

/** The settings that configure a real eKYC vendor (named wherever one is missing). */
export const EKYC_SETTINGS = 'SHINSA_EKYC_GENERIC_SECRET and SHINSA_EKYC_GENERIC_VERIFY_URL';

/** Where the local machine's services listen (DESIGN §3.5): the defaults of the URLs. */
export const LOCAL_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/shinsa';
export const LOCAL_REDIS_URL = 'redis://127.0.0.1:6379';

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const positiveInt = (fallback: number) => z.coerce.number({ message: 'must be a number' }).int('must be a whole number').positive('must be positive').default(fallback);

const cronPattern = (fallback: string) =>
  z
    .string()
    .regex(/^(\S+\s+){4}\S+$/, 'must be a cron pattern of five fields (minute hour day month weekday)')
    .default(fallback);

const url = (protocols: readonly string[]) =>
  z.string().refine((value) => {
    try {
      return protocols.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  }, `must be a ${protocols.map((protocol) => protocol.replace(':', '://…')).join(' or ')} URL`);

/**
 * 32 random bytes, hex or base64. It encrypts API client secrets at rest and keys the hashes of
 * linkage attributes, so it has no default: losing or changing it invalidates both.
 */
const masterKey = z
  .string({ message: 'is required (32 random bytes, hex or base64; `openssl rand -hex 32`)' })
  .transform((value, context) => {
    const bytes = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
    if (bytes.length !== 32) {
      context.addIssue({ code: 'custom', message: 'must be 32 bytes, hex (64 characters) or base64' });
      return z.NEVER;
    }
    return bytes;
  });

const environmentSchema = z.object({
  SHINSA_ENV: z.enum(['production', 'development']).default('production'),
  DATABASE_URL: url(['postgres:', 'postgresql:']).default(LOCAL_DATABASE_URL),
  REDIS_URL: url(['redis:', 'rediss:']).default(LOCAL_REDIS_URL),
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  SHINSA_RULES_DIR: z.string().min(1).default(DEFAULT_RULES_DIR),
  SHINSA_SHADOW_RULES_DIR: z.string().min(1).optional(),
  SHINSA_RULES_CANDIDATES_DIR: z
    .string()
    .refine((directory) => statSync(directory, { throwIfNoEntry: false })?.isDirectory() === true, 'must be an existing directory (its subdirectories are the candidate rule sets)')
    .optional(),
  SHINSA_MASTER_KEY: masterKey,
  SHINSA_MIGRATE_ON_START: boolean.default(true),
  SHINSA_LINKAGE: boolean.default(true),
  SHINSA_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SHINSA_BODY_LIMIT_BYTES: positiveInt(256 * 1024),
  SHINSA_RATE_LIMIT_PER_MINUTE: positiveInt(1200),
  SHINSA_AUTH_FAILURES_PER_MINUTE: positiveInt(30),
  SHINSA_SIGNATURE_TOLERANCE_SECONDS: positiveInt(300),
  SHINSA_QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, _ and - only').default('shinsa'),
  SHINSA_DB_POOL_SIZE: positiveInt(10),
  SHINSA_DB_CONNECT_TIMEOUT_MS: positiveInt(3000),
  SHINSA_CALLBACK_TIMEOUT_MS: positiveInt(10_000),
  SHINSA_CALLBACK_ATTEMPTS: positiveInt(12),
  SHINSA_CALLBACK_BACKOFF_MS: positiveInt(2000),
  SHINSA_WORKER_CONCURRENCY: positiveInt(16),
  SHINSA_WORKER_LOCK_MS: positiveInt(30_000),
  SHINSA_RELAY_INTERVAL_MS: positiveInt(500),
  SHINSA_REVIEW_SESSION_HOURS: positiveInt(12),
  SHINSA_RESCAN_SCHEDULE: boolean.default(true),
  SHINSA_RESCAN_CRON: cronPattern('0 3 * * *'),
  SHINSA_RESCAN_TIMEZONE: z
    .string()
    .refine((zone) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: zone });
        return true;
      } catch {
        return false;
      }
    }, 'must be an IANA time zone such as Asia/Tokyo')
    .default('Asia/Tokyo'),
  SHINSA_RESCAN_CHUNK_SIZE: positiveInt(2000),
  SHINSA_RETENTION_SIGNUP_MONTHS: positiveInt(12),
  SHINSA_RETENTION_PERSONAL_MONTHS: positiveInt(24),
  SHINSA_RETENTION_AUDIT_YEARS: positiveInt(5),
  SHINSA_PURGE_CRON: cronPattern('30 4 * * *'),
  SHINSA_RESCAN_CONCURRENCY: positiveInt(8),
  SHINSA_REVIEW_SECURE_COOKIE: boolean.optional(),
  SHINSA_EKYC_GENERIC_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SHINSA_FEEDS_FILE: z.string().min(1).optional(),
  SHINSA_EKYC_GENERIC_VERIFY_URL: url(['https:', 'http:'])
    .refine((value) => value.includes('{request}'), 'must contain {request} (replaced by the eKYC request id)')
    .optional(),
});

export type AppConfig = Readonly<{
  env: 'production' | 'development';
  databaseUrl: string;
  redisUrl: string;
  port: number;
  host: string;
  rulesDir: string;
  /** Shadow mode: a second rule set that scores every webhook screening beside the deciding one; stored, never acted on. */
  shadowRulesDir: string | null;
  /** Candidate rule sets an admin may backtest from the review UI: each subdirectory is one. */
  rulesCandidatesDir: string | null;
  masterKey: Buffer;
  migrateOnStart: boolean;
  /** Look up history (shared attributes, labels, consecutive numbers, series) before screening. */
  linkage: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  /** Failed authentications one source address may make per minute before it gets 429 without a look-up. */
  authFailuresPerMinute: number;
  signatureToleranceSeconds: number;
  queuePrefix: string;
  dbPoolSize: number;
  dbConnectTimeoutMs: number;
  callbackTimeoutMs: number;
  callbackAttempts: number;
  callbackBackoffMs: number;
  workerConcurrency: number;
  workerLockMs: number;
  relayIntervalMs: number;
  /** The nightly rescan: whether the worker schedules it, when (cron in the time zone), chunk size, look-ups in flight per chunk. */
  rescan: { readonly schedule: boolean; readonly cron: string; readonly timezone: string; readonly chunkSize: number; readonly concurrency: number };
  /** How long personal data is kept, and when (in the rescan's time zone) the purge runs. */
  retention: { readonly signupMonths: number; readonly personalMonths: number; readonly auditYears: number; readonly cron: string };
  /** Reviewer sessions end this long after login. */
  reviewSessionHours: number;
  /** Session cookies carry `Secure` (default: in production). */
  reviewSecureCookie: boolean;
  /** The generic HMAC eKYC adapter, when both its settings are given (in development, else the simulated vendor's). */
  ekycGeneric: { readonly secret: string; readonly verifyUrl: string } | null;
  /** Development without eKYC settings: shinsa serves a simulated vendor page at /dev/ekyc/:request that calls the real signed callback. */
  ekycSimulator: boolean;
  /** Threat feeds the worker pulls on their schedules (SHINSA_FEEDS_FILE); none without the file. */
  feeds: readonly FeedDefinition[];
}>;

/** Every bad environment variable at once, so one restart fixes them all. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment once, at boot. Empty strings count as unset. */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): AppConfig {
  const relevant: Record<string, string> = {};
  for (const key of Object.keys(environmentSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== '') relevant[key] = value;
  }
  const parsed = environmentSchema.safeParse(relevant);
  if (!parsed.success) {
    // The message names the key, never the value: values may be secrets.
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const value = parsed.data;
  if ((value.SHINSA_EKYC_GENERIC_SECRET === undefined) !== (value.SHINSA_EKYC_GENERIC_VERIFY_URL === undefined)) {
    throw new ConfigError([`${value.SHINSA_EKYC_GENERIC_SECRET === undefined ? 'SHINSA_EKYC_GENERIC_SECRET' : 'SHINSA_EKYC_GENERIC_VERIFY_URL'}: is required with the other eKYC setting`]);
  }
  // In development with no vendor configured, the generic adapter points at shinsa's own simulated
  // vendor page, with a secret derived from the master key (so every process agrees on it).
  const simulated = value.SHINSA_ENV === 'development' && value.SHINSA_EKYC_GENERIC_SECRET === undefined;
  const ownUrl = `http://${value.HOST === '0.0.0.0' || value.HOST === '::' ? '127.0.0.1' : value.HOST}:${value.PORT}`;
  const feeds = value.SHINSA_FEEDS_FILE === undefined ? { feeds: [], problems: [] } : loadFeedsFile(value.SHINSA_FEEDS_FILE, env);
  if (feeds.problems.length > 0) throw new ConfigError(feeds.problems.map((problem) => `SHINSA_FEEDS_FILE: ${problem}`));
  return {
    env: value.SHINSA_ENV,
    databaseUrl: value.DATABASE_URL,
    redisUrl: value.REDIS_URL,
    port: value.PORT,
    host: value.HOST,
    rulesDir: value.SHINSA_RULES_DIR,
    shadowRulesDir: value.SHINSA_SHADOW_RULES_DIR ?? null,
    rulesCandidatesDir: value.SHINSA_RULES_CANDIDATES_DIR ?? null,
    masterKey: value.SHINSA_MASTER_KEY,
    migrateOnStart: value.SHINSA_MIGRATE_ON_START,
    linkage: value.SHINSA_LINKAGE,
    logLevel: value.SHINSA_LOG_LEVEL,
    bodyLimitBytes: value.SHINSA_BODY_LIMIT_BYTES,
    rateLimitPerMinute: value.SHINSA_RATE_LIMIT_PER_MINUTE,
    authFailuresPerMinute: value.SHINSA_AUTH_FAILURES_PER_MINUTE,
    signatureToleranceSeconds: value.SHINSA_SIGNATURE_TOLERANCE_SECONDS,
    queuePrefix: value.SHINSA_QUEUE_PREFIX,
    dbPoolSize: value.SHINSA_DB_POOL_SIZE,
    dbConnectTimeoutMs: value.SHINSA_DB_CONNECT_TIMEOUT_MS,
    callbackTimeoutMs: value.SHINSA_CALLBACK_TIMEOUT_MS,
    callbackAttempts: value.SHINSA_CALLBACK_ATTEMPTS,
    callbackBackoffMs: value.SHINSA_CALLBACK_BACKOFF_MS,
    workerConcurrency: value.SHINSA_WORKER_CONCURRENCY,
    workerLockMs: value.SHINSA_WORKER_LOCK_MS,
    relayIntervalMs: value.SHINSA_RELAY_INTERVAL_MS,
    rescan: {
      schedule: value.SHINSA_RESCAN_SCHEDULE,
      cron: value.SHINSA_RESCAN_CRON,
      timezone: value.SHINSA_RESCAN_TIMEZONE,
      chunkSize: value.SHINSA_RESCAN_CHUNK_SIZE,
      concurrency: value.SHINSA_RESCAN_CONCURRENCY,
    },
    retention: {
      signupMonths: value.SHINSA_RETENTION_SIGNUP_MONTHS,
      personalMonths: value.SHINSA_RETENTION_PERSONAL_MONTHS,
      auditYears: value.SHINSA_RETENTION_AUDIT_YEARS,
      cron: value.SHINSA_PURGE_CRON,
    },
    reviewSessionHours: value.SHINSA_REVIEW_SESSION_HOURS,
    reviewSecureCookie: value.SHINSA_REVIEW_SECURE_COOKIE ?? value.SHINSA_ENV === 'production',
    ekycGeneric:
      value.SHINSA_EKYC_GENERIC_SECRET && value.SHINSA_EKYC_GENERIC_VERIFY_URL
        ? { secret: value.SHINSA_EKYC_GENERIC_SECRET, verifyUrl: value.SHINSA_EKYC_GENERIC_VERIFY_URL }
        : simulated
          ? { secret: createHmac('sha256', value.SHINSA_MASTER_KEY).update('shinsa development eKYC simulator').digest('hex'), verifyUrl: `${ownUrl}${EKYC_SIMULATOR_PATH}/{request}?method={method}` }
          : null,
    ekycSimulator: simulated,
    feeds: feeds.feeds,
  };
}

/** The injection token of the parsed configuration. */
export const APP_CONFIG = Symbol('AppConfig');
