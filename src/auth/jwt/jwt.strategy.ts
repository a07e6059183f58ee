import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { FastifyRequest } from 'fastify';
import { Strategy } from 'passport-jwt';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';

export const JWT_ALGORITHMS = ['RS256', 'RS384', 'RS512'] as const;

/** The token after the last `Bearer `, cut at the first comma (reference). */
export function bearerToken(request: Pick<FastifyRequest, 'headers'>): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const at = header.lastIndexOf('Bearer ');
  if (at === -1) return null;
  const token = header
    .slice(at + 'Bearer '.length)
    .split(',')[0]
    .trim();
  return token === '' ? null : token;
}

/**
 * passport-jwt checks the RS* signature and `exp`; nbf, iat, iss and aud are
 * not checked (reference). The payload is resolved to an account afterwards.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'flexiapi-jwt') {
  constructor(@InjectSettings() settings: Settings) {
    super({
      jwtFromRequest: bearerToken,
      // a placeholder key keeps the strategy constructible when JWT is off; it is never used then
      secretOrKey: settings.jwtPublicKeyPem || 'jwt-disabled',
      algorithms: [...JWT_ALGORITHMS],
      ignoreExpiration: false,
      jsonWebTokenOptions: { ignoreNotBefore: true, clockTolerance: 0 },
    });
  }

  validate(payload: Record<string, unknown>): Record<string, unknown> {
    return payload;
  }
}
