import { applyDecorators, createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Caller, Scope } from '../common/request';

export enum Role {
  Public = 'public',
  User = 'user',
  Admin = 'admin',
  SuperAdmin = 'super_admin',
}

export const ACCESS = 'flexiapi:access';
export { ChangesState } from '../common/changes-state';

/** Security schemes declared in the OpenAPI document (src/openapi.ts). */
export const SECURITY_SCHEMES = ['jwt', 'api_key_header', 'api_key_cookie', 'digest'] as const;

/** The operation extension that carries a route's access level into the OpenAPI document. */
export const ACCESS_EXTENSION = 'x-access';

/**
 * Who may call a route, in one line; the global AuthGuard enforces it and
 * the OpenAPI document shows it (security and 401/403 answers are derived
 * from the level when the document is built, see completeDocument).
 * Handlers never re-check.
 */
export function Access(role: Role): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(ACCESS, role), ApiExtension(ACCESS_EXTENSION, role));
}

/** The authenticated caller (set by the AuthGuard). */
export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = context.switchToHttp().getRequest<FastifyRequest>().caller;
  if (!caller) throw new Error('CurrentCaller used on a route without authentication');
  return caller;
});

/** The Space resolved from the Host header. */
export const CurrentSpace = createParamDecorator((_data: unknown, context: ExecutionContext) => {
  const space = context.switchToHttp().getRequest<FastifyRequest>().space;
  if (!space) throw new Error('CurrentSpace used on a host-less route');
  return space;
});

/** The request's scope (set by the AuthGuard): what it may see, where a creation lands. */
export const CurrentScope = createParamDecorator((_data: unknown, context: ExecutionContext): Scope => {
  const scope = context.switchToHttp().getRequest<FastifyRequest>().scope;
  if (!scope) throw new Error('CurrentScope used on a host-less route');
  return scope;
});
