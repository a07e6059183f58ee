import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import passport from 'passport';
import { AccountsRepository } from '../../account-core/accounts.repository';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { ApiError, forbidden, unauthorized } from '../../common/errors';
import { Caller } from '../../account-core/request-scope';
import { bearerToken, JWT_ALGORITHMS } from './jwt.strategy';

const NOT_RELATED = 'The JWT token is not related to someone in the system';

/** A JSON object, not an array nor null: what a JWS header and a JWT claims set are. */
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

@Injectable()
export class JwtAuthenticator {
  constructor(
    private readonly accounts: AccountsRepository,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** JWT applies when a PEM is configured and the request carries a bearer token. */
  applies(request: FastifyRequest): boolean {
    return this.settings.jwtPublicKeyPem !== '' && bearerToken(request) !== null;
  }

  async authenticate(request: FastifyRequest): Promise<Caller> {
    const token = bearerToken(request)!;
    this.checkHeader(token);
    const payload = await this.verify(request);
    return this.resolve(payload);
  }

  /**
   * Structure and algorithm first, so their errors are told apart from a bad
   * signature: header and claims are JSON objects (RFC 7515 §4, RFC 7519 §7.2).
   */
  private checkHeader(token: string): void {
    const parts = token.split('.');
    let header: unknown;
    let claims: unknown;
    try {
      if (parts.length !== 3) throw new Error('parts');
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
      claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    } catch {
      throw this.error('Invalid JWT token');
    }
    if (!isObject(header) || !isObject(claims)) throw this.error('Invalid JWT token');
    if (!(JWT_ALGORITHMS as readonly unknown[]).includes(header.alg)) throw this.error('Unsupported RSA signature');
  }

  private verify(request: FastifyRequest): Promise<Record<string, unknown>> {
    return new Promise((resolve, reject) => {
      const authenticate = passport.authenticate(
        'flexiapi-jwt',
        { session: false },
        (err: Error | null, payload: Record<string, unknown> | false, info: { name?: string; message?: string } | undefined) => {
          if (err) return reject(err);
          if (payload) return resolve(payload);
          if (info?.name === 'TokenExpiredError') return reject(this.error('Expired JWT token'));
          if (info?.message === 'invalid signature') return reject(this.error('Invalid JWT token signature'));
          if (info?.message === 'invalid algorithm') return reject(this.error('Unsupported RSA signature'));
          reject(this.error('Invalid JWT token'));
        },
      ) as (request: FastifyRequest, response: object, next: (error?: unknown) => void) => void;
      authenticate(request, {}, reject);
    });
  }

  private async resolve(payload: Record<string, unknown>): Promise<Caller> {
    const claim = this.settings.jwtSipIdentifier;
    const sipIdentity = claim === '' ? undefined : this.stringClaim(payload, claim);
    const email = this.stringClaim(payload, 'email');
    let caller: Caller | undefined;
    if (sipIdentity !== undefined) {
      const [username, domain] = sipIdentity.slice(4).split('@');
      if (domain === undefined) throw forbidden(NOT_RELATED);
      caller = await this.accounts.findCaller({ username, domain });
    } else if (email !== undefined) {
      caller = await this.accounts.findCaller({ email });
    } else {
      throw forbidden(NOT_RELATED);
    }
    if (!caller) throw forbidden(NOT_RELATED);
    return caller;
  }

  /** A claim this layer reads: absent, or a string; any other type makes the token invalid (exp: jsonwebtoken's check). */
  private stringClaim(payload: Record<string, unknown>, name: string): string | undefined {
    if (!Object.hasOwn(payload, name)) return undefined;
    const value = payload[name];
    if (typeof value !== 'string') throw this.error('Invalid JWT token');
    return value;
  }

  private error(description: string): ApiError {
    const prefix = this.settings.authenticationBearer ? `${this.settings.authenticationBearer}, ` : '';
    return unauthorized(description, {
      'WWW-Authenticate': `Bearer ${prefix}error="invalid_token", error_description="${description}"`,
    });
  }
}
