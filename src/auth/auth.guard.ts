import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { forbidden } from '../common/errors';
import { spaceExpired } from '../account-core/entities/space.entity';
import { changesState } from '../common/changes-state';
import { ACCESS, Role } from './access.decorator';
import { Authenticator } from './authenticator.service';
import { scopeOf } from './scope';

/**
 * The one guard chain: authenticate, then the blocked and expired-Space
 * checks (API routes only), the role, and the cross-Space rule.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // routes that forgot to declare their access are not public
    const role = this.reflector.getAllAndOverride<Role>(ACCESS, [context.getHandler(), context.getClass()]) ?? Role.User;
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (role === Role.Public) {
      // host-less routes have no Space, hence no scope
      if (request.space) request.scope = scopeOf(request.space, undefined, request.body);
      return true;
    }

    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const caller = await this.authenticator.authenticate(request, reply, { changesState: changesState(request) });
    request.caller = caller;
    const space = request.space!;

    if (request.apiRoute) {
      if (caller.account.blocked) throw forbidden('Account blocked');
      if (!caller.superAdmin && spaceExpired(space)) throw forbidden('The related Space has expired');
    }
    if (role === Role.Admin && !caller.account.admin) throw forbidden('Unauthorized area');
    if (role === Role.SuperAdmin && !caller.superAdmin) throw forbidden('Unauthorized area');
    // each Space is its own service: only super admins cross them
    if (!caller.superAdmin && caller.account.domain !== space.domain) throw forbidden('Unauthorized area');
    request.scope = scopeOf(space, caller, request.body);
    return true;
  }
}
