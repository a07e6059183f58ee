import { Custom } from '../common/validation/rules';
import { db, request, settings } from '../common/validation/context';
import { AccountCreationToken } from './entities/account-creation-token.entity';
import { ACCOUNT_CREATION_TOKEN_LENGTH, inSpace, isExpired } from './account-creation-tokens.service';

/** Unused, of the request's Space: another Space's token is as unknown (deviation 22). */
async function unusedToken(value: unknown): Promise<AccountCreationToken | undefined> {
  const space = request()?.space;
  if (typeof value !== 'string' || !space) return undefined;
  const rows = await db()
    .getRepository(AccountCreationToken)
    .find({ where: inSpace(space, { token: value, used: false }), order: { id: 'ASC' } });
  // exactly this value: MySQL compares this column case-insensitively
  return rows.find((row) => row.token === value);
}

/**
 * `account_creation_token` of the public creation endpoints (accounts.md §8.1):
 * an unused row with exactly this value, 13 characters long; then, that
 * row not expired. Put after `Required()`.
 */
export const AccountCreationTokenRules = (): PropertyDecorator => {
  const rules = [
  Custom(
    'account_creation_token',
    async (value) => typeof value === 'string' && value.length === ACCOUNT_CREATION_TOKEN_LENGTH && (await unusedToken(value)) !== undefined,
    'Please provide a valid account_creation_token',
  ),
  Custom(
    'account_creation_token_expiry',
    async (value) => {
      const token = await unusedToken(value);
      // an unknown token is reported by the rule above only
      return !token || !isExpired(token.created_at, settings().accountCreationTokenExpirationMinutes);
    },
    'The provided token is expired',
  ),
  ];
  return (target, property) => rules.forEach((decorate) => decorate(target, property));
};
