import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/** The query parameter asking for a new random password (provisioning.md §Password reset). */
export const RESET_PASSWORD = 'reset_password';

/**
 * Whether the query names `reset_password` (any value, even none:
 * `?reset_password`). Read from the raw query: the normalised input turns an
 * empty value into null and merges the body in.
 */
export const ResetPassword = createParamDecorator((_data: unknown, context: ExecutionContext): boolean => {
  const query = context.switchToHttp().getRequest<FastifyRequest>().query;
  return typeof query === 'object' && query !== null && Object.prototype.hasOwnProperty.call(query, RESET_PASSWORD);
});
