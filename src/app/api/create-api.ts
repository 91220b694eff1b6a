import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import fastifyCookie from '@fastify/cookie';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import type { Logger } from 'pino';
import { RULE_BUNDLE_LIMITS } from '../../screening/rule-bundle';
import { EKYC_SETTINGS, type AppConfig } from '../config/config';
import { OpenConnections } from '../core/open-connections';
import { runMigrations } from '../database/migrate';
import { parseUrlencodedForm } from '../http/url-encoding';
import { PinoNestLogger } from '../observability/logger';
import { FAVICON } from '../review/ui/assets';
import { ApiMetrics } from '../observability/metrics';
import { ApiModule } from './api.module';
import { openApiDocument } from './openapi';
import { ProblemFilter } from './problem.filter';
import { StorableInputGuard } from './storable-input.guard';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * Builds the api (not yet listening): Fastify with a raw-body JSON parser (the signature covers
 * the exact bytes), problem+json errors everywhere, request ids, metrics and OpenAPI at /docs.
 */
export async function createApi(config: AppConfig, logger: Logger): Promise<NestFastifyApplication> {
  if (config.migrateOnStart) {
    const ran = await runMigrations(config);
    if (ran.length > 0) logger.info({ migrations: ran }, 'migrations applied');
  }
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    bodyLimit: config.bodyLimitBytes,
    trustProxy: false,
    genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => {
      const given = request.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    },
  });
  const fastify = adapter.getInstance();
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes }, (_request, body, done) => done(null, body));
  // The reviewer UI's forms and session cookies.
  // Forms must be UTF-8: a field that is not is refused, not read as other text (the guard then checks what they say).
  await fastify.register(fastifyFormbody, { bodyLimit: 64 * 1024, parser: parseUrlencodedForm });
  await fastify.register(fastifyCookie);
  // Only the admin's rules-bundle upload reads multipart bodies: one packed bundle and a few text
  // fields. Elsewhere a multipart body is never read and the route refuses it as any other type.
  await fastify.register(fastifyMultipart, { limits: { fileSize: RULE_BUNDLE_LIMITS.compressedBytes, files: 1, fields: 8, fieldSize: 4096, parts: 9 } });
  // Browsers ask for it on every page; not part of the API (so not a controller, not in OpenAPI).
  fastify.get('/favicon.ico', (_request, reply) => reply.type(FAVICON.type).header('cache-control', 'public, max-age=86400').send(FAVICON.body));

  const connections = new OpenConnections();
  let app: NestFastifyApplication;
  try {
    app = await NestFactory.create<NestFastifyApplication>(ApiModule.forRoot(config, logger, connections), adapter, {
      bodyParser: false,
      logger: new PinoNestLogger(logger),
      abortOnError: false,
    });
  } catch (error) {
    // What the first providers opened would keep the process alive after the error.
    await connections.close();
    throw error;
  }
  app.useGlobalFilters(new ProblemFilter(logger));
  // No enableShutdownHooks(): `shinsa api` closes the app on SIGINT/SIGTERM itself and exits 0;
  // Nest's hooks would close it a second time and then re-raise the signal to kill the process.
  app.useGlobalGuards(new StorableInputGuard());

  const metrics = app.get(ApiMetrics);
  fastify.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  fastify.addHook('onResponse', async (request, reply) => {
    metrics.observe(request.routeOptions.url ?? 'unmatched', request.method, reply.statusCode, reply.elapsedTime / 1000);
  });

  SwaggerModule.setup('docs', app, openApiDocument() as never, { jsonDocumentUrl: 'docs/openapi.json' });
  await app.init();
  await fastify.ready();
  if (config.ekycSimulator) logger.warn({ path: '/dev/ekyc/:request' }, 'development: eKYC goes to a simulated vendor page served by this api (never in production)');
  else if (!config.ekycGeneric) logger.warn({ settings: EKYC_SETTINGS }, 'no eKYC provider is configured: reviewers cannot request eKYC until these settings are set');
  return app;
}
