import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Account } from '../../account-core/entities/account.entity';
import { AccountsRepository } from '../../account-core/accounts.repository';
import { passwordRealm } from '../../account-core/password-hash';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { ApiError, FieldError, notFound, unauthorized, ValidationFailed } from '../../common/errors';
import { Caller } from '../../account-core/request-scope';
import { DIGEST_ALGORITHMS, DigestAlgorithm, ha1 } from '../../common/digest-hash';
import { challenge, challengeAlgorithms, DigestParams, digestResponse, parseAuthorization, parseFrom, parseNc, safeEqual } from './digest';
import { digestKeys } from './digest-keys';
import { issueNonce, nonceExpired, nonceFromFuture, nonceIssuedAt } from './nonce';
import { NonceCounts } from './nonce-counts';
import type { OnProgress } from '../../common/progress';

const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/**
 * HTTP DIGEST (RFC 7616) with the SIP identity in `From`; nonces are signed
 * (nonce.ts) and only their counts are kept in the database (nonce-counts.ts).
 */
@Injectable()
export class DigestService {
  private readonly opaque: string;
  private readonly nonceKey: Buffer;

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly counts: NonceCounts,
    @InjectSettings() private readonly settings: Settings,
  ) {
    const keys = digestKeys(settings.appKey);
    this.opaque = keys.opaque;
    this.nonceKey = keys.nonceKey;
  }

  async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Caller> {
    const from = request.headers.from;
    if (!from) throw unauthorized('From header is required or invalid token');
    const identity = parseFrom(from);
    const found = identity ? await this.accounts.findWithPasswords(identity.username, identity.domain) : undefined;
    if (!found) throw notFound();
    const { account } = found;
    const realm = passwordRealm(this.settings, account.domain);
    const passwords = account.passwords ?? [];

    const params = parseAuthorization(request.headers.authorization);
    if (!params) throw this.challenged(account, realm, 'Unauthenticated request');

    // the nonce is checked by its MAC and date alone: nothing is read or written before authentication
    const issuedAt = params.nonce ? nonceIssuedAt(this.nonceKey, account.id, params.nonce) : undefined;
    if (issuedAt === undefined || nonceFromFuture(issuedAt, nowSeconds())) throw this.challenged(account, realm, 'Nonce invalid');

    this.validate(params, realm, identity!.username, request.url);

    const algorithm = params.algorithm as DigestAlgorithm;
    const password = passwords.find((p) => p.algorithm === algorithm) ?? passwords.find((p) => p.algorithm === 'CLRTXT');
    if (!password) throw this.challenged(account, realm, 'Wrong algorithm');

    const storedHa1 = password.algorithm === 'CLRTXT' ? ha1(algorithm, account.username, realm, password.password) : password.password;
    const expected = digestResponse(algorithm, {
      ha1: storedHa1,
      method: request.method,
      uri: params.uri!,
      nonce: params.nonce!,
      nc: params.nc!,
      cnonce: params.cnonce!,
      qop: params.qop!,
    });
    if (!safeEqual(expected, params.response ?? '')) throw this.challenged(account, realm, 'Unauthorized');

    // RFC 7616 §3.3: stale only when the response was right, so the client retries without asking the user
    if (nonceExpired(issuedAt, nowSeconds(), this.settings.digestNonceLifetimeSeconds)) {
      throw this.challenged(account, realm, 'Nonce expired', true);
    }
    // the count's write also checks digest:clear-nonces' cut-off (nonce-counts.ts)
    const use = await this.counts.record(account.id, params.nonce!, parseNc(params.nc), issuedAt);
    if (use === 'cut-off') throw this.challenged(account, realm, 'Nonce invalid');
    if (use === 'replayed') throw this.challenged(account, realm, 'Nonce replayed');

    // the client goes on with the same nonce and nc + 1
    reply.header('WWW-Authenticate', this.challenges(account, realm, params.nonce!));
    return found.caller;
  }

  /** Parameter checks answer 422 like the reference, after the nonce was consumed. */
  private validate(params: DigestParams, realm: string, username: string, url: string): void {
    const path = url.split('?')[0];
    const expected: [keyof DigestParams, ((v: string) => boolean) | undefined][] = [
      ['opaque', (v) => safeEqual(v, this.opaque)],
      ['qop', (v) => v === 'auth'],
      ['realm', (v) => v === realm],
      ['nc', undefined],
      ['cnonce', undefined],
      ['algorithm', (v) => (DIGEST_ALGORITHMS as readonly string[]).includes(v)],
      ['username', (v) => v === username],
      ['uri', (v) => v === url || v === path],
    ];
    const errors: FieldError[] = [];
    for (const [field, check] of expected) {
      const value = params[field];
      if (value === undefined || value === '') errors.push({ field, rule: 'required' });
      else if (check && !check(value)) errors.push({ field, rule: 'in' });
    }
    if (errors.length > 0) throw new ValidationFailed(errors);
  }

  /** A 401 with a new nonce (nothing stored) and one challenge per algorithm the account can answer. */
  private challenged(account: Account, realm: string, message: string, stale = false): ApiError {
    const headers = this.challenges(account, realm, issueNonce(this.nonceKey, account.id, nowSeconds()), stale);
    return unauthorized(message, headers.length > 0 ? { 'WWW-Authenticate': headers } : {});
  }

  private challenges(account: Account, realm: string, nonce: string, stale = false): string[] {
    const algorithms = challengeAlgorithms((account.passwords ?? []).map((p) => p.algorithm));
    return algorithms.map((algorithm) => challenge(realm, algorithm, nonce, this.opaque, stale));
  }

  clearOlderThan(minutes: number, onProgress?: OnProgress): Promise<number> {
    return this.counts.clearOlderThan(minutes, onProgress);
  }
}
