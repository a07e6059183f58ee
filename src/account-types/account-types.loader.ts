import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import type { AccountRelationLoader } from '../accounts/account.serializer';
import { ALL_VARIANTS, groupByAccount } from '../accounts/account.serializer';
import { AccountAction } from '../accounts/entities/account-action.entity';
import { AccountAccountType } from './entities/account-account-type.entity';
import { AccountType } from './entities/account-type.entity';

/** `types` and `actions` of the account JSON (accounts.md §1), one query each per page. */
@Injectable()
export class AccountTypesLoaders {
  constructor(private readonly dataSource: DataSource) {}

  /** The account's types, in type id order. */
  readonly types: AccountRelationLoader = {
    key: 'types',
    variants: ALL_VARIANTS,
    empty: () => ({ types: [] }),
    load: async (accounts) => {
      const rows = await this.dataSource.manager
        .createQueryBuilder(AccountAccountType, 'link')
        .innerJoin(AccountType, 'type', 'type.id = link.account_type_id')
        .select(['link.account_id AS account_id', 'type.id AS id', 'type.key AS type_key'])
        .where('link.account_id IN (:...ids)', { ids: accounts.map((a) => a.id) })
        .orderBy('type.id', 'ASC')
        .getRawMany<{ account_id: number; id: number; type_key: string }>();
      const out = new Map<number, Record<string, unknown>>();
      for (const [accountId, list] of groupByAccount(rows)) {
        out.set(accountId, { types: list.map((row) => ({ id: Number(row.id), key: row.type_key })) });
      }
      return out;
    },
  };

  /** The DTMF actions, shown only for accounts with a DTMF protocol. */
  readonly actions: AccountRelationLoader = {
    key: 'actions',
    variants: ALL_VARIANTS,
    empty: () => ({ actions: [] }),
    load: async (accounts) => {
      const dtmf = accounts.filter((a) => a.dtmf_protocol !== null).map((a) => a.id);
      if (dtmf.length === 0) return new Map();
      const rows = await this.dataSource.manager.find(AccountAction, { where: { account_id: In(dtmf) }, order: { id: 'ASC' } });
      const out = new Map<number, Record<string, unknown>>();
      for (const [accountId, list] of groupByAccount(rows)) {
        out.set(accountId, { actions: list.map((a) => ({ id: a.id, key: a.key, code: a.code })) });
      }
      return out;
    },
  };
}
