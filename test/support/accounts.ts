import { DataSource } from 'typeorm';
import { Account } from '../../src/accounts/entities/account.entity';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';
import { PhoneCountry } from '../../src/phone-countries/entities/phone-country.entity';
import { Space } from '../../src/spaces/entities/space.entity';
import { randomToken } from '../../src/common/random';
import { minutesAgo } from '../../src/database/timestamps';
import { AccountFixture, createAccount } from './fixtures';
import { DOMAIN } from './app';

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

/** Waits until the server has printed `text` (logs reach the test through a pipe, a little after the response). */
export async function waitForOutput(output: () => string, text: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!output().includes(text)) {
    if (Date.now() > deadline) throw new Error(`the server did not print "${text}"`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
