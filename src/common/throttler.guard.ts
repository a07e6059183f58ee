import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Rate limit per client IP, on `/api` only (all its routes share one counter). */
@Injectable()
export class ApiThrottlerGuard extends ThrottlerGuard {
  protected async shouldSkip(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return !request.url.startsWith('/api');
  }

  protected async getTracker(request: Record<string, unknown>): Promise<string> {
    return String((request as unknown as FastifyRequest).ip);
  }

  protected generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `${throttlerName}:${tracker}`;
  }

  /** The 429 carries the limit headers too (the library sends only Retry-After then). */
  protected async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    reply.header(`${this.headerPrefix}-Limit`, detail.limit);
    reply.header(`${this.headerPrefix}-Remaining`, 0);
    reply.header(`${this.headerPrefix}-Reset`, detail.timeToBlockExpire);
    return super.throwThrottlingException(context, detail);
  }
}
