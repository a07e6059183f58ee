import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { Settings } from './config/settings';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { clientErrorHandler, frameworkErrors } from './common/fastify-errors';
import { clientRequestId, installHttpPipeline } from './common/http-pipeline';
import { closeConnectionsAfterShutdown } from './common/graceful-close';
import { installRateLimit } from './common/rate-limit';
import { ACCOUNT_CREATION_TOKEN_REQUESTS } from './tokens/token-requests-rate-limit';
import { installRequestLog, NestPinoLogger, PINO } from './common/logging';
import { RenderingFastifyAdapter } from './common/response-rendering';
import { RouteRegistry } from './common/route-registry';
import { createValidationPipe } from './common/validation/validation.pipe';
import { useNestConstraints } from './common/validation/constraint-container';
import { Translator } from './i18n/translator';
import { SpacesService } from './spaces/spaces.service';
import { setupOpenApi } from './openapi';
import { installQueryCountHeader } from './database/query-count';

/** Builds the configured application (not yet listening): used by main and the e2e tests. */
export async function createApp(settings: Settings): Promise<NestFastifyApplication> {
  process.env.TZ = 'UTC';
  const adapter = new RenderingFastifyAdapter({
    trustProxy: settings.trustedProxies.length > 0 ? settings.trustedProxies : false,
    routerOptions: {
      ignoreTrailingSlash: true,
      // path parameters such as dictionary keys may be 255 characters once encoded
      maxParamLength: 1024,
    },
    bodyLimit: 1024 * 1024,
    // request ids: the caller's own when it is a short safe token (tracing across proxies), else a new UUID
    requestIdHeader: false,
    genReqId: (req: IncomingMessage) => clientRequestId(req.headers['x-request-id']) ?? randomUUID(),
    // Fastify's and Node's own refusals in the `{"message": …}` shape
    frameworkErrors,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(settings), adapter, {
    bufferLogs: true,
    // JSON and forms are parsed by the pipeline (reference error texts, empty bodies allowed)
    bodyParser: false,
  });
  const logger = app.get<Logger>(PINO);
  app.useLogger(new NestPinoLogger(logger));

  const fastify = app.getHttpAdapter().getInstance();
  app.get(RouteRegistry).attach(fastify);
  installRequestLog(fastify, logger, app.get(RouteRegistry));
  await app.register(fastifyCookie);
  installHttpPipeline(fastify, app.get(SpacesService), settings.rootDomain);
  installRateLimit(fastify, {
    api: settings.apiRateLimitPerMinute,
    routes: { [ACCOUNT_CREATION_TOKEN_REQUESTS]: settings.accountCreationTokenRateLimitPerMinute },
  });
  closeConnectionsAfterShutdown(fastify);
  if (settings.db.queryCountHeader) installQueryCountHeader(fastify);

  useNestConstraints(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(app.get(Translator), app.get(RouteRegistry)));
  setupOpenApi(app);
  app.enableShutdownHooks();
  await app.init();
  return app;
}
