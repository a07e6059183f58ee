import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { forbidden } from '../common/errors';
import { AccountsService } from './accounts.service';
import { creationDomain } from './dto/account-rules';

/**
 * accounts.md §3.8: before any field validation (guards run before pipes),
 * the target Space must exist and not be full. Used by the admin and the
 * public creation routes; runs after the global AuthGuard (caller known).
 */
@Injectable()
export class AccountCreationGuard implements CanActivate {
  constructor(private readonly accounts: AccountsService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!(await this.accounts.capacityAllows(creationDomain(request)))) throw forbidden('This action is unauthorized.');
    return true;
  }
}
