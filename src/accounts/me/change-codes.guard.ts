import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { forbidden } from '../../common/errors';
import { AccountCreationTokensService } from '../../tokens/account-creation-tokens.service';
import { BlockingService } from './change-codes.blocking.service';

/**
 * Before a code is sent, and before its input is validated (tokens.md §6–7):
 * the blocking service, then the "validated account" requirement.
 */
@Injectable()
export class CodeSendingGuard implements CanActivate {
  constructor(
    private readonly blocking: BlockingService,
    private readonly tokens: AccountCreationTokensService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const account = context.switchToHttp().getRequest<FastifyRequest>().caller!.account;
    await this.blocking.assertAllowed(account);
    if (!(await this.tokens.isValidated(account.id))) throw forbidden('Account unvalidated');
    return true;
  }
}
