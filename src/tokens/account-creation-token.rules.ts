import { Injectable } from '@nestjs/common';
import { ValidationArguments, ValidatorConstraint } from 'class-validator';
import { rule, RuleConstraint } from '../common/validation/rule';
import { requestOf } from '../common/validation/validation-request';
import { AccountCreationToken } from './entities/account-creation-token.entity';
import { ACCOUNT_CREATION_TOKEN_LENGTH, AccountCreationTokensService } from './account-creation-tokens.service';

/** Unused, of the request's Space: another Space's token is as unknown (deviation 22). */
async function unusedToken(
  tokens: AccountCreationTokensService,
  value: unknown,
  args: ValidationArguments,
): Promise<AccountCreationToken | null> {
  const space = requestOf(args)?.space;
  return space ? tokens.findUnused(value, space) : null;
}

/** An unused row with exactly this value, 13 characters long. */
@ValidatorConstraint({ async: true })
@Injectable()
export class AccountCreationTokenConstraint implements RuleConstraint {
  constructor(private readonly tokens: AccountCreationTokensService) {}

  async validate(value: unknown, args: ValidationArguments): Promise<boolean> {
    return (
      typeof value === 'string' && value.length === ACCOUNT_CREATION_TOKEN_LENGTH && (await unusedToken(this.tokens, value, args)) !== null
    );
  }
}

/** That row not expired (an unknown token is reported by the rule above only). */
@ValidatorConstraint({ async: true })
@Injectable()
export class AccountCreationTokenExpiryConstraint implements RuleConstraint {
  constructor(private readonly tokens: AccountCreationTokensService) {}

  async validate(value: unknown, args: ValidationArguments): Promise<boolean> {
    const token = await unusedToken(this.tokens, value, args);
    return !token || !this.tokens.expired(token);
  }
}

/**
 * `account_creation_token` of the public creation endpoints (accounts.md §8.1):
 * an unused row with exactly this value, 13 characters long; then, that
 * row not expired. Put after `Required()`.
 */
export const AccountCreationTokenRules = (): PropertyDecorator => {
  const rules = [
    rule('account_creation_token', AccountCreationTokenConstraint, { text: 'Please provide a valid account_creation_token' }),
    rule('account_creation_token_expiry', AccountCreationTokenExpiryConstraint, { text: 'The provided token is expired' }),
  ];
  return (target, property) => rules.forEach((decorate) => decorate(target, property));
};
