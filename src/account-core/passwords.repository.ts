import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Account } from './entities/account.entity';
import { Password } from './entities/password.entity';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { DigestAlgorithm } from '../common/digest-hash';
import { retryTransaction } from '../database/retry';
import { hashPassword } from './password-hash';

/** The `passwords` table: an account's stored hashes, one per algorithm. */
@Injectable()
export class PasswordsRepository {
  constructor(
    private readonly dataSource: DataSource,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** The password rows, id order. */
  list(account: Account): Promise<Password[]> {
    return this.dataSource.getRepository(Password).find({ where: { account_id: account.id }, order: { id: 'ASC' } });
  }

  /** Replaces every password row by one: H(username:realm:password), realm = ACCOUNT_REALM or the domain. */
  async set(
    account: Account,
    password: string | number,
    algorithm: DigestAlgorithm,
    manager?: EntityManager,
    options: { fresh?: boolean } = {},
  ): Promise<void> {
    if (!manager) {
      // on its own: delete + insert in one transaction, the last of concurrent changes wins
      const write = () => this.dataSource.transaction((m) => this.set(account, password, algorithm, m, options));
      return retryTransaction(write, { replacing: ['passwords_account_id_algorithm_unique'] });
    }
    if (!options.fresh) await manager.delete(Password, { account_id: account.id });
    await manager.insert(Password, {
      account_id: account.id,
      algorithm,
      password: hashPassword(this.settings, algorithm, account.username, account.domain, String(password)),
    });
  }
}
