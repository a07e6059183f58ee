import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, EntityManager, QueryRunner, Repository } from 'typeorm';
import { Account } from './entities/account.entity';
import { AccountTombstone } from './entities/account-tombstone.entity';
import { ActivationExpiration } from './entities/activation-expiration.entity';
import { AccountDictionaryEntry } from './entities/account-dictionary-entry.entity';
import { AccountDictionaryRepository, Dictionary } from './account-dictionary.repository';
import { PasswordsRepository } from './passwords.repository';
import { Password } from './entities/password.entity';
import { ProvisioningToken } from './entities/provisioning-token.entity';
import { Caller, Scope } from './request-scope';
import { notFound } from '../common/errors';
import { randomToken } from '../common/random';
import type { RequestOrigin } from '../common/request-origin';
import { now } from '../database/timestamps';
import { retryTransaction } from '../database/retry';
import { DigestAlgorithm } from '../common/digest-hash';
import { toCaller, withSpaceSuper } from './callers';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { claimAttempt, clearIfSpent, GuardedCode } from './code-attempts';
import { hashPassword } from './password-hash';
import { EntityColumns, ExistenceChecks, insertRows } from '../database/fixed-sql';
import { selectRows } from '../database/statements';
import { markFresh, WrittenRows } from './fresh-accounts';
import { AccountPages } from './account-pages';
import { Space } from './entities/space.entity';
import { AccountDeletions } from './account-deletion';
import { accountCountsKept } from '../database/migrations/1734000000400-account-counts';

/** The columns and side rows of a new account (absent → null / nothing). */
export interface NewAccount {
  username: string;
  email?: string | null;
  display_name?: string | null;
  dtmf_protocol?: string | null;
  phone?: string | null;
  /** hashed with `algorithm` (default: ACCOUNT_DEFAULT_PASSWORD_ALGORITHM); absent → no password row */
  password?: string | null;
  algorithm?: DigestAlgorithm;
  dictionary?: Dictionary | null;
  /** activation expiration row, only written for a non-activated account */
  activationExpires?: Date | null;
}

export interface CreateOptions {
  domain: string;
  /** ip and user agent of the request: the account's `ip_address`, the provisioning token's origin */
  origin: RequestOrigin;
  /** the account's `user_agent` column; default: the request's User-Agent, else APP_NAME */
  userAgent?: string;
  activated?: boolean;
  admin?: boolean;
  /**
   * undefined: 13 random characters when not activated, null when activated
   * (admin API); a value (or null) is stored as given.
   */
  confirmationKey?: string | null;
  /** more writes in the same transaction (consuming a creation token …) */
  within?: (manager: EntityManager, account: Account) => Promise<void>;
}

/** Admin full replacement (accounts.md §4.2). */
export interface AccountReplacement {
  username: string;
  /** the new domain, or undefined to keep it */
  domain?: string;
  email: string | null;
  display_name: string | null;
  dtmf_protocol: string | null;
  phone: string | null;
  admin: boolean;
  user_agent: string;
  /** replaced when truthy */
  password?: string | null;
  algorithm: DigestAlgorithm;
  /** undefined: untouched; otherwise all entries replaced */
  dictionary?: Dictionary | null;
}

/** Columns a targeted change may set (`/me` email/phone confirmation …). */
export type AccountPatch = Partial<
  Pick<Account, 'email' | 'phone' | 'display_name' | 'dtmf_protocol' | 'activated' | 'blocked' | 'admin' | 'confirmation_key' | 'username'>
>;

/**
 * The account aggregate: every query on `accounts`, its activation
 * expirations and tombstones goes through here, with the Space scoping of
 * auth.md (the request's `Scope`: a non-super-admin sees only the current
 * domain); an account's creation writes its owned rows in one transaction.
 * Passwords, dictionary entries and provisioning tokens have their own
 * repositories beside this one. Auth, Spaces, the console and the validation
 * constraints call it; nothing else reads these tables.
 */
@Injectable()
export class AccountsRepository implements OnModuleInit {
  constructor(
    @InjectRepository(Account) private readonly accounts: Repository<Account>,
    private readonly dataSource: DataSource,
    @InjectSettings() private readonly settings: Settings,
    private readonly passwords: PasswordsRepository,
    private readonly dictionary: AccountDictionaryRepository,
    private readonly deletions: AccountDeletions,
  ) {}

