import { Injectable } from '@nestjs/common';
import { Account } from '../../account-core/entities/account.entity';
import { AccountDictionaryRepository, Dictionary } from '../../account-core/account-dictionary.repository';

/** An account's free key/value strings (contacts.md §6). */
@Injectable()
export class AccountDictionaryService {
  constructor(private readonly dictionary: AccountDictionaryRepository) {}

  list(account: Account): Promise<Dictionary> {
    return this.dictionary.list(account);
  }

  /** undefined when the key does not exist. */
  get(account: Account, key: string): Promise<string | undefined> {
    return this.dictionary.get(account, key);
  }

  set(account: Account, key: string, value: string): Promise<void> {
    return this.dictionary.set(account, key, value);
  }

  /** 1 when deleted, 0 when the key did not exist. */
  remove(account: Account, key: string): Promise<number> {
    return this.dictionary.delete(account, key);
  }
}
