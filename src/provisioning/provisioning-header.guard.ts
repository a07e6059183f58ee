import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../common/errors';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';

export const PROVISIONING_HEADER = 'x-linphone-provisioning';

/**
 * provisioning.md §Header check: Linphone announces itself with this header
 * (any value, even empty). A route guard runs after the global AuthGuard
 * (so `/provisioning/me` authenticates first, as the spec orders) and before
 * the handler, so nothing is consumed by a refused request.
 */
@Injectable()
export class ProvisioningHeaderGuard implements CanActivate {
  constructor(@InjectSettings() private readonly settings: Settings) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.settings.provisioningUseXLinphoneHeader) return true;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (request.headers[PROVISIONING_HEADER] === undefined) throw new ApiError(400, `${PROVISIONING_HEADER} header is missing`);
    return true;
  }
}