  /** Whether totals read `account_counts` (its triggers exist) or count rows (refused by the server: binary logging without SUPER). */
  private countsKept = true;

  async onModuleInit(): Promise<void> {
    this.countsKept = await accountCountsKept(this.dataSource);
  }

  /** The row as stored now (the serializer loads what is around it). */
  /** Inside a transaction, pass its manager: another pooled connection could wait on the transaction's own locks. */
  reload(id: number, manager?: EntityManager): Promise<Account> {
    return (manager ? manager.getRepository(Account) : this.accounts).findOneByOrFail({ id });
  }

  // ---------------------------------------------------------------- lookups

  /** By id, in the request's scope. */
  findScoped(id: number, { domain }: Scope): Promise<Account | null> {
    if (!Number.isSafeInteger(id)) return Promise.resolve(null);
    return domain === undefined ? this.first('a.id = ?', [id]) : this.first('a.id = ? AND a.domain = ?', [id, domain]);
  }

  /** `user@domain` (split at the first `@`, text after a second `@` ignored); no `@` never matches. */
  findBySip(sip: string, scope: Scope): Promise<Account | null> {
    const parts = sip.split('@');
    if (parts.length < 2) return Promise.resolve(null);
    const [username, domain] = parts;
    if (scope.domain !== undefined && scope.domain !== domain) return Promise.resolve(null);
    return this.first('a.username = ? AND a.domain = ?', [username, domain]);
  }

  /** The first account (id order, scoped) with exactly this email. */
  findByEmail(email: string, { domain }: Scope): Promise<Account | null> {
    return this.accounts.findOne({ where: domain === undefined ? { email } : { email, domain }, order: { id: 'ASC' } });
  }

  /** The first account (id order, scoped) whose phone is this number. */
  findByPhone(phone: string, { domain }: Scope): Promise<Account | null> {
    return this.accounts.findOne({ where: domain === undefined ? { phone } : { phone, domain }, order: { id: 'ASC' } });
  }

  /** Any domain, unscoped (console). */
  findById(id: number): Promise<Account | null> {
    return Number.isSafeInteger(id) ? this.accounts.findOneBy({ id }) : Promise.resolve(null);
  }

  /** The first account (id order) of the domain whose username or phone is `value`. */
  findByUsernameOrPhone(value: string, domain: string): Promise<Account | null> {
    return this.accounts.findOne({
      where: [
        { username: value, domain },
        { phone: value, domain },
      ],
      order: { id: 'ASC' },
    });
  }

  countInDomain(domain: string): Promise<number> {
    return this.count(domain);
  }

  /** The hot lookups by id and by SIP address: one fixed statement (no query builder per request, issue 9). */
  private async first(where: string, parameters: unknown[]): Promise<Account | null> {
    const columns = (this.accountColumns ??= new EntityColumns(this.dataSource, Account, 'a'));
    const rows = await selectRows(this.dataSource, `SELECT ${columns.select} FROM ${columns.table} a WHERE ${where} LIMIT 1`, parameters);
    return rows.length > 0 ? columns.hydrate(rows[0]) : null;
  }

  private accountColumns?: EntityColumns<Account>;

  // ---------------------------------------------------------- authentication

  /** DIGEST: the account (any domain) with its passwords (id order) and its role, in one query. */
  async findWithPasswords(username: string, domain: string): Promise<{ account: Account; caller: Caller } | undefined> {
    const sql = (this.digestSql ??= this.buildDigestSql());
    const rows = await selectRows(this.dataSource, sql.text, [username, domain]);
    if (rows.length === 0) return undefined;
    const account = sql.account.hydrate(rows[0]);
    account.passwords = rows.filter((row) => row.p_id !== null && row.p_id !== undefined).map((row) => sql.password.hydrate(row));
    return { account, caller: toCaller(account, rows[0]) };
  }

  /** DIGEST's hot lookup, fixed SQL text: the account, its passwords (id order) and its Space's super flag. */
  private digestSql?: { text: string; account: EntityColumns<Account>; password: EntityColumns<Password> };

