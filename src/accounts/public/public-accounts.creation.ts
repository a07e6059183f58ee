import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { retryTransaction } from '../../database/retry';
import { Account } from '../../account-core/entities/account.entity';
import { AccountsRepository, CreateOptions, NewAccount } from '../../account-core/accounts.repository';
import { ValidationFailed } from '../../common/errors';
import { AccountCreationTokensService } from '../../tokens/account-creation-tokens.service';
import { AccountCreationToken } from '../../tokens/entities/account-creation-token.entity';
import { Space } from '../../account-core/entities/space.entity';

const invalidToken = (): ValidationFailed =>
  new ValidationFailed([{ field: 'account_creation_token', text: 'Please provide a valid account_creation_token' }]);

/** Thrown inside a transaction when another request consumed the token first: rolls it back. */
class TokenTaken extends Error {}

/**
 * Writes paid with a one-time account creation token. The token is consumed
 * by a conditional update inside the write's transaction: of concurrent
 * requests with one token, one commits, the others roll back and get the
 * invalid-token 422 (their validation passed before the token was used).
 */
@Injectable()
export class TokenPaidWrites {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly tokens: AccountCreationTokensService,
    private readonly dataSource: DataSource,
  ) {}

  /** The usable token of the Space, from a validated input; another request may have used it since. */
  async usableToken(value: string, space: Space): Promise<AccountCreationToken> {
    const token = await this.tokens.findUsable(value, space);
    if (!token) throw invalidToken();
    return token;
  }

  /** A new account, the token marked used and linked to it, in one transaction. */
  async createAccount(token: AccountCreationToken, input: NewAccount, options: Omit<CreateOptions, 'within'>): Promise<Account> {
    try {
      // on SQLite the transactions run one at a time (src/database/sqlite-transactions.ts)
      return await retryTransaction(() =>
        this.accounts.create(input, {
          ...options,
          within: async (manager, account) => {
            if (!(await this.tokens.consumeFor(manager, token.id, account.id))) throw new TokenTaken();
          },
        }),
      );
    } catch (error) {
      if (error instanceof TokenTaken) throw invalidToken();
      // two concurrent creations of one username: the unique index decides (422 username, src/database)
      throw error;
    }
  }

  /** `work` on an existing account, the token marked used and linked to it, in one transaction. */
  async onAccount(token: AccountCreationToken, account: Account, work: (manager: EntityManager) => Promise<void>): Promise<void> {
    try {
      await retryTransaction(() =>
        this.dataSource.transaction(async (manager) => {
          if (!(await this.tokens.consumeFor(manager, token.id, account.id))) throw new TokenTaken();
          await work(manager);
        }),
      );
    } catch (error) {
      if (error instanceof TokenTaken) throw invalidToken();
      throw error;
    }
  }
}
