import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Repository } from 'typeorm';
import { Account } from '../../accounts/entities/account.entity';
import { Nonce } from '../entities/nonce.entity';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { randomToken } from '../../common/random';
import { ApiError, FieldError, notFound, unauthorized, ValidationFailed } from '../../common/errors';
import { Caller } from '../../common/request';
import { minutesAgo, now } from '../../database/timestamps';
import { toCaller, withSpaceSuper } from '../callers';
import {
  challenge,
  challengeAlgorithms,
  DigestAlgorithm,
  DIGEST_ALGORITHMS,
  DigestParams,
  digestResponse,
  ha1,
  parseAuthorization,
  parseFrom,
  parseNc,
  safeEqual,
} from './digest';

/** Highest `nc` a nonce row can record (signed 32-bit column on both engines). */
const MAX_NC = 2 ** 31 - 1;

/** HTTP DIGEST (RFC 7616) with the SIP identity in `From`, nonces kept in the database. */
@Injectable()
export class DigestService {
  private readonly opaque: string;

  constructor(
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    @InjectRepository(Nonce) private readonly nonces: Repository<Nonce>,
    @InjectSettings() private readonly settings: Settings,
  ) {
    this.opaque = Buffer.from(settings.appKey, 'utf8').toString('base64');
  }

  async authenticate(request: FastifyRequest, reply: FastifyReply): Promise<Caller> {
    const from = request.headers.from;
    if (!from) throw unauthorized('From header is required or invalid token');
    const identity = parseFrom(from);
    const found = identity ? await this.findAccount(identity.username, identity.domain) : undefined;
    if (!found) throw notFound();
    const { account } = found;
    const realm = this.settings.accountRealm ?? account.domain;
    const passwords = account.passwords ?? [];

    const params = parseAuthorization(request.headers.authorization);
    if (!params) throw await this.challenged(account, realm, 'Unauthenticated request');

    // RFC 7616 §3.4: the count is recorded before anything else, so a failed request still consumes it
    const nonceRow = await this.consumeCount(account.id, params);
    if (nonceRow === 'replayed') throw await this.challenged(account, realm, 'Nonce replayed');
    if (nonceRow === 'invalid') throw await this.challenged(account, realm, 'Nonce invalid');

    this.validate(params, realm, identity!.username, request.url);

    const algorithm = params.algorithm as DigestAlgorithm;
    const password = passwords.find((p) => p.algorithm === algorithm) ?? passwords.find((p) => p.algorithm === 'CLRTXT');
    if (!password) throw await this.challenged(account, realm, 'Wrong algorithm');

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
    if (!safeEqual(expected, params.response ?? '')) throw await this.challenged(account, realm, 'Unauthorized');

    // the client goes on with the same nonce and nc + 1
    reply.header('WWW-Authenticate', this.challenges(account, realm, params.nonce!));
    return found.caller;
  }

  /** The account (any domain) with its passwords and role, in one query. */
  private async findAccount(username: string, domain: string): Promise<{ account: Account; caller: Caller } | undefined> {
    const { entities, raw } = await withSpaceSuper(
      this.accounts.createQueryBuilder('a').leftJoinAndSelect('a.passwords', 'p'),
      'a',
    )
      .where('a.username = :username AND a.domain = :domain', { username, domain })
      .orderBy('p.id', 'ASC')
      .getRawAndEntities();
    const account = entities[0];
    return account ? { account, caller: toCaller(account, raw[0]) } : undefined;
  }

  /**
   * Records the client's nc if it is greater than the last one seen, in one
   * conditional UPDATE, so that two concurrent requests cannot both pass.
   */
  private async consumeCount(accountId: number, params: DigestParams): Promise<'ok' | 'replayed' | 'invalid'> {
    if (!params.nonce) return 'invalid';
    const nc = parseNc(params.nc);
    if (nc >= 1 && nc <= MAX_NC) {
      const result = await this.nonces
        .createQueryBuilder()
        .update()
        .set({ nc, updated_at: now() })
        .where('account_id = :accountId AND nonce = :nonce AND nc < :nc', { accountId, nonce: params.nonce, nc })
        .execute();
      if ((result.affected ?? 0) > 0) return 'ok';
    }
    const existing = await this.nonces.findOneBy({ account_id: accountId, nonce: params.nonce });
    if (!existing) return 'invalid';
    await this.nonces.delete({ id: existing.id });
    return 'replayed';
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

  /** A 401 with a new nonce and one challenge per algorithm the account can answer. */
  private async challenged(account: Account, realm: string, message: string): Promise<ApiError> {
    const nonce = randomToken(32);
    await this.nonces.insert(this.nonces.create({ account_id: account.id, nonce, nc: 0, created_at: now(), updated_at: now() }));
    const headers = this.challenges(account, realm, nonce);
    return unauthorized(message, headers.length > 0 ? { 'WWW-Authenticate': headers } : {});
  }

  private challenges(account: Account, realm: string, nonce: string): string[] {
    const algorithms = challengeAlgorithms((account.passwords ?? []).map((p) => p.algorithm));
    return algorithms.map((algorithm) => challenge(realm, algorithm, nonce, this.opaque));
  }

  async clearOlderThan(minutes: number): Promise<number> {
    const result = await this.nonces
      .createQueryBuilder()
      .delete()
      .where('created_at < :before', { before: minutesAgo(minutes) })
      .execute();
    return result.affected ?? 0;
  }
}
