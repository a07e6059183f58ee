import { Injectable } from '@nestjs/common';
import { DataSource, ObjectLiteral } from 'typeorm';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { iso, plainDateTime } from '../common/serialize';
import type { AccountRelationLoader, AccountVariant, Json } from './account-relation-loader';
import { ALL_VARIANTS, groupByAccount } from './account-relation-loader';
import { Account } from './entities/account.entity';
import { AccountDictionaryEntry } from './entities/account-dictionary-entry.entity';
import { ActivationExpiration } from './entities/activation-expiration.entity';
import { EmailChangeCode } from './entities/email-change-code.entity';
import { Password } from './entities/password.entity';
import { PhoneChangeCode } from './entities/phone-change-code.entity';
import { ProvisioningToken } from './entities/provisioning-token.entity';
import { writtenRows } from './fresh-accounts';
import { dateReader, MemberText, readRelationRows, RelationRow, RelationRows, RelationSelect, relationColumns } from './relation-rows';

/**
 * The parts of the account JSON stored in tables the accounts module owns:
 * passwords, provisioning token, dictionary, activation expiration and the
 * pending email/phone change codes (accounts.md §1). Their SELECTs are
 * members of the page's one relations statement (relation-rows.ts), which
 * this class also runs for the serializer.
 */
@Injectable()
export class AccountCoreRelations {
  readonly loaders: readonly AccountRelationLoader[];
  private readonly sql: CoreMembers;

  constructor(
    private readonly dataSource: DataSource,
    @InjectSettings() private readonly settings: Settings,
  ) {
    this.sql = new CoreMembers(dataSource);
    this.loaders = [this.passwordsAndDictionary(), this.oneRowRelations()];
  }

  /** Every loader's members in one statement (the serializer's single read). */
  read(selects: readonly RelationSelect[]): Promise<RelationRows> {
    return readRelationRows(this.dataSource, selects);
  }

  /** The passwords (in the variants that show them) and the dictionary. */
  private passwordsAndDictionary(): AccountRelationLoader {
    const withPasswords = (variant: AccountVariant) => variant === 'default' || variant === 'admin' || variant === 'recover';
    return {
      key: 'passwords_and_dictionary',
      variants: ALL_VARIANTS,
      empty: (variant) => ({ ...(withPasswords(variant) ? { passwords: [] } : {}), dictionary: {} }),
      select: (accounts, variant) => {
        if (writtenRows(accounts, 'dictionary')) return [];
        const page = ids(accounts);
        return withPasswords(variant)
          ? [this.sql.passwords.select(page), this.sql.dictionary.select(page)]
          : [this.sql.dictionary.select(page)];
      },
      render: (accounts, variant, rows) => {
        const passwords = withPasswords(variant);
        const written = writtenRows(accounts, 'dictionary');
        // just created: the rows written are the rows stored
        const passwordsOf = groupByAccount<{ account_id: number; algorithm: string; password: string }>(
          written
            ? (writtenRows(accounts, 'passwords') ?? [])
            : (rows.get('password') ?? []).map((r) => ({ account_id: r.account_id, algorithm: r.s1!, password: r.s2! })),
        );
        const dictionaryOf = groupByAccount<{ account_id: number; key: string; value: string }>(
          written ?? (rows.get('dictionary') ?? []).map((r) => ({ account_id: r.account_id, key: r.s1!, value: r.s2! })),
        );
        const out = new Map<number, Json>();
        for (const accountId of new Set([...passwordsOf.keys(), ...dictionaryOf.keys()])) {
          const dictionary: Record<string, string> = {};
          for (const row of dictionaryOf.get(accountId) ?? []) dictionary[row.key] = row.value;
          out.set(accountId, {
            ...(passwords
              ? {
                  passwords: (passwordsOf.get(accountId) ?? []).map((p) =>
                    variant === 'recover' ? { password: p.password, algorithm: p.algorithm } : { algorithm: p.algorithm },
                  ),
                }
              : {}),
            dictionary,
          });
        }
        return out;
      },
    };
  }

