import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, FindOptionsWhere, IsNull, Repository } from 'typeorm';
import { AccountCreationToken } from './entities/account-creation-token.entity';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { notFound } from '../common/errors';
import { randomToken } from '../common/random';
import type { RequestOrigin } from '../common/request-origin';
import { iso } from '../common/serialize';
import { now } from '../database/timestamps';
import type { Space } from '../spaces/entities/space.entity';

export const ACCOUNT_CREATION_TOKEN_LENGTH = 13;

/** ip and User-Agent of the request that creates or consumes a token (common/request-origin.ts). */
export type TokenOrigin = RequestOrigin;

/** Expired when N > 0 and `now − N min` is strictly after `created_at` (tokens.md §1). */
export function isExpired(createdAt: Date | null, minutes: number, at: Date = new Date()): boolean {
  if (minutes <= 0 || !createdAt) return false;
  return at.getTime() - minutes * 60_000 > new Date(createdAt).getTime();
}

export function expireAt(createdAt: Date | null, minutes: number): string | null {
  if (minutes <= 0 || !createdAt) return null;
  return iso(new Date(new Date(createdAt).getTime() + minutes * 60_000));
}

/**
 * The tokens a Space may use (deviation 22): its own; a super Space also
 * those made before tokens had a Space. Any other token is unknown there.
 */
export function inSpace<T extends { space_id: number | null } = AccountCreationToken>(space: Space, where: FindOptionsWhere<NoInfer<T>>): FindOptionsWhere<T>[] {
  const own = { ...where, space_id: space.id } as FindOptionsWhere<T>;
  return space.super ? [own, { ...where, space_id: IsNull() }] : [own];
}

/** One-time tokens allowing the creation of one account, or validating an existing one (tokens.md §2). */
@Injectable()
export class AccountCreationTokensService {
  constructor(
    @InjectRepository(AccountCreationToken) private readonly tokens: Repository<AccountCreationToken>,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** A token of `space`: the admin's request Space, or the Host's on a public route. */
  create(origin: TokenOrigin, space: Space, manager?: EntityManager): Promise<AccountCreationToken> {
    const tokens = manager ? manager.getRepository(AccountCreationToken) : this.tokens;
    return tokens.save(this.build(origin, space));
  }

  /** A new token of `space`, not saved yet. */
  build(origin: TokenOrigin, space: Space, fields: Partial<AccountCreationToken> = {}): AccountCreationToken {
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
  async consumeFor(manager: EntityManager, tokenId: number, accountId: number | null, origin?: TokenOrigin): Promise<boolean> {
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
  async consumeByAccount(value: unknown, accountId: number, origin: TokenOrigin, space: Space): Promise<AccountCreationToken> {
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

  /** Fresh token: only the columns set at creation, plus `expire_at`. */
  serializeFresh(token: AccountCreationToken): Record<string, unknown> {
    return { token: token.token, ip: token.ip, user_agent: token.user_agent, expire_at: this.expireAt(token) };
  }

  /** A token read back from the database: every visible column. */
  serializeFull(token: AccountCreationToken): Record<string, unknown> {
    return {
      token: token.token,
      pn_provider: token.pn_provider,
      pn_param: token.pn_param,
      pn_prid: token.pn_prid,
      used: token.used,
      account_id: token.account_id,
      ip: token.ip,
      user_agent: token.user_agent,
      expire_at: this.expireAt(token),
    };
  }

  private expireAt(token: AccountCreationToken): string | null {
    return expireAt(token.created_at, this.settings.accountCreationTokenExpirationMinutes);
  }
}
