import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';

/**
 * Whether the query names `reset_password` (any value, even none:
 * `?reset_password`). Read from the raw query: the normalised input turns an
 * empty value into null and merges the body in.
 */
export const ResetPassword = createParamDecorator((_data: unknown, context: ExecutionContext): boolean => {
  const query = context.switchToHttp().getRequest<FastifyRequest>().query;
  return typeof query === 'object' && query !== null && Object.prototype.hasOwnProperty.call(query, 'reset_password');
});
