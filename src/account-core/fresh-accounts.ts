import type { Account } from './entities/account.entity';
import type { AccountDictionaryEntry } from './entities/account-dictionary-entry.entity';
import type { ActivationExpiration } from './entities/activation-expiration.entity';
import type { Password } from './entities/password.entity';
import type { ProvisioningToken } from './entities/provisioning-token.entity';

/** The rows a creation wrote beside the account, as stored. */
export interface WrittenRows {
  passwords: Password[];
  provisioningTokens: ProvisioningToken[];
  dictionary: AccountDictionaryEntry[];
  activationExpirations: ActivationExpiration[];
}

/**
 * Accounts created by the current request, with the rows their creation
 * wrote: the serializer's loaders render those rows without reading them back
 * and skip the relations that creation does not write (change codes, types,
 * actions), which cannot have rows yet (issue 9). A non-enumerable symbol
 * property: the mark goes with the object, never to a copy of the row, and,
 * unlike a WeakMap entry, costs the garbage collector nothing.
 */
const FRESH = Symbol('written rows');
const writtenOf = (account: Account): WrittenRows | undefined => (account as { [FRESH]?: WrittenRows })[FRESH];

export function markFresh(account: Account, written: WrittenRows): Account {
  Object.defineProperty(account, FRESH, { value: written, configurable: true });
  return account;
}

export const isFresh = (account: Account): boolean => writtenOf(account) !== undefined;

/** Every account of the page was just created (no rows outside what creation wrote). */
export const allFresh = (accounts: readonly Account[]): boolean => accounts.length > 0 && accounts.every(isFresh);

/** The rows of `relation` written for these accounts, or undefined when one of them was not just created. */
export function writtenRows<K extends keyof WrittenRows>(accounts: readonly Account[], relation: K): WrittenRows[K] | undefined {
  if (!allFresh(accounts)) return undefined;
  return accounts.flatMap((account) => writtenOf(account)![relation] as unknown[]) as WrittenRows[K];
}
