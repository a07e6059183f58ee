import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { Repository } from 'typeorm';
import { ApiKey } from './entities/api-key.entity';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { minutesAgo, now } from '../database/timestamps';
import { randomToken } from '../common/random';
import { unauthorized } from '../common/errors';
import { Caller } from '../common/request';
import { toCaller, withSpaceSuper } from './callers';
import { retryTransaction } from '../database/retry';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

@Injectable()
export class ApiKeysService {
  constructor(
    @InjectRepository(ApiKey) private readonly keys: Repository<ApiKey>,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** Hot path: one SELECT (key, account, role) and one UPDATE (usage). */
  async authenticate(key: string, clientIp: string): Promise<Caller> {
    const { entities, raw } = await withSpaceSuper(
      this.keys.createQueryBuilder('k').innerJoinAndSelect('k.account', 'a'),
      'a',
    )
      .where('k.key_hash = :hash', { hash: sha256(key) })
      .getRawAndEntities();
    const row = entities[0];
    if (!row || !row.account || (row.ip !== null && row.ip !== clientIp)) throw unauthorized('Invalid API Key');
    const ttl = this.settings.apiKeyExpirationMinutes;
    if (row.expires && ttl > 0 && row.last_used_at && row.last_used_at < minutesAgo(ttl)) {
      await this.keys.delete({ id: row.id });
      throw unauthorized('Invalid API Key');
    }
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ last_used_at: now(), requests: () => 'requests + 1' })
      .where('id = :id', { id: row.id })
      .execute();
    return toCaller(row.account, raw[0]);
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

  async clearUnused(minutes: number): Promise<number> {
    const result = await this.keys
      .createQueryBuilder()
      .delete()
      .where('last_used_at < :before', { before: minutesAgo(minutes) })
      // console-given keys never expire
      .andWhere('expires = :expires', { expires: true })
      .execute();
    return result.affected ?? 0;
  }
}
