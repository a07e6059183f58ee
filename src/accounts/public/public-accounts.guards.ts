import { CanActivate, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AccountCreationGuard } from '../account-creation.guard';
import { dangerousDomain } from './dto/public-accounts-dangerous.dto';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { notFound } from '../../common/errors';

/** The deprecated "Unsecure endpoint" routes exist only with APP_DANGEROUS_ENDPOINTS (accounts.md §8.5). */
@Injectable()
export class DangerousEndpointsGuard implements CanActivate {
  constructor(@InjectSettings() private readonly settings: Settings) {}

  canActivate(): boolean {
    if (!this.settings.dangerousEndpoints) throw notFound('');
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
    const wanted = dangerousDomain(request);
    return typeof wanted === 'string' && (await this.spaces.findByDomain(wanted)) !== null ? wanted : request.space?.domain;
  }
}
