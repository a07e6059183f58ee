import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { map, Observable } from 'rxjs';

/**
 * The reference's rendering of non-JSON results: a string is an HTML body,
 * `true` is `1`, `false` and nothing are an empty body, a number its text.
 */
@Injectable()
export class ResponseInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    return next.handle().pipe(
      map((value) => {
        if (value === undefined || value === null || value === false) {
          reply.type('text/html; charset=UTF-8');
          return '';
        }
        if (value === true) value = '1';
        if (typeof value === 'number') value = String(value);
        if (typeof value === 'string') {
          if (!reply.hasHeader('content-type')) reply.type('text/html; charset=UTF-8');
          return value;
        }
        return value;
      }),
    );
  }
}
