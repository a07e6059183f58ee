import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { Account } from '../account-core/entities/account.entity';
import { changeRows } from '../database/statements';
import { now } from '../database/timestamps';
import { AccountAction } from './entities/account-action.entity';

/** `account_actions`, the only code that queries it (the account JSON's part is account-action-rows.ts). */
@Injectable()
export class AccountActionsRepository {
  private readonly sql: { insert: string; update: string; remove: string };

  constructor(
    @InjectRepository(AccountAction) private readonly actions: Repository<AccountAction>,
    private readonly dataSource: DataSource,
  ) {
    const q = (name: string) => dataSource.driver.escape(name);
    const table = q(dataSource.getMetadata(AccountAction).tableName);
    this.sql = {
      // nothing is inserted when the account was deleted in between (no foreign key error)
      insert:
        `INSERT INTO ${table} (account_id, ${q('key')}, code, created_at, updated_at) ` +
        `SELECT a.id, ?, ?, ?, ? FROM ${q(dataSource.getMetadata(Account).tableName)} a WHERE a.id = ?`,
      update: `UPDATE ${table} SET ${q('key')} = ?, code = ?, updated_at = ? WHERE id = ?`,
      remove: `DELETE FROM ${table} WHERE id = ? AND account_id = ?`,
    };
  }

  /** The account's actions, id order. */
  all(account: Account): Promise<AccountAction[]> {
    return this.actions.find({ where: { account_id: account.id }, order: { id: 'ASC' } });
  }

  find(account: Account, id: number): Promise<AccountAction | null> {
    return this.actions.findOneBy({ id, account_id: account.id });
  }

  /**
   * The new action; undefined when the account is gone. In a transaction of
   * its own: on SQLite, queued, so it never joins (and shares the fate of)
   * another request's.
   */
  async create(account: Account, key: string, code: string): Promise<AccountAction | undefined> {
    const stamp = now();
    const at = this.dateValue(stamp);
    const id = await this.dataSource.transaction(async (manager) => {
      const result = await manager.queryRunner!.query(this.sql.insert, [key, code, at, at, account.id], true);
      if (!result.affected) return undefined;
      // better-sqlite3's lastInsertRowid, mysql2's insertId
      const raw = result.raw as number | bigint | { insertId?: number };
      return Number(typeof raw === 'object' && raw !== null ? raw.insertId : raw);
    });
    return id === undefined
      ? undefined
      : Object.assign(new AccountAction(), { id, account_id: account.id, key, code, created_at: stamp, updated_at: stamp });
  }

  async update(action: AccountAction, key: string, code: string): Promise<AccountAction> {
    const updated_at = now();
    await changeRows(this.dataSource, this.sql.update, [key, code, this.dateValue(updated_at), action.id]);
    return Object.assign(action, { key, code, updated_at });
  }

  /** 1 when deleted, 0 when the account has no such action. */
  async remove(account: Account, id: number): Promise<number> {
    return (await changeRows(this.dataSource, this.sql.remove, [id, account.id])) > 0 ? 1 : 0;
  }

  /** A datetime as the driver stores it (SQLite's text), for fixed SQL. */
  private dateValue(date: Date): unknown {
    return this.dataSource.driver.preparePersistentValue(
      date,
      this.dataSource.getMetadata(AccountAction).findColumnWithPropertyName('updated_at')!,
    );
  }
}
