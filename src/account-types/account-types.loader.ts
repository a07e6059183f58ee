import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccountRelationLoader, AccountVariant, Json } from '../account-core/account-relation-loader';
import { ALL_VARIANTS } from '../account-core/account-relation-loader';
import { allFresh } from '../account-core/fresh-accounts';
import { MemberText, type RelationRows, type RelationSelect } from '../account-core/relation-rows';
import type { Account } from '../account-core/entities/account.entity';
import { accountTypesMember, typesByAccount } from './account-type-rows';

/**
 * `types` of the account JSON (accounts.md §1): a member (kind `type`) of the
 * page's one relations statement (src/account-core/relation-rows.ts).
 */
@Injectable()
export class AccountTypesLoader implements AccountRelationLoader {
  readonly key = 'types';
  readonly variants = ALL_VARIANTS;
  private readonly sql: MemberText;

  constructor(dataSource: DataSource) {
    this.sql = new MemberText(accountTypesMember(dataSource));
  }

  empty(): Json {
    return { types: [] };
  }

  // an account created by this request has no types yet
  select(accounts: Account[]): RelationSelect[] {
    return allFresh(accounts) ? [] : [this.sql.select(accounts.map((a) => a.id))];
  }

  render(_accounts: Account[], _variant: AccountVariant, rows: RelationRows): Map<number, Json> {
    const out = new Map<number, Json>();
    for (const [accountId, types] of typesByAccount(rows)) out.set(accountId, { types });
    return out;
  }
}
