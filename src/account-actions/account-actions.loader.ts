import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AccountRelationLoader, AccountVariant, Json } from '../account-core/account-relation-loader';
import { ALL_VARIANTS } from '../account-core/account-relation-loader';
import { isFresh } from '../account-core/fresh-accounts';
import { MemberText, type RelationRows, type RelationSelect } from '../account-core/relation-rows';
import type { Account } from '../account-core/entities/account.entity';
import { accountActionsMember, actionsByAccount } from './account-action-rows';

/**
 * `actions` of the account JSON (accounts.md §1): a member (kind `action`) of
 * the page's one relations statement, for the accounts with a DTMF protocol
 * only (the others always show `[]`).
 */
@Injectable()
export class AccountActionsLoader implements AccountRelationLoader {
  readonly key = 'actions';
  readonly variants = ALL_VARIANTS;
  private readonly sql: MemberText;

  constructor(dataSource: DataSource) {
    this.sql = new MemberText(accountActionsMember(dataSource));
  }

  empty(): Json {
    return { actions: [] };
  }

  // an account created by this request has no actions yet
  select(accounts: Account[]): RelationSelect[] {
    const dtmf = accounts.filter((a) => a.dtmf_protocol !== null && !isFresh(a)).map((a) => a.id);
    return dtmf.length === 0 ? [] : [this.sql.select(dtmf)];
  }

  render(_accounts: Account[], _variant: AccountVariant, rows: RelationRows): Map<number, Json> {
    const out = new Map<number, Json>();
    for (const [accountId, actions] of actionsByAccount(rows)) out.set(accountId, { actions });
    return out;
  }
}