  private buildDigestSql(): NonNullable<AccountsRepository['digestSql']> {
    const q = (name: string) => this.dataSource.driver.escape(name);
    const account = new EntityColumns(this.dataSource, Account, 'a');
    const password = new EntityColumns(this.dataSource, Password, 'p');
    const spaces = q(this.dataSource.getMetadata(Space).tableName);
    const text =
      `SELECT ${account.select}, ${password.select}, s.${q('super')} AS caller_space_super FROM ${account.table} a ` +
      `LEFT JOIN ${password.table} p ON p.account_id = a.id LEFT JOIN ${spaces} s ON s.domain = a.domain ` +
      `WHERE a.username = ? AND a.domain = ? ORDER BY p.id ASC`;
    return { text, account, password };
  }

  /** JWT: the account of a SIP identity, or the first (id order) with an email, with its role. */
  async findCaller(by: { username: string; domain: string } | { email: string }): Promise<Caller | undefined> {
    const qb = withSpaceSuper(this.accounts.createQueryBuilder('a'), 'a');
    if ('email' in by) qb.where('a.email = :email', { email: by.email }).orderBy('a.id', 'ASC').limit(1);
    else qb.where('a.username = :username AND a.domain = :domain', by);
    const { entities, raw } = await qb.getRawAndEntities<Record<string, unknown>>();
    return entities[0] ? toCaller(entities[0], raw[0]) : undefined;
  }

  activationExpiration(account: Account): Promise<ActivationExpiration | null> {
    return this.dataSource.getRepository(ActivationExpiration).findOneBy({ account_id: account.id });
  }

  /**
   * The confirmation key as a guessable code (a 4-digit PIN, deviation 23):
   * one try taken before comparing; false when none is left.
   */
  claimConfirmationAttempt(account: Account): Promise<boolean> {
    return claimAttempt(this.dataSource, confirmationKeyOf(account));
  }

  /** After a wrong PIN: cleared once every try is spent. */
  clearSpentConfirmation(account: Account): Promise<void> {
    return clearIfSpent(this.dataSource, confirmationKeyOf(account));
  }

  /** A new PIN, a new set of tries (deviation 23). */
  async resetConfirmationAttempts(account: Account, manager: EntityManager): Promise<void> {
    await manager.update(Account, { id: account.id }, { confirmation_key_attempts: 0 });
  }

  /** Same lookups, 404 `Missing elements to perform the request` when absent. */
  async getScoped(id: number, scope: Scope): Promise<Account> {
    return orNotFound(await this.findScoped(id, scope));
  }

  async getBySip(sip: string, scope: Scope): Promise<Account> {
    return orNotFound(await this.findBySip(sip, scope));
  }

  async getByEmail(email: string, scope: Scope): Promise<Account> {
    return orNotFound(await this.findByEmail(email, scope));
  }

  /** A page of accounts (id order) and the total, scoped; `ORDER BY id LIMIT … OFFSET …` (src/account-core/account-pages.ts). */
  async page({ domain }: Scope, page: number, perPage: number): Promise<{ items: Account[]; total: number }> {
    const offset = (page - 1) * perPage;
    if (!Number.isSafeInteger(offset)) return { items: [], total: await this.count(domain) };
    return (this.pages ??= new AccountPages(this.dataSource, this.countsKept)).read(domain, offset, perPage);
  }

  private pages?: AccountPages;

  /**
   * The number of accounts of a domain (all domains: undefined) from
   * `account_counts` (a few rows per domain, summed), which triggers keep exact (migration AccountCounts):
   * the same cost at any size, where a COUNT(*) reads the Space's index. Without the triggers, COUNT(*).
   */
  async count(domain: string | undefined): Promise<number> {
    const total = this.countsKept ? 'SELECT SUM(accounts) AS total FROM account_counts' : 'SELECT COUNT(*) AS total FROM accounts';
    const rows = await (domain === undefined
      ? this.dataSource.query<{ total: unknown }[]>(total)
      : this.dataSource.query<{ total: unknown }[]>(`${total} WHERE domain = ?`, [domain]));
    return Number(rows[0]?.total ?? 0);
  }

