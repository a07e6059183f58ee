import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import { ApiKeysRepository } from '../account-core/api-keys.repository';
import { ApiKeyUsage } from './api-key-usage';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { minutesAgo, now } from '../database/timestamps';
import { randomToken } from '../common/random';
import { unauthorized } from '../common/errors';
import { Caller } from '../account-core/request-scope';
import { toCaller } from '../account-core/callers';
import type { OnProgress } from '../common/progress';

export const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    @InjectSettings() private readonly settings: Settings,
    private readonly usage: ApiKeyUsage,
  ) {}

  /** Hot path: one SELECT (key, account, role); the usage write is coalesced (ApiKeyUsage, deviation 29). */
  async authenticate(key: string, clientIp: string): Promise<Caller> {
    const found = await this.keys.findByHash(sha256(key));
    if (!found) throw unauthorized('Invalid API Key');
    const row = found.key;
    if (row.ip !== null && row.ip !== clientIp) throw unauthorized('Invalid API Key');
    const ttl = this.settings.apiKeyExpirationMinutes;
    const lastUse = this.usage.pendingLastUse(row.id) ?? row.last_used_at;
    if (row.expires && ttl > 0 && lastUse && lastUse < minutesAgo(ttl)) {
      this.usage.forget(row.id);
      await this.keys.delete(row.id);
      throw unauthorized('Invalid API Key');
    }
    this.usage.record(row.id);
    return toCaller(found.account, found.raw);
  }

  /** Replaces the account's key; only its digest is stored, the clear key is returned once. */
  async generate(accountId: number, ip: string | null, options: { key?: string; expires?: boolean } = {}): Promise<string> {
    const key = options.key ?? randomToken(40);
    await this.keys.replace({
      account_id: accountId,
      key_hash: sha256(key),
      ip,
      last_used_at: now(),
      requests: 0,
      expires: options.expires ?? true,
    });
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

  /** In id chunks, reporting its progress to the console. */
  clearUnused(minutes: number, onProgress?: OnProgress): Promise<number> {
    return this.keys.clearUnusedBefore(minutesAgo(minutes), onProgress);
  }
}
