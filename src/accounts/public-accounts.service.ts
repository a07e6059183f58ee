import { Injectable, Logger } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { Account } from './entities/account.entity';
import { ActivationExpiration } from './entities/activation-expiration.entity';
import { AccountsService, CreateOptions, NewAccount, Origin } from './accounts.service';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { ApiError, notFound, ValidationFailed } from '../common/errors';
import { randomPin } from '../common/random';
import { Space } from '../spaces/entities/space.entity';
import { MailService } from '../mail/mail.service';
import { SmsService } from '../sms/sms.service';
import { AccountCreationTokensService } from '../tokens/account-creation-tokens.service';
import { AccountCreationToken } from '../tokens/entities/account-creation-token.entity';
import { CreateWithTokenDto, DangerousCreateDto, RecoverByPhoneDto } from './public-accounts.dto';

const invalidToken = (): ValidationFailed =>
  new ValidationFailed([{ field: 'account_creation_token', text: 'Please provide a valid account_creation_token' }]);

/** Thrown inside a creation transaction when another request consumed the token first. */
class TokenTaken extends Error {}

/**
 * SQLite has one connection in the process: two transactions running at once
 * would interleave on it (TypeORM nests the second as a savepoint of the
 * first). Creations are serialised there; MySQL runs them concurrently and
 * the token's row lock decides.
 */
let sqliteQueue: Promise<unknown> = Promise.resolve();
function serialisedOnSqlite<T>(dataSource: DataSource, work: () => Promise<T>): Promise<T> {
  if (dataSource.options.type !== 'better-sqlite3' && dataSource.options.type !== 'sqlite') return work();
  const run = sqliteQueue.then(work, work);
  sqliteQueue = run.catch(() => undefined);
  return run;
}

const driverCode = (error: unknown): string =>
  error instanceof QueryFailedError ? String((error.driverError as { code?: string } | undefined)?.code ?? '') : '';

/**
 * InnoDB may pick one of two concurrent creations as a deadlock victim (the
 * password rows of brand-new accounts share the index gap they lock); MySQL
 * expects the transaction to be run again.
 */
async function retryOnDeadlock<T>(work: () => Promise<T>, attempts = 5): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (driverCode(error) !== 'ER_LOCK_DEADLOCK' || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}

const isUniqueViolation = (error: unknown): boolean => {
  const code = driverCode(error);
  return code === 'ER_DUP_ENTRY' || code.startsWith('SQLITE_CONSTRAINT');
};

/** The public account routes: creation with a token, activation, and the dangerous ones (accounts.md §8). */
@Injectable()
export class PublicAccountsService {
  private readonly logger = new Logger('PublicAccounts');

