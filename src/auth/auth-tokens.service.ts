import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, MoreThan, Repository } from 'typeorm';
import { AuthToken } from './entities/auth-token.entity';
import { ApiKeysService } from './api-keys.service';
import { notFound } from '../common/errors';
import { randomToken } from '../common/random';
import { iso } from '../common/serialize';
import { minutesAgo } from '../database/timestamps';

/** Auth tokens live 5 minutes (hard-coded in the reference). */
export const AUTH_TOKEN_LIFETIME_MINUTES = 5;

/**
 * The QR-code pairing flow (auth.md): a device without credentials creates a
 * token, a logged-in device attaches it to its account, the first device
 * redeems it for an API key. Each step is a conditional write so that two
 * concurrent attaches or redemptions cannot both succeed.
 */
@Injectable()
export class AuthTokensService {
  constructor(
    @InjectRepository(AuthToken) private readonly tokens: Repository<AuthToken>,
    private readonly apiKeys: ApiKeysService,
  ) {}

  async create(ip: string | null, userAgent: string | null): Promise<AuthToken> {
    return this.tokens.save(this.tokens.create({ token: randomToken(32), account_id: null, ip, user_agent: userAgent }));
  }

  async attach(value: string, accountId: number): Promise<void> {
    const token = await this.findValid(value);
    if (token.account_id !== null) throw notFound('');
    const result = await this.tokens.update({ id: token.id, account_id: IsNull() }, { account_id: accountId });
    if (!result.affected) throw notFound('');
  }

  /** A new API key for the attached account, bound to the redeeming client's IP; the token is spent. */
  async redeem(value: string, ip: string): Promise<string> {
    const token = await this.findValid(value);
    if (token.account_id === null) throw notFound('');
    const deleted = await this.tokens.delete({ id: token.id });
    if (!deleted.affected) throw notFound();
    return this.apiKeys.generate(token.account_id, ip);
  }

  /**
   * Provisioning by auth token (provisioning.md): the attached account's id;
   * the token is deleted (in `manager`'s transaction), so only one use wins.
   */
  async spend(value: string, manager: EntityManager): Promise<number> {
    const token = await this.findValid(value);
    if (token.account_id === null) throw notFound('');
    const deleted = await manager.delete(AuthToken, { id: token.id });
    if (!deleted.affected) throw notFound();
    return token.account_id;
  }

  private async findValid(value: string): Promise<AuthToken> {
    const token = await this.tokens.findOneBy({ token: value, created_at: MoreThan(minutesAgo(AUTH_TOKEN_LIFETIME_MINUTES)) });
    // the column compares case-insensitively on MySQL: the token must match exactly
    if (!token || token.token !== value) throw notFound();
    return token;
  }

  static serialize(token: AuthToken): Record<string, unknown> {
    return {
      token: token.token,
      ip: token.ip,
      user_agent: token.user_agent,
      updated_at: iso(token.updated_at),
      created_at: iso(token.created_at),
      id: token.id,
    };
  }
}
