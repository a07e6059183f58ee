import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Repository } from 'typeorm';
import { ApiKey } from './entities/api-key.entity';
import { Account } from '../account-core/entities/account.entity';
import { Space } from '../account-core/entities/space.entity';
import { EntityColumns } from '../database/fixed-sql';
import { selectRows } from '../database/statements';
import { ApiKeyUsage } from './api-key-usage';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { minutesAgo, now } from '../database/timestamps';
import { randomToken } from '../common/random';
import { unauthorized } from '../common/errors';
import { Caller } from '../account-core/request-scope';
import { toCaller } from '../account-core/callers';
import { retryTransaction } from '../database/retry';
import { deleteInChunks } from '../database/chunked-delete';
import type { OnProgress } from '../common/progress';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

@Injectable()
export class ApiKeysService implements OnApplicationBootstrap {
  private keyColumns!: EntityColumns<ApiKey>;
  private accountColumns!: EntityColumns<Account>;
  /** the key, its account and the super flag of the account's Space, in one fixed statement */
  private authSql!: string;

  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @InjectSettings() private readonly settings: Settings,
    private readonly usage: ApiKeyUsage,
  ) {}

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
  }

  /** Hot path: one SELECT (key, account, role); the usage write is coalesced (ApiKeyUsage, deviation 29). */
  async authenticate(key: string, clientIp: string): Promise<Caller> {
    const raw = (await selectRows(this.keys.manager.connection, this.authSql, [sha256(key)]))[0];
    if (!raw) throw unauthorized('Invalid API Key');
    const row = this.keyColumns.hydrate(raw);
    if (row.ip !== null && row.ip !== clientIp) throw unauthorized('Invalid API Key');
    const ttl = this.settings.apiKeyExpirationMinutes;
    const lastUse = this.usage.pendingLastUse(row.id) ?? row.last_used_at;
    if (row.expires && ttl > 0 && lastUse && lastUse < minutesAgo(ttl)) {
      this.usage.forget(row.id);
      await this.keys.delete({ id: row.id });
      throw unauthorized('Invalid API Key');
    }
    this.usage.record(row.id);
    return toCaller(this.accountColumns.hydrate(raw), raw);
  }

  /** Replaces the account's key; only its digest is stored, the clear key is returned once. */
  async generate(accountId: number, ip: string | null, options: { key?: string; expires?: boolean } = {}): Promise<string> {
    const key = options.key ?? randomToken(40);
    // concurrent generations for one account: the last wins (src/database/retry.ts)
    const write = () => this.keys.manager.transaction(async (manager) => {
      await manager.delete(ApiKey, { account_id: accountId });
      await manager.save(
        manager.create(ApiKey, {
          account_id: accountId,
          key_hash: sha256(key),
          ip,
          last_used_at: now(),
          requests: 0,
          expires: options.expires ?? true,
        }),
      );
    });
    await retryTransaction(write, { replacing: ['api_keys_account_id_unique'] });
    return key;
  }

  /**
   * `x-api-key` cookie, living as long as an unused key does; not sent with
   * other sites' subrequests and posts (Lax), nor over plain HTTP when it was
   * given over HTTPS (`protocol` honours X-Forwarded-Proto from APP_TRUSTED_PROXIES).
   */
  setCookie(reply: FastifyReply, key: string): void {
    const minutes = this.settings.apiKeyExpirationMinutes;
    reply.setCookie('x-api-key', key, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: reply.request.protocol === 'https',
      ...(minutes > 0 ? { maxAge: minutes * 60, expires: new Date(Date.now() + minutes * 60_000) } : {}),
    });
  }

  /** In id chunks (src/database/chunked-delete.ts), reporting its progress to the console. */
  clearUnused(minutes: number, onProgress?: OnProgress): Promise<number> {
    const before = minutesAgo(minutes);
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
