import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import { ApiKey } from './entities/api-key.entity';
import { Account } from './entities/account.entity';
import { Space } from './entities/space.entity';
import { EntityColumns } from '../database/fixed-sql';
import { selectRows } from '../database/statements';
import { retryTransaction } from '../database/retry';
import { deleteInChunks } from '../database/chunked-delete';
import type { OnProgress } from '../common/progress';

/** The `api_keys` table: an account's one key, stored as its digest. */
@Injectable()
export class ApiKeysRepository implements OnApplicationBootstrap {
  private keyColumns!: EntityColumns<ApiKey>;
  private accountColumns!: EntityColumns<Account>;
  /** the key, its account and the super flag of the account's Space, in one fixed statement */
  private authSql!: string;
  private useSql!: string;
  private lastUsedColumn!: ColumnMetadata;

  constructor(@InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>) {}

  onApplicationBootstrap(): void {
    const dataSource = this.keys.manager.connection;
    const q = (name: string) => dataSource.driver.escape(name);
    this.keyColumns = new EntityColumns(dataSource, ApiKey, 'k');
    this.accountColumns = new EntityColumns(dataSource, Account, 'a');
    const spaces = new EntityColumns(dataSource, Space, 's');
    this.authSql =
      `SELECT ${this.keyColumns.select}, ${this.accountColumns.select}, ${q('s')}.${q('super')} AS ${q('caller_space_super')} ` +
      `FROM ${this.keyColumns.table} ${q('k')} ` +
      `INNER JOIN ${this.accountColumns.table} ${q('a')} ON ${q('a')}.${q('id')} = ${q('k')}.${q('account_id')} ` +
      `LEFT JOIN ${spaces.table} ${q('s')} ON ${q('s')}.${q('domain')} = ${q('a')}.${q('domain')} ` +
      `WHERE ${q('k')}.${q('key_hash')} = ?`;
    this.lastUsedColumn = dataSource.getMetadata(ApiKey).findColumnWithPropertyName('last_used_at')!;
    this.useSql = `UPDATE ${q('api_keys')} SET ${q('last_used_at')} = ?, ${q('requests')} = ${q('requests')} + ? WHERE ${q('id')} = ?`;
  }

  /** Adds `requests` uses to the key, the last at `lastUsedAt` (one fixed UPDATE). */
  async recordUses(id: number, lastUsedAt: Date, requests: number): Promise<void> {
    const dataSource = this.keys.manager.connection;
    await dataSource.query(this.useSql, [dataSource.driver.preparePersistentValue(lastUsedAt, this.lastUsedColumn), requests, id]);
  }

  /** Hot path: one SELECT of the key with this digest, its account, and the raw row (for the caller's role). */
  async findByHash(keyHash: string): Promise<{ key: ApiKey; account: Account; raw: Record<string, unknown> } | undefined> {
    const raw = (await selectRows(this.keys.manager.connection, this.authSql, [keyHash]))[0];
    if (!raw) return undefined;
    return { key: this.keyColumns.hydrate(raw), account: this.accountColumns.hydrate(raw), raw };
  }

  async delete(id: number): Promise<void> {
    await this.keys.delete({ id });
  }

  /** Replaces the account's key; of concurrent replacements the last wins (src/database/retry.ts). */
  async replace(key: Pick<ApiKey, 'account_id' | 'key_hash' | 'ip' | 'last_used_at' | 'requests' | 'expires'>): Promise<void> {
    const write = () =>
      this.keys.manager.transaction(async (manager) => {
        await manager.delete(ApiKey, { account_id: key.account_id });
        await manager.save(manager.create(ApiKey, key));
      });
    await retryTransaction(write, { replacing: ['api_keys_account_id_unique'] });
  }

  /** Expiring keys unused since `before`, in id chunks (src/database/chunked-delete.ts). */
  clearUnusedBefore(before: Date, onProgress?: OnProgress): Promise<number> {
    return deleteInChunks(
      this.keys,
      (select) =>
        select
          .where('last_used_at < :before', { before })
          // console-given keys never expire
          .andWhere('expires = :expires', { expires: true }),
      onProgress,
    );
  }
}
