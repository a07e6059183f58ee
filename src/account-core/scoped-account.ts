import { createParamDecorator, ExecutionContext, Injectable, PipeTransform } from '@nestjs/common';
import { ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RouteParamtypes } from '@nestjs/common/enums/route-paramtypes.enum';
import type { FastifyRequest } from 'fastify';
import { parseId } from '../common/parse-id.pipe';
import { bodyValidated } from '../common/validation/validation-request';
import { Account } from './entities/account.entity';
import { AccountsRepository } from './accounts.repository';

interface ScopedInput {
  request: FastifyRequest;
  /** the handler also takes the body: its validation comes first */
  afterBody: boolean;
}

/** Handlers that take the whole body (`@Body()`), found once per handler. */
const takesBody = new WeakMap<object, boolean>();

function hasBody(context: ExecutionContext): boolean {
  const handler = context.getHandler();
  let known = takesBody.get(handler);
  if (known === undefined) {
    const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, context.getClass(), handler.name) ?? {}) as Record<string, { data?: unknown }>;
    known = Object.entries(args).some(([key, arg]) => key.startsWith(`${RouteParamtypes.BODY}:`) && arg.data === undefined);
    takesBody.set(handler, known);
  }
  return known;
}

/** `:id` as the account it names in the request's scope: digits only, else 404; out of scope, 404. */
@Injectable()
export class ScopedAccountPipe implements PipeTransform<ScopedInput, Promise<Account | undefined>> {
  constructor(private readonly accounts: AccountsRepository) {}

  async transform({ request, afterBody }: ScopedInput): Promise<Account | undefined> {
    // a refused body has already failed the request: no lookup
    if (afterBody && !(await bodyValidated(request))) return undefined;
    return this.accounts.getScoped(parseId((request.params as { id?: unknown }).id), request.scope!);
  }
}

const ScopedInputOf = createParamDecorator((_data: unknown, context: ExecutionContext): ScopedInput => ({
  request: context.switchToHttp().getRequest<FastifyRequest>(),
  afterBody: hasBody(context),
}));

/** The account of the route's `:id`, in the request's scope, after the body's validation (reference order). */
export const ScopedAccount = (): ParameterDecorator => ScopedInputOf(ScopedAccountPipe);