  // ------------------------------------------------------ validation rules
  // (the injectable constraints of src/accounts/dto/account-constraints.ts)

  /** An account has these values (optionally one other than `exceptId`); undefined values are left out. */
  isTaken(where: { username?: string; domain?: string; phone?: string; email?: string }, exceptId?: number): Promise<boolean> {
    const columns = (['username', 'domain', 'phone', 'email'] as const).filter((column) => where[column] !== undefined);
    const parameters: unknown[] = columns.map((column) => where[column]);
    const conditions = columns.map((column) => `${this.q(column)} = ?`);
    if (exceptId !== undefined) {
      conditions.push(`${this.q('id')} <> ?`);
      parameters.push(exceptId);
    }
    return this.exists.check(`SELECT 1 FROM ${this.q('accounts')} WHERE ${conditions.join(' AND ') || '1 = 1'}`, parameters);
  }

  /** The identity was deleted before (§6). */
  isTombstoned(username: string, domain: string): Promise<boolean> {
    return this.exists.check(`SELECT 1 FROM ${this.q('accounts_tombstones')} WHERE ${this.q('username')} = ? AND ${this.q('domain')} = ?`, [
      username,
      domain,
    ]);
  }

  private q(name: string): string {
    return this.dataSource.driver.escape(name);
  }

  /** The validation rules' lookups of a request (username taken, tombstone, phone …) in one statement. */
  private readonly exists = new ExistenceChecks(this.dataSource);

  // ----------------------------------------------------------------- writes

  /**
   * One transaction: the account row, its provisioning token, its activation
   * expiration, its dictionary and its password; then `options.within`.
   * Returns the stored row.
   */
  async create(input: NewAccount, options: CreateOptions): Promise<Account> {
    const activated = options.activated ?? false;
    const confirmationKey = options.confirmationKey !== undefined ? options.confirmationKey : activated ? null : randomToken(13);
    const stamp = now();
    // every column given: the row is known without reading it back (issue 9)
    const columns = {
      username: input.username,
      domain: options.domain,
      email: input.email ?? null,
      activated,
      confirmation_key: confirmationKey,
      confirmation_key_attempts: 0,
      ip_address: (options.origin.ip ?? '').slice(0, 39),
      user_agent: options.userAgent ?? options.origin.userAgent ?? this.settings.appName,
      display_name: input.display_name ?? null,
      dtmf_protocol: input.dtmf_protocol ?? null,
      blocked: false,
      admin: options.admin ?? false,
      phone: input.phone ?? null,
      created_at: stamp,
      updated_at: stamp,
    } satisfies Partial<Account>;
    const written: WrittenRows = { passwords: [], provisioningTokens: [], dictionary: [], activationExpirations: [] };
    const account = await this.dataSource.transaction(async (manager) => {
      const runner = manager.queryRunner as QueryRunner;
      const created = Object.assign(new Account(), columns);
      created.id = await insertRows(runner, Account, [columns]);
      const owned = { account_id: created.id, created_at: stamp, updated_at: stamp };
      const token = {
        ...owned,
        token: randomToken(13),
        used: false,
        ip: options.origin.ip ?? null,
        user_agent: options.origin.userAgent ?? null,
      };
      written.provisioningTokens.push(
        Object.assign(new ProvisioningToken(), token, { id: await insertRows(runner, ProvisioningToken, [token]) }),
      );
      if (!activated && input.activationExpires) {
        const expiration = { ...owned, expires: input.activationExpires };
        written.activationExpirations.push(
          Object.assign(new ActivationExpiration(), expiration, { id: await insertRows(runner, ActivationExpiration, [expiration]) }),
        );
      }
      // a new account has no rows to replace: inserting only avoids the gap locks that
      // concurrent delete-then-insert creations take on MySQL (deadlocks)
      const entries = Object.entries(input.dictionary ?? {}).map(([key, value]) => ({ ...owned, key, value }));
      if (entries.length > 0) {
        const first = await insertRows(runner, AccountDictionaryEntry, entries);
        written.dictionary.push(...entries.map((entry, i) => Object.assign(new AccountDictionaryEntry(), entry, { id: first + i })));
      }
      if (input.password !== undefined && input.password !== null) {
        const algorithm = input.algorithm ?? this.settings.defaultPasswordAlgorithm;
        const hash = {
          account_id: created.id,
          algorithm,
          password: hashPassword(this.settings, algorithm, created.username, created.domain, String(input.password)),
        };
        written.passwords.push(Object.assign(new Password(), hash, { id: await insertRows(runner, Password, [hash]) }));
      }
      await options.within?.(manager, created);
      return created;
    });
    return markFresh(account, written);
  }

