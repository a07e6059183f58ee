import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import fastifyCookie from '@fastify/cookie';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Logger } from 'pino';
import { AppModule } from './app.module';
import { Settings } from './config/settings';
import type { TlsFiles } from './config/tls-files';
import { HttpExceptionFilter } from './http-exception.filter';
import { clientErrorHandler, frameworkErrors } from './common/fastify-errors';
import { clientRequestId, installHttpPipeline } from './common/http-pipeline';
import { closeConnectionsAfterShutdown } from './common/graceful-close';
import { installRateLimit } from './common/rate-limit';
import { rateLimitStore } from './redis/redis-rate-limit-store';
import { SpaceCache } from './spaces/space-cache';
import { installHeadRefusal } from './common/changes-state';
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
import { DataSource } from 'typeorm';
import { enableMetrics } from './metrics/metrics';
import { installDatabaseMetrics, installRequestMetrics } from './metrics/install';

/**
 * With a certificate, one TLS port that speaks HTTP/2 (ALPN `h2`, what
 * Flexisip's statistics client requires) and HTTP/1.1 (every other client).
 */
const serverOptions = (tls: TlsFiles | undefined) =>
  tls ? { http2: true as const, https: { allowHTTP1: true, cert: tls.cert, key: tls.key } } : {};

/** Builds the configured application (not yet listening): used by main and the e2e tests. */
export async function createApp(settings: Settings, tls?: TlsFiles): Promise<NestFastifyApplication> {
  process.env.TZ = 'UTC';
  // before the modules start: the database's fixed statements are timed from their installation
  const metrics = settings.metrics.enabled ? enableMetrics() : undefined;
  // Nest's adapter types assume an HTTP/1 server; Fastify serves both alike
  const adapter = new RenderingFastifyAdapter({
    ...(serverOptions(tls) as object),
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
  installRequestLog(fastify, logger, app.get(RouteRegistry), tls !== undefined);
  if (metrics) {
    installRequestMetrics(fastify, metrics);
    installDatabaseMetrics(app.get(DataSource), metrics);
  }
  await app.register(fastifyCookie);
  installHttpPipeline(fastify, app.get(SpacesService), settings.rootDomain);
  installRateLimit(
    fastify,
    {
      api: settings.apiRateLimitPerMinute,
      routes: { [ACCOUNT_CREATION_TOKEN_REQUESTS]: settings.accountCreationTokenRateLimitPerMinute },
      exempt: settings.apiRateLimitExemptClients,
    },
    () => rateLimitStore(settings),
  );
  installHeadRefusal(fastify);
  closeConnectionsAfterShutdown(fastify, tls !== undefined);
  if (settings.db.queryCountHeader) installQueryCountHeader(fastify);

  useNestConstraints(app);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpExceptionFilter(app.get(Translator), app.get(RouteRegistry)));
  setupOpenApi(app);
  // exit (not the signal re-raised) once closed, so the log's last line is written (main.ts)
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  await app.init();
  await app.get(SpaceCache).listen();
  return app;
}
