import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Account } from '../accounts/entities/account.entity';
import { now } from '../database/timestamps';
import { AccountAction } from './entities/account-action.entity';

/** `account_actions`, the only code that queries it (the account JSON's part is account-action-rows.ts). */
@Injectable()
export class AccountActionsRepository {
  private readonly insertSql: string;

  constructor(
    @InjectRepository(AccountAction) private readonly actions: Repository<AccountAction>,
    private readonly dataSource: DataSource,
  ) {
    const q = (name: string) => dataSource.driver.escape(name);
    // nothing is inserted when the account was deleted in between (no foreign key error)
    this.insertSql =
      `INSERT INTO ${q(dataSource.getMetadata(AccountAction).tableName)} (account_id, ${q('key')}, code, created_at, updated_at) ` +
      `SELECT a.id, ?, ?, ?, ? FROM ${q(dataSource.getMetadata(Account).tableName)} a WHERE a.id = ?`;
  }

  /** The account's actions, id order. */
  all(account: Account): Promise<AccountAction[]> {
    return this.actions.find({ where: { account_id: account.id }, order: { id: 'ASC' } });
  }

  find(account: Account, id: number): Promise<AccountAction | null> {
    return this.actions.findOneBy({ id, account_id: account.id });
  }

  /** The new action; undefined when the account is gone. */
  async create(account: Account, key: string, code: string): Promise<AccountAction | undefined> {
    const stamp = now();
    const column = this.dataSource.getMetadata(AccountAction).findColumnWithPropertyName('created_at')!;
    const at = this.dataSource.driver.preparePersistentValue(stamp, column);
    const runner = this.dataSource.createQueryRunner();
    try {
      const result = await runner.query(this.insertSql, [key, code, at, at, account.id], true);
      if (!result.affected) return undefined;
      // better-sqlite3's lastInsertRowid, mysql2's insertId
      const raw = result.raw as number | bigint | { insertId?: number };
      const id = Number(typeof raw === 'object' && raw !== null ? raw.insertId : raw);
      return Object.assign(new AccountAction(), { id, account_id: account.id, key, code, created_at: stamp, updated_at: stamp });
    } finally {
      await runner.release();
    }
  }

  async update(action: AccountAction, key: string, code: string): Promise<AccountAction> {
    const updated_at = now();
    await this.actions.update({ id: action.id }, { key, code, updated_at });
    return Object.assign(action, { key, code, updated_at });
  }

  /** 1 when deleted, 0 when the account has no such action. */
  async remove(account: Account, id: number): Promise<number> {
    const result = await this.actions.delete({ id, account_id: account.id });
    return result.affected ? 1 : 0;
  }
}
