import request from 'supertest';
import { DataSource } from 'typeorm';
import { Account } from '../../src/accounts/entities/account.entity';
import { Password } from '../../src/accounts/entities/password.entity';
import { ApiKey } from '../../src/auth/entities/api-key.entity';
import { sha256 } from '../../src/auth/api-keys.service';
import { ha1 } from '../../src/auth/digest/digest';
import { Space } from '../../src/spaces/entities/space.entity';
import { now } from '../../src/database/timestamps';
import { DOMAIN, HOST, TestApp } from './app';

export interface AccountFixture {
  account: Account;
  password: string;
  apiKey: string;
}

let keyCounter = 0;

/** Inserts an account straight into the database, with a password and an API key bound to no IP. */
export async function createAccount(
  db: DataSource,
  options: {
    username?: string;
    domain?: string;
    password?: string;
    algorithms?: ('MD5' | 'SHA-256' | 'CLRTXT')[];
    admin?: boolean;
    activated?: boolean;
    blocked?: boolean;
    email?: string | null;
    realm?: string;
    apiKeyIp?: string | null;
  } = {},
): Promise<AccountFixture> {
  const username = options.username ?? `user${++keyCounter}`;
  const domain = options.domain ?? DOMAIN;
  const password = options.password ?? 'testtest';
  const realm = options.realm ?? domain;
  const account = await db.getRepository(Account).save(
    db.getRepository(Account).create({
      username,
      domain,
      email: options.email ?? null,
      admin: options.admin ?? false,
      activated: options.activated ?? true,
      blocked: options.blocked ?? false,
      ip_address: '127.0.0.1',
      user_agent: 'Test',
    }),
  );
  for (const algorithm of options.algorithms ?? ['SHA-256']) {
    await db.getRepository(Password).insert({
      account_id: account.id,
      algorithm,
      password: algorithm === 'CLRTXT' ? password : ha1(algorithm, username, realm, password),
    });
  }
  const apiKey = `key${Date.now()}${++keyCounter}`.padEnd(40, 'x');
  await db.getRepository(ApiKey).insert({
    account_id: account.id,
    key_hash: sha256(apiKey),
    ip: options.apiKeyIp === undefined ? null : options.apiKeyIp,
    last_used_at: now(),
    created_at: now(),
    updated_at: now(),
    requests: 0,
    expires: true,
  });
  return { account, password, apiKey };
}

export async function createSpace(db: DataSource, domain: string, fields: Partial<Space> = {}): Promise<Space> {
  const repo = db.getRepository(Space);
  return repo.save(repo.create({ domain, host: domain, ...fields }));
}

/** An HTTP client bound to the app, sending the default Space's Host. */
export function http(t: TestApp) {
  const agent = request(t.url);
  const withHost = <T extends request.Test>(test: T, host = HOST): T => test.set('Host', host) as T;
  return {
    get: (path: string, host?: string) => withHost(agent.get(path), host),
    post: (path: string, host?: string) => withHost(agent.post(path), host),
    put: (path: string, host?: string) => withHost(agent.put(path), host),
    patch: (path: string, host?: string) => withHost(agent.patch(path), host),
    delete: (path: string, host?: string) => withHost(agent.delete(path), host),
  };
}
