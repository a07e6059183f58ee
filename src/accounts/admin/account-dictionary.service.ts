import { Injectable } from '@nestjs/common';
import { Account } from '../../account-core/entities/account.entity';
import { AccountsRepository, Dictionary } from '../../account-core/accounts.repository';

/** An account's free key/value strings (contacts.md §6). */
@Injectable()
export class AccountDictionaryService {
  constructor(private readonly accounts: AccountsRepository) {}

  list(account: Account): Promise<Dictionary> {
    return this.accounts.dictionary(account);
  }

  /** undefined when the key does not exist. */
  get(account: Account, key: string): Promise<string | undefined> {
    return this.accounts.dictionaryEntry(account, key);
  }

  set(account: Account, key: string, value: string): Promise<void> {
    return this.accounts.setDictionaryEntry(account, key, value);
  }

  /** 1 when deleted, 0 when the key did not exist. */
  remove(account: Account, key: string): Promise<number> {
    return this.accounts.deleteDictionaryEntry(account, key);
  }
}
