import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, FindOptionsWhere, Not, ObjectLiteral, Repository } from 'typeorm';
import { Account } from '../account-core/entities/account.entity';
import type { Scope } from '../account-core/request-scope';
import { changeRows, selectRows } from '../database/statements';
import { now } from '../database/timestamps';
import { Space } from '../account-core/entities/space.entity';
import { AccountAccountType } from './entities/account-account-type.entity';
import { AccountType } from './entities/account-type.entity';

/**
 * `account_types` and `account_account_type`, the only code that queries
 * them (the account JSON's part is account-type-rows.ts). What a caller sees
 * (deviation 19): a super admin every Space's types, anyone else the types of
 * the request's Space; an account takes only types of its own Space.
 */
@Injectable()
export class AccountTypesRepository {
  private readonly sql: {
    typeOfAccount: string;
    attached: string;
    attach: string;
    detach: string;
    rename: string;
    remove: string;
    removeInSpace: string;
  };

  constructor(
    @InjectRepository(AccountType) private readonly types: Repository<AccountType>,
    private readonly dataSource: DataSource,
  ) {
    const q = (name: string) => dataSource.driver.escape(name);
    const table = (entity: new () => ObjectLiteral) => q(dataSource.getMetadata(entity).tableName);
    const [typesTable, links, spaces] = [table(AccountType), table(AccountAccountType), table(Space)];
    // a type of the Space whose domain is the account's
    const ofDomain = `INNER JOIN ${spaces} s ON s.id = t.space_id AND s.domain = ?`;
    this.sql = {
      typeOfAccount: `SELECT t.id FROM ${typesTable} t ${ofDomain} WHERE t.id = ?`,
      attached: `SELECT 1 AS found FROM ${links} l INNER JOIN ${typesTable} t ON t.id = l.account_type_id ${ofDomain} WHERE l.account_id = ? AND l.account_type_id = ?`,
      // nothing is inserted when the account or the type was deleted in between (no foreign key error)
      attach:
        `INSERT INTO ${links} (account_id, account_type_id, created_at, updated_at) ` +
        `SELECT a.id, t.id, ?, ? FROM ${table(Account)} a INNER JOIN ${typesTable} t ON t.id = ? WHERE a.id = ?`,
      detach: `DELETE FROM ${links} WHERE account_id = ? AND account_type_id = ?`,
      rename: `UPDATE ${typesTable} SET ${q('key')} = ?, updated_at = ? WHERE id = ?`,
      remove: `DELETE FROM ${typesTable} WHERE id = ?`,
      removeInSpace: `DELETE FROM ${typesTable} WHERE id = ? AND space_id = ?`,
    };
  }

  /** The scope's types, id order. */
  all(scope: Scope): Promise<AccountType[]> {
    return this.types.find({ where: visibleIn(scope), order: { id: 'ASC' } });
  }

  find(id: number, scope: Scope): Promise<AccountType | null> {
    return this.types.findOneBy({ id, ...visibleIn(scope) });
  }

  /** In a transaction of its own: on SQLite, queued, so it never joins (and shares the fate of) another request's. */
  async create(spaceId: number, key: string): Promise<AccountType> {
    const stamp = now();
    const type = this.types.create({ space_id: spaceId, key, created_at: stamp, updated_at: stamp });
    await this.dataSource.transaction((manager) => manager.insert(AccountType, type));
    return type;
  }

  async rename(type: AccountType, key: string): Promise<AccountType> {
    const updated_at = now();
    await changeRows(this.dataSource, this.sql.rename, [key, this.dateValue(updated_at), type.id]);
    return Object.assign(type, { key, updated_at });
  }

  /** 1 when deleted (its links cascade), 0 when the scope has no such type. */
  async remove(id: number, { domain, space }: Scope): Promise<number> {
    const changed =
      domain === undefined
        ? await changeRows(this.dataSource, this.sql.remove, [id])
        : await changeRows(this.dataSource, this.sql.removeInSpace, [id, space.id]);
    return changed > 0 ? 1 : 0;
  }

  /** Another type of that Space has this key. */
  isKeyTaken(key: string, spaceId: number, exceptId?: number): Promise<boolean> {
    return this.types.existsBy({ space_id: spaceId, key, ...(exceptId === undefined ? {} : { id: Not(exceptId) }) });
  }

  /** The Space of a type, whatever the scope (for a super admin's uniqueness check). */
  async spaceIdOf(id: number): Promise<number | undefined> {
    return (await this.types.findOne({ select: { space_id: true }, where: { id } }))?.space_id;
  }

  // ------------------------------------------------------- on accounts

  /** The type with this id if it is one of the account's Space. */
  async typeOfAccount(account: Account, typeId: number): Promise<number | undefined> {
    const rows = await selectRows(this.dataSource, this.sql.typeOfAccount, [account.domain, typeId]);
    return rows.length > 0 ? Number(rows[0].id) : undefined;
  }

  /** The account has this type (one of its Space's). */
  async isAttached(account: Account, typeId: number): Promise<boolean> {
    return (await selectRows(this.dataSource, this.sql.attached, [account.domain, account.id, typeId])).length > 0;
  }

  /** false when the account or the type is gone; a unique violation when it is attached already (a concurrent request). */
  async attach(account: Account, typeId: number): Promise<boolean> {
    const stamp = this.dateValue(now());
    return (await changeRows(this.dataSource, this.sql.attach, [stamp, stamp, typeId, account.id])) > 0;
  }

  /** The number of links removed (0 or 1). */
  detach(account: Account, typeId: number): Promise<number> {
    return changeRows(this.dataSource, this.sql.detach, [account.id, typeId]);
  }

  /** A datetime as the driver stores it (SQLite's text), for fixed SQL. */
  private dateValue(date: Date): unknown {
    return this.dataSource.driver.preparePersistentValue(
      date,
      this.dataSource.getMetadata(AccountType).findColumnWithPropertyName('updated_at')!,
    );
  }
}

function visibleIn({ domain, space }: Scope): FindOptionsWhere<AccountType> {
  return domain === undefined ? {} : { space_id: space.id };
}
