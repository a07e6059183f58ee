import request from 'supertest';
import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { Account } from '../../src/account-core/entities/account.entity';
import { Password } from '../../src/account-core/entities/password.entity';
import { ApiKey } from '../../src/account-core/entities/api-key.entity';
import { sha256 } from '../../src/auth/api-keys.service';
import { ha1 } from '../../src/common/digest-hash';
import { randomToken } from '../../src/common/random';
import { minutesAgo, now } from '../../src/database/timestamps';
import { PhoneCountry } from '../../src/phone-countries/entities/phone-country.entity';
import { Space, SPACE_FLAGS } from '../../src/account-core/entities/space.entity';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';
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

/** A super Space and an admin of it (who may manage every Space). */
export async function createSuperAdmin(db: DataSource, domain: string): Promise<AccountFixture> {
  await createSpace(db, domain, { super: true });
  return createAccount(db, { domain, admin: true });
}

/** A full `PUT /api/spaces/{domain}` body (every required field, every flag off). */
export const spaceBody = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...Object.fromEntries(['super', ...SPACE_FLAGS].map((flag) => [flag, false])),
  max_account: 0,
  max_accounts: 0,
  ...overrides,
});

/** An unused account creation token inserted straight into the database, of the default Space unless told. */
export async function createToken(db: DataSource, fields: Partial<AccountCreationToken> = {}): Promise<AccountCreationToken> {
  const repo = db.getRepository(AccountCreationToken);
  const space = await db.getRepository(Space).findOneByOrFail({ domain: DOMAIN });
  return repo.save(
    repo.create({ token: randomToken(13), used: false, ip: '127.0.0.1', user_agent: 'Test', space_id: space.id, ...fields }),
  );
}

/** An account that consumed a creation token (tokens.md §4), its own update well out of the blocking period. */
export async function createValidatedAccount(db: DataSource, options: Parameters<typeof createAccount>[1] = {}): Promise<AccountFixture> {
  const fixture = await createAccount(db, options);
  await createToken(db, { used: true, account_id: fixture.account.id });
  return fixture;
}

export async function ageAccount(db: DataSource, accountId: number, minutes = 24 * 60): Promise<void> {
  const at = minutesAgo(minutes);
  await db.createQueryBuilder().update(Account).set({ updated_at: at, created_at: at }).where('id = :id', { id: accountId }).execute();
}

export async function activateCountries(db: DataSource, ...codes: string[]): Promise<void> {
  for (const code of codes) await db.getRepository(PhoneCountry).update({ code }, { activated: true });
}

export const count = <T extends ObjectLiteral>(db: DataSource, entity: EntityTarget<T>, where: Record<string, unknown> = {}) =>
  db.getRepository(entity).countBy(where as never);

export const accountCount = (db: DataSource) => count(db, Account);

/** An HTTP client bound to the app, sending the default Space's Host. */
export function http(t: TestApp) {
  const agent = request(t.url);
  const withHost = <T extends request.Test>(test: T, host = HOST): T => test.set('Host', host);
  return {
    get: (path: string, host?: string) => withHost(agent.get(path), host),
    post: (path: string, host?: string) => withHost(agent.post(path), host),
    put: (path: string, host?: string) => withHost(agent.put(path), host),
    patch: (path: string, host?: string) => withHost(agent.patch(path), host),
    delete: (path: string, host?: string) => withHost(agent.delete(path), host),
  };
}
