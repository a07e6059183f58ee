import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { forbidden } from '../common/errors';
import { AccountsService } from './accounts.service';
import { creationDomain } from './dto/account-rules';
import { dangerousDomain } from './public-accounts-dangerous.dto';

/**
 * accounts.md §3.8: before any field validation (guards run before pipes),
 * the target Space must exist and not be full. Used by the admin and the
 * public creation routes; runs after the global AuthGuard (caller known).
 */
@Injectable()
export class AccountCreationGuard implements CanActivate {
  constructor(protected readonly accounts: AccountsService) {}

  protected targetDomain(request: FastifyRequest): Promise<unknown> | unknown {
    return creationDomain(request);
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!(await this.accounts.capacityAllows(await this.targetDomain(request)))) throw forbidden('This action is unauthorized.');
    return true;
  }
}

/**
 * The dangerous creation lands in its `domain` input (§8.5), so that Space's
 * capacity is the one checked; a `domain` naming no Space is left to the
 * field rule (422 `The selected domain is invalid.`).
 */
@Injectable()
export class DangerousCreationGuard extends AccountCreationGuard {
  protected async targetDomain(request: FastifyRequest): Promise<unknown> {
    const wanted = dangerousDomain((request.body ?? {}) as Record<string, unknown>);
    return typeof wanted === 'string' && (await this.accounts.spaceExists(wanted)) ? wanted : request.space?.domain;
  }
}
