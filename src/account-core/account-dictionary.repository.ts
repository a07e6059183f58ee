import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Account } from './entities/account.entity';
import { AccountDictionaryEntry } from './entities/account-dictionary-entry.entity';
import { retryTransaction } from '../database/retry';

export type Dictionary = Record<string, string>;

/** The `account_dictionary_entries` table: an account's free key/value strings (contacts.md §6). */
@Injectable()
export class AccountDictionaryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async list(account: Account): Promise<Dictionary> {
    const rows = await this.dataSource
      .getRepository(AccountDictionaryEntry)
      .find({ where: { account_id: account.id }, order: { id: 'ASC' } });
    return Object.fromEntries(rows.map((row) => [row.key, row.value]));
  }

  async get(account: Account, key: string): Promise<string | undefined> {
    const row = await this.dataSource.getRepository(AccountDictionaryEntry).findOneBy({ account_id: account.id, key });
    return row?.value;
  }

  /** Replaces the entry with that key (delete + insert: it moves to the end); of concurrent sets, the last wins. */
  async set(account: Account, key: string, value: string): Promise<void> {
    await retryTransaction(
      () =>
        this.dataSource.transaction(async (manager) => {
          await manager.delete(AccountDictionaryEntry, { account_id: account.id, key });
          await manager.save(manager.create(AccountDictionaryEntry, { account_id: account.id, key, value }));
        }),
      { replacing: ['account_dictionary_entries_account_id_key_unique'] },
    );
  }

  /** 1 when deleted, 0 when the key did not exist. */
  async delete(account: Account, key: string): Promise<number> {
    const result = await this.dataSource.getRepository(AccountDictionaryEntry).delete({ account_id: account.id, key });
    return result.affected ? 1 : 0;
  }

  async replace(
    account: Account,
    dictionary: Dictionary,
    manager: EntityManager = this.dataSource.manager,
    options: { fresh?: boolean } = {},
  ): Promise<void> {
    if (!options.fresh) await manager.delete(AccountDictionaryEntry, { account_id: account.id });
    const entries = Object.entries(dictionary);
    if (entries.length === 0) return;
    await manager.save(entries.map(([key, value]) => manager.create(AccountDictionaryEntry, { account_id: account.id, key, value })));
  }
}
