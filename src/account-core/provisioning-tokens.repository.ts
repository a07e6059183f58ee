import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, LessThan } from 'typeorm';
import { Account } from './entities/account.entity';
import { ProvisioningToken } from './entities/provisioning-token.entity';
import { randomToken } from '../common/random';
import type { RequestOrigin } from '../common/request-origin';
import { now } from '../database/timestamps';
import { retryTransaction } from '../database/retry';

/** The `provisioning_tokens` table: only an account's newest token is ever unused (tokens.md §5, issue 15). */
@Injectable()
export class ProvisioningTokensRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * A new current provisioning token. The account's older unused ones are
   * marked used in the same transaction: a replaced token never becomes
   * current again (issue 15), whatever happens to the new one.
   */
  async create(account: Account, origin: RequestOrigin | null, manager?: EntityManager): Promise<ProvisioningToken> {
    if (!manager) return retryTransaction(() => this.dataSource.transaction((m) => this.create(account, origin, m)));
    const token = await manager.save(
      manager.create(ProvisioningToken, {
        account_id: account.id,
        token: randomToken(13),
        used: false,
        ip: origin?.ip ?? null,
        user_agent: origin?.userAgent ?? null,
      }),
    );
    await this.retire(account.id, token.id, manager);
    return token;
  }

  /** The account (any domain) owning an unused provisioning token of exactly this value, with that token. */
  async findUnused(value: string): Promise<{ account: Account; token: ProvisioningToken } | undefined> {
    const rows = await this.dataSource.getRepository(ProvisioningToken).find({
      where: { token: value, used: false },
      relations: { account: true },
      order: { id: 'ASC' },
    });
    // MySQL compares this column case-insensitively: the value must match exactly
    const token = rows.find((row) => row.token === value && row.account);
    return token ? { account: token.account!, token } : undefined;
  }

  /** The account's current provisioning token: its unused one with the highest id (tokens.md §5). */
  current(accountId: number): Promise<ProvisioningToken | null> {
    return this.dataSource
      .getRepository(ProvisioningToken)
      .findOne({ where: { account_id: accountId, used: false }, order: { id: 'DESC' } });
  }

  /**
   * Spends the account's current token in the caller's transaction: marks it
   * used if it still is not, as one conditional UPDATE whose affected rows
   * tell (of concurrent uses exactly one changes the row; on MySQL the others
   * wait for its row lock, then find it used); false when it already was.
   * Then the older unused tokens of the account are marked used as well.
   * Since every write of a token does the same (and migration 1735000000500
   * did it to older rows), only an account's newest token is ever unused: a
   * token that is current when read is either spent here or used by then.
   */
  async spend(token: ProvisioningToken, manager: EntityManager): Promise<boolean> {
    const claimed = await manager.update(ProvisioningToken, { id: token.id, used: false }, { used: true, updated_at: now() });
    if (claimed.affected !== 1) return false;
    await this.retire(token.account_id, token.id, manager);
    return true;
  }

  /** Marks used the account's unused tokens older than `newerId`. */
  private async retire(accountId: number, newerId: number, manager: EntityManager): Promise<void> {
    await manager.update(
      ProvisioningToken,
      { account_id: accountId, used: false, id: LessThan(newerId) },
      { used: true, updated_at: now() },
    );
  }
}
