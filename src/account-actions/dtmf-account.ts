import { CanActivate, createParamDecorator, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccountsRepository } from '../account-core/accounts.repository';
import type { Account } from '../account-core/entities/account.entity';
import { forbidden } from '../common/errors';
import { parseId } from '../common/parse-id.pipe';

/** The account each request's guard resolved, for its handler. */
const resolved = new WeakMap<FastifyRequest, Account>();

/**
 * contacts.md §5: every action route first resolves its `:id` account in the
 * request's scope (404), then refuses one without a DTMF protocol (403),
 * before any validation (guards run before pipes) and before looking at the
 * action.
 */
@Injectable()
export class DtmfAccountGuard implements CanActivate {
  constructor(private readonly accounts: AccountsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const account = await this.accounts.getScoped(parseId((request.params as { id?: unknown }).id), request.scope!);
    if (!account.dtmf_protocol) throw forbidden('DTMF Protocol must be configured');
    resolved.set(request, account);
    return true;
  }
}

/** The route's account, as `DtmfAccountGuard` found it. */
export const DtmfAccount = createParamDecorator((_data: unknown, context: ExecutionContext): Account => {
  const account = resolved.get(context.switchToHttp().getRequest<FastifyRequest>());
  if (!account) throw new Error('DtmfAccount used on a route without DtmfAccountGuard');
  return account;
});
