import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { notFound, ValidationFailed } from '../common/errors';
import { randomToken } from '../common/random';
import { retryTransaction } from '../database/retry';
import { now } from '../database/timestamps';
import type { Space } from '../account-core/entities/space.entity';
import { AccountCreationTokensService } from './account-creation-tokens.service';
import { inSpace } from '../account-core/in-space';
import type { RequestOrigin } from '../common/request-origin';
import { AccountCreationRequestToken } from './entities/account-creation-request-token.entity';
import { AccountCreationToken } from './entities/account-creation-token.entity';

export const REQUEST_TOKEN_LENGTH = 13;
export const INVALID_REQUEST_TOKEN = 'Please provide a valid account_creation_request_token';

export const invalidRequestToken = (): ValidationFailed =>
  new ValidationFailed([{ field: 'account_creation_request_token', text: INVALID_REQUEST_TOKEN }]);

/** Another request claimed the token first: rolls the transaction back. */
class RequestTokenTaken extends Error {}

/** Request tokens (tokens.md §3): a human validates one in a browser, the app exchanges it for a creation token. */
@Injectable()
export class AccountCreationRequestTokensService {
  constructor(
    @InjectRepository(AccountCreationRequestToken) private readonly requests: Repository<AccountCreationRequestToken>,
    private readonly creationTokens: AccountCreationTokensService,
    private readonly dataSource: DataSource,
  ) {}

  /** A new token of the Host's Space; ip and User-Agent are not recorded (reference). */
  create(space: Space): Promise<AccountCreationRequestToken> {
    return this.requests.save(this.requests.create({ token: randomToken(REQUEST_TOKEN_LENGTH), used: false, space_id: space.id }));
  }

  /** The unused token of the Space with exactly this value, 13 characters (MySQL compares the column case-insensitively). */
  async findUnused(value: unknown, space: Space): Promise<AccountCreationRequestToken | null> {
    if (typeof value !== 'string' || value.length !== REQUEST_TOKEN_LENGTH) return null;
    const rows = await this.requests.find({
      where: inSpace<AccountCreationRequestToken>(space, { token: value, used: false }),
      order: { id: 'ASC' },
    });
    return rows.find((row) => row.token === value) ?? null;
  }

  /** A human confirmed it (a second validation moves the time). */
  async markValidated(token: AccountCreationRequestToken): Promise<void> {
    const at = now();
    await this.requests.update({ id: token.id }, { validated_at: at, updated_at: at });
  }

  /**
   * §2.3: a validated, unused request token becomes a new creation token.
   * The request token is claimed by a conditional update in the same
   * transaction as the insert: of concurrent uses exactly one commits, the
   * others roll back and get the invalid-token 422.
   */
  async exchange(value: unknown, origin: RequestOrigin, space: Space): Promise<AccountCreationToken> {
    const request = await this.findUnused(value, space);
    if (!request) throw invalidRequestToken();
    if (!request.validated_at) throw notFound('');
    try {
      return await retryTransaction(() =>
        this.dataSource.transaction(async (manager) => {
          const claimed = await manager
            .createQueryBuilder()
            .update(AccountCreationRequestToken)
            .set({ used: true, updated_at: now() })
            .where('id = :id AND used = :used', { id: request.id, used: false })
            .execute();
          if ((claimed.affected ?? 0) !== 1) throw new RequestTokenTaken();
          const token = await this.creationTokens.create(origin, space, manager);
          await manager.update(AccountCreationRequestToken, { id: request.id }, { acc_creation_token_id: token.id });
          return token;
        }),
      );
    } catch (error) {
      if (error instanceof RequestTokenTaken) throw invalidRequestToken();
      throw error;
    }
  }
}
