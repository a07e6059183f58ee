import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { forbidden } from '../common/errors';
import { SpacesService } from '../spaces/spaces.service';

/**
 * accounts.md §3.8: before any field validation (guards run before pipes),
 * the target Space must exist and not be full. Used by the admin and the
 * public creation routes; runs after the global AuthGuard (its scope names the target).
 */
@Injectable()
export class AccountCreationGuard implements CanActivate {
  constructor(protected readonly spaces: SpacesService) {}

  /** The domain asked for, or a promise of it (a subclass may look it up). */
  protected targetDomain(request: FastifyRequest): unknown {
    return request.scope?.creationDomain;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!(await this.capacityAllows(request, await this.targetDomain(request)))) throw forbidden('This action is unauthorized.');
    return true;
  }

  /** A Space serves this domain and is not full (spaces.md §Capacity). */
  private async capacityAllows(request: FastifyRequest, domain: unknown): Promise<boolean> {
    if (typeof domain !== 'string') return false;
    // usually the Host's own Space, already read for this request (and cached as APP_SPACE_CACHE_SECONDS says)
    const space = request.space?.domain === domain ? request.space : await this.spaces.findByDomain(domain);
    return space !== null && !(await this.spaces.isFull(space));
  }
}
