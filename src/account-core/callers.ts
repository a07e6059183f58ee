import { SelectQueryBuilder } from 'typeorm';
import { Account } from './entities/account.entity';
import { Space } from './entities/space.entity';
import { Caller } from './request-scope';

/**
 * Adds the super flag of the account's own Space to an account query, so
 * that authentication finds the caller and its role in one round trip.
 */
export function withSpaceSuper<T extends object>(qb: SelectQueryBuilder<T>, accountAlias: string): SelectQueryBuilder<T> {
  return qb
    .leftJoin(Space, 'caller_space', `caller_space.domain = ${accountAlias}.domain`)
    .addSelect('caller_space.super', 'caller_space_super');
}

export function toCaller(account: Account, raw: Record<string, unknown>): Caller {
  const superSpace = raw.caller_space_super === true || raw.caller_space_super === 1 || raw.caller_space_super === '1';
  return { account, superAdmin: account.admin && superSpace };
}