  /**
   * The relations of at most one row shown per account (the current
   * provisioning token, the activation expiration, the pending email change
   * code and, in the admin list and show, the phone one): an entry for every
   * account, so `empty` is never used.
   */
  private oneRowRelations(): AccountRelationLoader {
    const withPhone = (variant: AccountVariant) => variant === 'list' || variant === 'show';
    return {
      key: 'one_row_relations',
      variants: ALL_VARIANTS,
      empty: (variant) => ({
        ...this.token(undefined),
        ...this.expiration(undefined),
        email_change_code: null,
        ...(withPhone(variant) ? { phone_change_code: null } : {}),
      }),
      select: (accounts, variant) => {
        if (writtenRows(accounts, 'provisioningTokens')) return [];
        const page = ids(accounts);
        const members = [this.sql.token.select(page), this.sql.expiration.select(page), this.sql.emailCode.select(page)];
        return withPhone(variant) ? [...members, this.sql.phoneCode.select(page)] : members;
      },
      render: (accounts, variant, rows) => {
        const phone = withPhone(variant);
        const written = writtenRows(accounts, 'provisioningTokens');
        const one = (kind: string) => new Map((rows.get(kind) ?? []).map((row) => [row.account_id, row]));
        const [tokens, expirations, emailCodes, phoneCodes] = ['token', 'expiration', 'email_code', 'phone_code'].map(one);
        const out = new Map<number, Json>();
        for (const account of accounts) {
          // just created: the token and expiration written, no change code yet
          const token = written ? written.find((t) => t.account_id === account.id) : this.sql.tokenOf(tokens.get(account.id));
          const expiration = written
            ? writtenRows([account], 'activationExpirations')?.[0]
            : this.sql.expirationOf(expirations.get(account.id));
          const emailCode = emailCodes.get(account.id);
          const phoneCode = phoneCodes.get(account.id);
          out.set(account.id, {
            ...this.token(token),
            ...this.expiration(expiration),
            email_change_code: emailCode ? this.changeCode({ email: emailCode.s2 }, emailCode, variant === 'show') : null,
            ...(phone
              ? { phone_change_code: phoneCode ? this.changeCode({ phone: phoneCode.s2 }, phoneCode, variant === 'show') : null }
              : {}),
          });
        }
        return out;
      },
    };
  }

  private token(token: Pick<ProvisioningToken, 'token' | 'created_at'> | undefined): Json {
    if (!token) return { provisioning_token: null, provisioning_token_expire_at: null };
    const minutes = this.settings.provisioningTokenExpirationMinutes;
    return {
      provisioning_token: token.token ?? null,
      provisioning_token_expire_at:
        minutes > 0 && token.created_at ? iso(new Date(new Date(token.created_at).getTime() + minutes * 60_000)) : null,
    };
  }

  private expiration(expiration: ActivationExpiration | undefined): Json {
    if (!expiration) return { confirmation_key_expires: null, activation_expiration: null };
    return {
      confirmation_key_expires: plainDateTime(expiration.expires),
      activation_expiration: {
        id: expiration.id,
        account_id: expiration.account_id,
        expires: plainDateTime(expiration.expires),
        created_at: iso(expiration.created_at),
        updated_at: iso(expiration.updated_at),
      },
    };
  }

  /** A change code row: s1 code, s2 the new email or phone, s3 ip, s4 user agent, d1/d2 created/updated. */
  private changeCode(subject: Json, row: RelationRow, withCode: boolean): Json {
    return {
      ...(withCode ? { code: row.s1 } : {}),
      ...subject,
      created_at: iso(this.sql.codeDate(row.d1)),
      updated_at: iso(this.sql.codeDate(row.d2)),
      ip: row.s3,
      user_agent: row.s4,
    };
  }
}

/**
 * The accounts core's members of the relations statement, fixed text per page
 * length. The one-row relations take their latest matching row (the last id
 * wins); an activation expiration is unique per account.
 */
class CoreMembers {
  readonly passwords: MemberText;
  readonly dictionary: MemberText;
  readonly token: MemberText;
  readonly expiration: MemberText;
  readonly emailCode: MemberText;
  readonly phoneCode: MemberText;
  private readonly tokenDate: (raw: unknown) => Date | null;
  private readonly expirationDates: Record<'expires' | 'created_at' | 'updated_at', (raw: unknown) => Date | null>;
  readonly codeDate: (raw: unknown) => Date | null;

