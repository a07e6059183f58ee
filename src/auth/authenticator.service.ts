import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { unauthorized } from '../common/errors';
import { Caller } from '../account-core/request-scope';
import { ApiKeysService } from './api-keys.service';
import { checkCookieWrite } from './cookie-writes';
import { DigestService } from './digest/digest.service';
import { JwtAuthenticator } from './jwt/jwt-authenticator.service';
import { AuthMethod, metrics } from '../metrics/metrics';

/** The ways in, in the contract's order: JWT bearer, then API key, then DIGEST. */
@Injectable()
export class Authenticator {
  constructor(
    private readonly jwt: JwtAuthenticator,
    private readonly apiKeys: ApiKeysService,
    private readonly digest: DigestService,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** `changesState`: the route changes something even when its method is GET (`@ChangesState()`). */
  async authenticate(request: FastifyRequest, reply: FastifyReply, route: { changesState?: boolean } = {}): Promise<Caller> {
    if (!metrics) return this.attempt(request, reply, route);
    const method: AuthMethod = this.jwt.applies(request)
      ? 'jwt'
      : request.headers['x-api-key'] || request.cookies?.['x-api-key']
        ? 'api_key'
        : 'digest';
    try {
      const caller = await this.attempt(request, reply, route);
      metrics.auth.inc({ method, outcome: 'success' });
      return caller;
    } catch (error) {
      // DIGEST's first step is a challenge to a request without credentials, not a failed login
      const challenge = method === 'digest' && !request.headers.authorization;
      metrics.auth.inc({ method, outcome: challenge ? 'challenge' : 'failure' });
      throw error;
    }
  }

  private async attempt(request: FastifyRequest, reply: FastifyReply, route: { changesState?: boolean }): Promise<Caller> {
    if (this.jwt.applies(request)) return this.jwt.authenticate(request);
    if (this.settings.authenticationBearer) {
      // reference: the bearer setting takes priority and turns API keys and DIGEST off
      throw unauthorized('Unauthenticated request', { 'WWW-Authenticate': `Bearer ${this.settings.authenticationBearer}` });
    }
    const header = request.headers['x-api-key'];
    if (typeof header === 'string' && header) return this.apiKeys.authenticate(header, request.ip);
    const cookie = request.cookies?.['x-api-key'];
    if (cookie) {
      // before the key is looked up, so a forged request does not even count as a use
      checkCookieWrite(request, route.changesState ?? false);
      return this.apiKeys.authenticate(cookie, request.ip);
    }
    return this.digest.authenticate(request, reply);
  }
}
