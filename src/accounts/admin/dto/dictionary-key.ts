import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { hasControlCharacters } from '../../../common/control-characters';
import { ValidationFailed } from '../../../common/errors';
import { bodyValidated } from '../../../common/validation/validation-request';

/** Keys are stored in a 255-character column. */
const KEY_MAX = 255;

/**
 * The `:key` of a dictionary write, checked after the body (its 422 first)
 * and before the account lookup, which waits for the body too but then
 * needs the database (reference order).
 */
export const DictionaryKey = createParamDecorator(async (_data: unknown, context: ExecutionContext): Promise<string | undefined> => {
  const request = context.switchToHttp().getRequest<FastifyRequest>();
  if (!(await bodyValidated(request))) return undefined;
  const key = (request.params as { key: string }).key;
  if ([...key].length > KEY_MAX) throw new ValidationFailed([{ field: 'key', rule: 'max.string', params: { max: KEY_MAX } }]);
  if (hasControlCharacters(key)) throw new ValidationFailed([{ field: 'key', rule: 'no_control_characters' }]);
  return key;
});