  constructor(dataSource: DataSource) {
    const q = (name: string) => dataSource.driver.escape(name);
    const table = (entity: new () => ObjectLiteral) => q(dataSource.getMetadata(entity).tableName);
    const latest = (entity: new () => ObjectLiteral, alias: string, condition: string) =>
      `${alias}.id = (SELECT MAX(l.id) FROM ${table(entity)} l WHERE l.account_id = ${alias}.account_id${condition})`;
    this.passwords = new MemberText(
      (ids) =>
        `SELECT ${relationColumns('password', { account_id: 'p.account_id', id: 'p.id', s1: 'p.algorithm', s2: 'p.password' })} FROM ${table(Password)} p WHERE p.account_id IN (${ids})`,
    );
    this.dictionary = new MemberText(
      (ids) =>
        `SELECT ${relationColumns('dictionary', { account_id: 'd.account_id', id: 'd.id', s1: `d.${q('key')}`, s2: `d.${q('value')}` })} ` +
        `FROM ${table(AccountDictionaryEntry)} d WHERE d.account_id IN (${ids})`,
    );
    this.token = new MemberText(
      (ids) =>
        `SELECT ${relationColumns('token', { account_id: 't.account_id', id: 't.id', s1: 't.token', d1: 't.created_at' })} FROM ${table(ProvisioningToken)} t ` +
        `WHERE t.account_id IN (${ids}) AND t.used = 0 AND ${latest(ProvisioningToken, 't', ' AND l.used = 0')}`,
    );
    this.expiration = new MemberText(
      (ids) =>
        `SELECT ${relationColumns('expiration', { account_id: 'x.account_id', id: 'x.id', d1: 'x.created_at', d2: 'x.updated_at', d3: 'x.expires' })} ` +
        `FROM ${table(ActivationExpiration)} x WHERE x.account_id IN (${ids})`,
    );
    const code = (kind: string, entity: new () => ObjectLiteral, alias: string, subject: string) =>
      new MemberText(
        (ids) =>
          `SELECT ${relationColumns(kind, { account_id: `${alias}.account_id`, id: `${alias}.id`, s1: `${alias}.code`, s2: `${alias}.${subject}`, s3: `${alias}.ip`, s4: `${alias}.user_agent`, d1: `${alias}.created_at`, d2: `${alias}.updated_at` })} ` +
          `FROM ${table(entity)} ${alias} WHERE ${alias}.account_id IN (${ids}) AND ${alias}.code IS NOT NULL AND ${latest(entity, alias, ' AND l.code IS NOT NULL')}`,
      );
    this.emailCode = code('email_code', EmailChangeCode, 'e', 'email');
    this.phoneCode = code('phone_code', PhoneChangeCode, 'c', 'phone');
    this.tokenDate = dateReader(dataSource, ProvisioningToken, 'created_at');
    this.expirationDates = {
      expires: dateReader(dataSource, ActivationExpiration, 'expires'),
      created_at: dateReader(dataSource, ActivationExpiration, 'created_at'),
      updated_at: dateReader(dataSource, ActivationExpiration, 'updated_at'),
    };
    this.codeDate = dateReader(dataSource, EmailChangeCode, 'created_at');
  }

  tokenOf(row: RelationRow | undefined): Pick<ProvisioningToken, 'token' | 'created_at'> | undefined {
    return row && { token: row.s1, created_at: this.tokenDate(row.d1) };
  }

  expirationOf(row: RelationRow | undefined): ActivationExpiration | undefined {
    if (!row) return undefined;
    return Object.assign(new ActivationExpiration(), {
      id: row.id,
      account_id: row.account_id,
      expires: this.expirationDates.expires(row.d3)!,
      created_at: this.expirationDates.created_at(row.d1),
      updated_at: this.expirationDates.updated_at(row.d2),
    });
  }
}

function ids(accounts: Account[]): number[] {
  return accounts.map((a) => a.id);
}
