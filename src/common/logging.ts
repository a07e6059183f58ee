import { BeforeApplicationShutdown, Inject, Injectable, LoggerService, LogLevel, Module, OnApplicationShutdown } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import pino, { Logger as Pino } from 'pino';
import { urlRedactor } from './log-redaction';
import type { RouteRegistry } from './route-registry';

/**
 * The process's one pino logger. Lines go through an asynchronous
 * destination (written between requests, never blocking one); it is flushed
 * synchronously when the process exits and when the application shuts down
 * (a SIGTERM ends the process without an `exit` event).
 */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Pino {
  // credentials never reach the log: the request line copies the headers without them (requestFields),
  // tokens and codes of the URL are redacted by its serializer
  // lines are written by the 8 KB (or every 200 ms): one write per request would cost a system call each
  return pino({ level }, pino.destination({ dest: 1, sync: false, minLength: 8192, periodicFlush: 200 }));
}

export function flushLogger(logger: Pino): void {
  try {
    const stream = (logger as unknown as Record<symbol, { flushSync?: () => void } | undefined>)[pino.symbols.streamSym];
    stream?.flushSync?.();
  } catch {
    // nothing buffered, or stdout already gone
  }
}

export const PINO = Symbol('pino');

@Injectable()
class LogFlush implements BeforeApplicationShutdown, OnApplicationShutdown {
  constructor(@Inject(PINO) private readonly pino: Pino) {}

  /** Why the service stops (the line saying it is done is main.ts's, at exit). */
  beforeApplicationShutdown(signal?: string): void {
    this.pino.info({ context: 'Main', signal }, `Stopping on ${signal ?? 'request'}: no new connections, finishing the requests in flight`);
  }

  onApplicationShutdown(): void {
    flushLogger(this.pino);
  }
}

/** Provides the logger (PINO) and flushes it at shutdown. */
@Module({
  providers: [{ provide: PINO, useFactory: () => createLogger() }, LogFlush],
  exports: [PINO],
})
export class LoggingModule {}

/**
 * One line per request once it is answered, and nothing else per request:
 * its id, method, URL (credentials redacted), Host, client and user agent,
 * status and time. No other header: credentials travel in several, and the
 * line stays short (it is written for every request on the hot paths).
 */
export function installRequestLog(fastify: FastifyInstance, logger: Pino, routes: RouteRegistry, http2 = false): void {
  if (!logger.isLevelEnabled('info')) return;
  const redactedUrl = urlRedactor(routes);
  // an HTTP/2 stream no longer knows its session's socket once answered: its client is taken on arrival
  const http2Clients = http2 ? new WeakMap<FastifyRequest, string | undefined>() : undefined;
  if (http2Clients) {
    fastify.addHook('onRequest', (request, _reply, done) => {
      if (request.raw.httpVersionMajor === 2) http2Clients.set(request, request.ip);
      done();
    });
  }
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    const line = {
      req: {
        id: request.id,
        method: request.method,
        url: redactedUrl(request),
        // HTTP/2 carries it as `:authority`
        host: request.headers.host ?? request.headers[':authority'],
        remoteAddress: http2Clients?.get(request) ?? request.ip,
        userAgent: request.headers['user-agent'],
      },
      res: { statusCode: status },
      responseTime: Math.round(reply.elapsedTime),
      // who made the request, once the guard has authenticated them
      accountId: request.caller?.account.id,
    };
    if (status >= 500) logger.error(line, 'request errored');
    else logger.info(line, 'request completed');
    done();
  });
}

/**
 * Nest's start-up lines: one per module and per route (120 of them), said
 * instead by main.ts's few lines; their warnings and errors still pass.
 */
const QUIET_CONTEXTS = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

/** Nest's own lines (start, errors the filter logs …) through the same logger, with their context. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly pino: Pino) {}

  log(message: unknown, ...rest: unknown[]): void {
    const context = rest[rest.length - 1];
    if (typeof context === 'string' && QUIET_CONTEXTS.has(context)) return;
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }
  setLogLevels(_levels: LogLevel[]): void {
    // the level is LOG_LEVEL's
  }

  private write(level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal', message: unknown, rest: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    // Nest passes the context last (and, for errors, a stack before it)
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
    const stack = rest.length > 1 && typeof rest[0] === 'string' ? rest[0] : undefined;
    const fields: Record<string, unknown> = {};
    if (context !== undefined) fields.context = context;
    if (stack !== undefined) fields.stack = stack;
    if (message instanceof Error) {
      fields.err = message;
      this.pino[level](fields, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.pino[level]({ ...fields, ...message });
    } else {
      this.pino[level](fields, String(message));
    }
  }
}
