import { CanActivate, Injectable } from '@nestjs/common';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { notFound } from '../common/errors';

/** The deprecated "Unsecure endpoint" routes exist only with APP_DANGEROUS_ENDPOINTS (accounts.md §8.5). */
@Injectable()
export class DangerousEndpointsGuard implements CanActivate {
  constructor(@InjectSettings() private readonly settings: Settings) {}

  canActivate(): boolean {
    if (!this.settings.dangerousEndpoints) throw notFound('');
    return true;
  }
}
