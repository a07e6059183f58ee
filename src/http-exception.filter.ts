import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { methodNotAllowed } from './common/changes-state';
import { ApiError, RawUnprocessable, ValidationFailed } from './common/errors';
import { fastifyErrorMessage } from './common/fastify-errors';
import { localeOf, pathOf } from './common/request';
import { Translator } from './i18n/translator';
import { RouteRegistry } from './common/route-registry';
import { databaseFault, driverCode, RETRY_AFTER_SECONDS } from './database/database-errors';

/** The one place where errors become the reference's JSON bodies; never a stack trace. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  constructor(
    private readonly translator: Translator,
    private readonly routes: RouteRegistry,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const [status, body, headers] = this.render(exception, request);
    if (reply.sent) return;
    for (const [name, value] of Object.entries(headers)) reply.header(name, value);
    reply.status(status).type('application/json').send(JSON.stringify(body));
  }

  private render(exception: unknown, request: FastifyRequest): [number, unknown, Record<string, string | string[]>] {
    if (exception instanceof ValidationFailed) {
      return [422, this.translator.validationBody(exception.fieldErrors, localeOf(request)), {}];
    }
    if (exception instanceof RawUnprocessable) return [422, exception.body, {}];
    if (exception instanceof ApiError) {
      return [exception.getStatus(), exception.getResponse(), exception.headers];
    }
    if (exception instanceof NotFoundException && String(exception.message).startsWith('Cannot ')) {
      return this.unknownRoute(request);
    }
    if (exception instanceof HttpException) {
      const response = exception.getResponse();
      const message =
        typeof response === 'string' ? response : ((response as { message?: string | string[] }).message ?? exception.message);
      // Fastify's own errors (body too large …) reach here too, as HttpExceptions carrying their text
      return [exception.getStatus(), { message: Array.isArray(message) ? message.join(' ') : fastifyErrorMessage(message) }, {}];
    }
    const status = (exception as { statusCode?: number })?.statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      // errors raised by Fastify itself (body too large, bad content type …)
      return [status, { message: fastifyErrorMessage((exception as Error).message) }, {}];
    }
    const fault = databaseFault(exception);
    if (fault && 'unique' in fault) return [422, this.translator.validationBody([fault.unique], localeOf(request)), {}];
    if (fault && 'conflict' in fault) return [409, { message: 'Conflict' }, {}];
    if (fault) {
      // deviation 28: an honest, quick answer while the database is away; one line, no stack
      this.logger.warn(`Database unavailable (${driverCode(exception)}): ${(exception as Error).message}`);
      return [503, { message: 'Service unavailable' }, { 'retry-after': String(RETRY_AFTER_SECONDS) }];
    }
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return [500, { message: 'Server Error' }, {}];
  }

  private unknownRoute(request: FastifyRequest): [number, unknown, Record<string, string | string[]>] {
    const path = pathOf(request);
    const methods = this.routes.methodsFor(path).filter((m) => m !== request.method);
    if (methods.length > 0) {
      const { body, allow } = methodNotAllowed(request.method, path, methods);
      return [405, body, { allow }];
    }
    return [404, { message: `The route ${path.replace(/^\//, '')} could not be found.` }, {}];
  }
}
