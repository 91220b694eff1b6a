import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * Structured JSON logs. Personal data never goes here: request logs carry the method, the route,
 * the status and the request id, not the client's address, headers or body (CGNAT source ports
 * and IPs are stored with the application, where access is controlled).
 */
/**
 * Errors keep their type, code, message and stack, nothing else: a database error's `detail`,
 * TypeORM's `parameters` and `query` can hold the values of a row (a phone, an e-mail).
 */
function safeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error).slice(0, 300) };
  const code = (error as { code?: unknown }).code;
  return { type: error.name, ...(typeof code === 'string' ? { code } : {}), message: error.message.slice(0, 300), stack: error.stack };
}

export function createLogger(level: string, name: string, destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    serializers: {
      req: (request: { id?: string; method?: string; routeOptions?: { url?: string }; url?: string }) => ({
        id: request.id,
        method: request.method,
        // The route pattern, not the URL: ids in the path are not personal, but query strings might be.
        route: request.routeOptions?.url ?? request.url?.split('?')[0],
      }),
      res: (reply: { statusCode?: number }) => ({ statusCode: reply.statusCode }),
      err: safeError,
    },
    redact: { paths: ['req.headers', 'req.body', 'headers', 'body', 'secret', '*.secret'], remove: true },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * A warning for an outage that repeats on every reconnect attempt (Redis down, say): logged at
 * most every 30 seconds, with the error's message only.
 */
export function throttledWarning(logger: Logger, message: string, intervalMs = 30_000): (error: unknown) => void {
  let last = 0;
  return (error) => {
    if (Date.now() - last < intervalMs) return;
    last = Date.now();
    logger.warn({ err: { message: (error as Error).message } }, message);
  };
}

/** Nest's own messages (bootstrap, route mapping) through the same pino logger. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }

  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }

  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }

  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }

  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