  /** Admin full replacement (accounts.md §4.2); activated and blocked are kept. */
  async replace(account: Account, input: AccountReplacement): Promise<Account> {
    // concurrent replacements of one account: the last wins (its password and dictionary rows)
    const replacing = ['passwords_account_id_algorithm_unique', 'account_dictionary_entries_account_id_key_unique'];
    const write = () =>
      this.dataSource.transaction(async (manager) => {
        const columns: Partial<Account> = {
          username: input.username,
          ...(input.domain !== undefined ? { domain: input.domain } : {}),
          email: input.email,
          display_name: input.display_name,
          dtmf_protocol: input.dtmf_protocol,
          phone: input.phone,
          admin: input.admin,
          user_agent: input.user_agent,
        };
        const changed = Object.entries(columns).filter(([column, value]) => account[column as keyof Account] !== value);
        // `updated_at` only when a column changes (tokens.md §8)
        if (changed.length > 0) await manager.update(Account, { id: account.id }, { ...Object.fromEntries(changed), updated_at: now() });
        // the password is hashed with the new username and domain
        Object.assign(account, columns);
        if (input.password) await this.passwords.set(account, input.password, input.algorithm, manager);
        if (input.dictionary !== undefined) await this.dictionary.replace(account, input.dictionary ?? {}, manager);
      });
    await retryTransaction(write, { replacing });
    return this.accounts.findOneByOrFail({ id: account.id });
  }

  /**
   * Sets the columns that differ (and then `updated_at`, which the blocking
   * service counts as an event: a no-op must not touch it, tokens.md §8);
   * returns the stored row.
   */
  async update(account: Account, changes: AccountPatch, manager: EntityManager = this.dataSource.manager): Promise<Account> {
    const changed = Object.fromEntries(
      Object.entries(changes).filter(([column, value]) => account[column as keyof AccountPatch] !== value),
    ) as AccountPatch;
    if (Object.keys(changed).length === 0) return account;
    await manager.update(Account, { id: account.id }, { ...changed, updated_at: now() });
    Object.assign(account, changed);
    return manager.findOneByOrFail(Account, { id: account.id });
  }

  setActivated(account: Account, activated: boolean): Promise<Account> {
    return this.update(account, { activated });
  }

  setBlocked(account: Account, blocked: boolean): Promise<Account> {
    return this.update(account, { blocked });
  }

  /** Every account of a domain (a Space's deletion), without tombstones; inside the caller's transaction. */
  async removeAllInDomain(domain: string, manager: EntityManager): Promise<void> {
    await manager.delete(Account, { domain });
  }

  /** Tombstone (unless one exists), then the row; the rest goes by FK cascade. */
  async remove(account: Account): Promise<void> {
    // of concurrent deletions, one writes the tombstone; the others find it on their next attempt
    const write = () =>
      this.dataSource.transaction(async (manager) => {
        const tombstoned = await manager.existsBy(AccountTombstone, { username: account.username, domain: account.domain });
        if (!tombstoned) await manager.save(manager.create(AccountTombstone, { username: account.username, domain: account.domain }));
        await manager.delete(Account, { id: account.id });
        await this.deletions.deleteOwnedBy(manager, account.username, account.domain);
      });
    await retryTransaction(write, { replacing: ['accounts_tombstones_username_domain_unique'] });
  }
}

const confirmationKeyOf = (account: Account): GuardedCode => ({
  entity: Account,
  id: account.id,
  code: 'confirmation_key',
  attempts: 'confirmation_key_attempts',
});

function orNotFound(account: Account | null): Account {
  if (!account) throw notFound();
  return account;
}
