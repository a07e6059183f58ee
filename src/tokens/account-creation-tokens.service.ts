import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, IsNull, Repository } from 'typeorm';
import { AccountCreationToken } from './entities/account-creation-token.entity';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { notFound } from '../common/errors';
import { randomToken } from '../common/random';
import type { RequestOrigin } from '../common/request-origin';
import { now } from '../database/timestamps';
import type { Space } from '../account-core/entities/space.entity';
import { inSpace } from '../account-core/in-space';
import { expireAt, isExpired } from '../common/expiry';

export const ACCOUNT_CREATION_TOKEN_LENGTH = 13;

/** One-time tokens allowing the creation of one account, or validating an existing one (tokens.md §2). */
@Injectable()
export class AccountCreationTokensService {
  constructor(
    @InjectRepository(AccountCreationToken) private readonly tokens: Repository<AccountCreationToken>,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** A token of `space`: the admin's request Space, or the Host's on a public route. */
  create(origin: RequestOrigin, space: Space, manager?: EntityManager): Promise<AccountCreationToken> {
    const tokens = manager ? manager.getRepository(AccountCreationToken) : this.tokens;
    return tokens.save(this.build(origin, space));
  }

  /** A new token of `space`, not saved yet. */
  build(origin: RequestOrigin, space: Space, fields: Partial<AccountCreationToken> = {}): AccountCreationToken {
    return this.tokens.create({
      token: randomToken(ACCOUNT_CREATION_TOKEN_LENGTH),
      ip: origin.ip,
      user_agent: origin.userAgent,
      space_id: space.id,
      ...fields,
    });
  }

  save(token: AccountCreationToken): Promise<AccountCreationToken> {
    return this.tokens.save(token);
  }

  /** The unused token of the Space with exactly this value (the column is case-insensitive on MySQL). */
  async findUnused(value: unknown, space: Space): Promise<AccountCreationToken | null> {
    if (typeof value !== 'string' || value === '') return null;
    const rows = await this.tokens.find({ where: inSpace(space, { token: value, used: false }), order: { id: 'ASC' } });
    return rows.find((row) => row.token === value) ?? null;
  }

  /** Usable for account creation in the Space: unused, 13 characters, not expired. */
  async findUsable(value: unknown, space: Space): Promise<AccountCreationToken | null> {
    const token = await this.findUnused(value, space);
    if (!token || token.token.length !== ACCOUNT_CREATION_TOKEN_LENGTH || this.expired(token)) return null;
    return token;
  }

  expired(token: AccountCreationToken): boolean {
    return isExpired(token.created_at, this.settings.accountCreationTokenExpirationMinutes);
  }

  /**
   * Marks the token used by the new account, inside the account creation
   * transaction. The update is conditional: of two requests racing for one
   * token only one changes the row; the other gets false and rolls back.
   */
  async consumeFor(manager: EntityManager, tokenId: number, accountId: number | null, origin?: RequestOrigin): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(AccountCreationToken)
      .set({
        used: true,
        ...(accountId !== null ? { account_id: accountId } : {}),
        ...(origin ? { ip: origin.ip, user_agent: origin.userAgent } : {}),
        updated_at: now(),
      })
      .where('id = :id AND used = :used', { id: tokenId, used: false })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** Binds an unused, unlinked token to an existing account: the account becomes validated (§2.4). */
  async consumeByAccount(value: unknown, accountId: number, origin: RequestOrigin, space: Space): Promise<AccountCreationToken> {
    if (typeof value !== 'string' || value === '') throw notFound('');
    const rows = await this.tokens.find({
      where: inSpace(space, { token: value, used: false, account_id: IsNull() }),
      order: { id: 'ASC' },
    });
    const token = rows.find((row) => row.token === value);
    if (!token) throw notFound('');
    const result = await this.tokens
      .createQueryBuilder()
      .update()
      .set({ used: true, account_id: accountId, ip: origin.ip, user_agent: origin.userAgent, updated_at: now() })
      .where('id = :id AND used = :used AND account_id IS NULL', { id: token.id, used: false })
      .execute();
    if ((result.affected ?? 0) !== 1) throw notFound('');
    return this.tokens.findOneByOrFail({ id: token.id });
  }

  /** Validated: the account's first linked token is used (tokens.md §4). */
  async isValidated(accountId: number): Promise<boolean> {
    const first = await this.tokens.findOne({ where: { account_id: accountId }, order: { id: 'ASC' } });
    return first?.used === true;
  }

  /** `created_at` + APP_ACCOUNT_CREATION_TOKEN_EXPIRATION_MINUTES, null when it never expires. */
  expireAt(token: AccountCreationToken): string | null {
    return expireAt(token.created_at, this.settings.accountCreationTokenExpirationMinutes);
  }
}