  constructor(
    private readonly accounts: AccountsService,
    private readonly tokens: AccountCreationTokensService,
    private readonly dataSource: DataSource,
    private readonly mail: MailService,
    private readonly sms: SmsService,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /**
   * accounts.md §8.1. The token is consumed by a conditional update inside
   * the creation transaction: of concurrent requests with one token, one
   * creates its account, the others roll back and get the invalid-token 422.
   */
  async createWithToken(dto: CreateWithTokenDto, space: Space, origin: Origin): Promise<Account> {
    const token = await this.usableToken(dto.account_creation_token);
    return this.createConsuming(
      token,
      {
        username: String(dto.username),
        password: String(dto.password),
        algorithm: dto.algorithm ?? this.settings.defaultPasswordAlgorithm,
        dtmf_protocol: dto.dtmf_protocol ?? null,
      },
      { domain: space.domain, origin, userAgent: this.settings.appName },
    );
  }

  async info(sip: string, space: Space): Promise<{ activated: boolean; realm: string | null }> {
    const account = await this.accounts.getBySip(sip, space);
    return { activated: account.activated, realm: this.settings.accountRealm };
  }

  /** Deprecated activation by the confirmation key (§8.3, §8.4). */
  async activate(sip: string, key: string, space: Space): Promise<Account> {
    const account = await this.accounts.findBySip(sip, space);
    if (!account || account.confirmation_key === null || account.confirmation_key !== String(key)) throw notFound();
    return this.activateWithKey(account);
  }

  // ------------------------------------------------------------- dangerous

  /** `POST /api/accounts/public` (§8.5). */
  async dangerousCreate(dto: DangerousCreateDto, space: Space, origin: Origin, baseUrl: string): Promise<Account> {
    const token = await this.usableToken(dto.account_creation_token);
    const byPhone = dto.phone !== undefined && dto.phone !== null;
    const account = await this.createConsuming(
      token,
      {
        username: String(dto.username ?? dto.phone),
        email: dto.email ?? null,
        phone: byPhone ? dto.phone : null,
        password: String(dto.password),
        algorithm: dto.algorithm,
      },
      {
        domain: typeof dto.domain === 'string' ? dto.domain : space.domain,
        origin,
        // a PIN for an SMS; absent: 13 random characters for the mail link
        confirmationKey: byPhone ? randomPin() : undefined,
      },
    );
    if (byPhone) {
      await this.sms.send(dto.phone!, `Your ${this.settings.appName} creation code is ${account.confirmation_key}`);
    } else if (dto.email) {
      try {
        await this.mail.registerConfirmation(dto.email, `${baseUrl}/authenticate/email/${account.confirmation_key}`);
      } catch (error) {
        // this endpoint alone keeps going when the mail cannot be sent (misc.md)
        this.logger.error(`Register Confirmation mail to ${dto.email} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return account;
  }

  /** `POST /api/accounts/recover-by-phone` (§8.5): a PIN by SMS, the token consumed and linked. */
  async recoverByPhone(dto: RecoverByPhoneDto, space: Space): Promise<void> {
    const token = await this.usableToken(dto.account_creation_token);
    const account = await this.accounts.findByPhone(dto.phone, space);
    if (!account) throw notFound();
    const pin = randomPin();
    await this.consumeInTransaction(token, async (manager) => {
      await this.accounts.update(account, { confirmation_key: pin }, manager);
      return account.id;
    });
    await this.sms.send(dto.phone, `Your ${this.settings.appName} recovery code is ${pin}`);
  }

  /** `GET /api/accounts/{sip}/recover/{recovery_key}` (§8.5): username or phone, in the current domain. */
  async recover(sip: string, key: string, space: Space): Promise<Account> {
    const at = sip.indexOf('@');
    if (at < 0) throw notFound();
    const name = sip.slice(0, at);
    const domain = sip.slice(at + 1).split('@')[0];
    if (domain !== space.domain) throw notFound();
    const account = await this.dataSource
      .getRepository(Account)
      .findOne({ where: [{ username: name, domain }, { phone: name, domain }], order: { id: 'ASC' } });
    if (!account || account.confirmation_key === null || account.confirmation_key !== key) throw notFound();
    return this.activateWithKey(account);
  }

  /** `GET /api/accounts/{phone}/info-by-phone` (§8.5), the phone already validated. */
  async infoByPhone(phone: string, space: Space): Promise<{ activated: boolean; realm: string | null; phone: boolean }> {
    const account = await this.dataSource.getRepository(Account).findOne({
      where: [
        { username: phone, domain: space.domain },
        { phone, domain: space.domain },
      ],
      order: { id: 'ASC' },
    });
    if (!account) throw notFound();
    return { activated: account.activated, realm: this.settings.accountRealm, phone: account.phone !== null };
  }

  // --------------------------------------------------------------- shared

  private async usableToken(value: string): Promise<AccountCreationToken> {
    // validated already; another request may have used it since
    const token = await this.tokens.findUsable(value);
    if (!token) throw invalidToken();
    return token;
  }

  private async createConsuming(token: AccountCreationToken, input: NewAccount, options: Omit<CreateOptions, 'within'>): Promise<Account> {
    try {
      return await serialisedOnSqlite(this.dataSource, () =>
        retryOnDeadlock(() =>
          this.accounts.create(input, {
            ...options,
            within: async (manager, account) => {
              if (!(await this.tokens.consumeFor(manager, token.id, account.id))) throw new TokenTaken();
            },
          }),
        ),
      );
    } catch (error) {
      if (error instanceof TokenTaken) throw invalidToken();
      // two concurrent creations of one username: the unique index decides
      if (isUniqueViolation(error)) throw new ValidationFailed([{ field: 'username', rule: 'unique' }]);
      throw error;
    }
  }

  private async consumeInTransaction(token: AccountCreationToken, work: (manager: EntityManager) => Promise<number>): Promise<void> {
    try {
      await serialisedOnSqlite(this.dataSource, () =>
        this.dataSource.transaction(async (manager) => {
          const accountId = await work(manager);
          if (!(await this.tokens.consumeFor(manager, token.id, accountId))) throw new TokenTaken();
        }),
      );
    } catch (error) {
      if (error instanceof TokenTaken) throw invalidToken();
      throw error;
    }
  }

  /** Activation by a confirmation key: refused once the activation expiration is past. */
  private async activateWithKey(account: Account): Promise<Account> {
    const expiration = await this.dataSource.getRepository(ActivationExpiration).findOneBy({ account_id: account.id });
    if (expiration && new Date(expiration.expires).getTime() < Date.now()) throw new ApiError(403, 'Activation expired');
    return this.accounts.update(account, { activated: true, confirmation_key: null });
  }
}
