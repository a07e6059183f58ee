import { DIGEST_ALGORITHMS, DigestAlgorithm } from '../../../common/digest-hash';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Filled, IsEmail, MaxLength, MinLength, Required, RequiredWithout } from '../../../common/validation/rules';
import { Injectable } from '@nestjs/common';
import { ValidationArguments, ValidatorConstraint } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { rule, RuleConstraint } from '../../../common/validation/rule';
import { requestOf } from '../../../common/validation/validation-request';
import { AccountsRepository } from '../../../account-core/accounts.repository';
import {
  DomainExists,
  EmailUniqueIfConfigured,
  NoUppercase,
  NotBlacklisted,
  PASSWORD_MAX,
  PasswordAlgorithm,
  PhoneCountryAuthorized,
  PhoneUniqueAmongPhones,
  PhoneUniqueAmongUsernames,
  PhoneValid,
  SipUsername,
  StringOrNumber,
} from '../../dto/account-rules';
import { AccountCreationTokenRules } from '../../../tokens/account-creation-token.rules';

import { tokenDoc } from './public-accounts.dto';
import { creationDomain } from '../../../account-core/creation-domain';

/** The dangerous creation's domain: its `domain` input, else the current one. */
export function dangerousDomain(request: FastifyRequest | undefined): unknown {
  const body = (request?.body ?? {}) as Record<string, unknown>;
  return creationDomain<unknown>(body.domain ?? undefined, true, request?.space?.domain);
}

/** (username, domain) free among accounts and tombstones, in the dangerous creation's domain. */
@ValidatorConstraint({ async: true })
@Injectable()
export class UsernameFreeInDomainConstraint implements RuleConstraint {
  constructor(private readonly accounts: AccountsRepository) {}

  async validate(v: unknown, args: ValidationArguments): Promise<boolean> {
    const domain = dangerousDomain(requestOf(args));
    const username = typeof v === 'number' ? String(v) : v;
    if (typeof username !== 'string' || typeof domain !== 'string') return true;
    return !(await this.accounts.isTaken({ username, domain })) && !(await this.accounts.isTombstoned(username, domain));
  }
}

/** An account (any domain) has this phone. */
@ValidatorConstraint({ async: true })
@Injectable()
export class PhoneOfAnAccountConstraint implements RuleConstraint {
  constructor(private readonly accounts: AccountsRepository) {}

  async validate(v: unknown): Promise<boolean> {
    return typeof v === 'string' && (await this.accounts.isTaken({ phone: v }));
  }
}

const UsernameFreeInDomain = (): PropertyDecorator => rule('unique', UsernameFreeInDomainConstraint, { rule: 'unique' });

const PhoneOfAnAccount = (): PropertyDecorator => rule('exists', PhoneOfAnAccountConstraint, { rule: 'exists' });

/** `POST /api/accounts/public` (accounts.md §8.5), enabled by APP_DANGEROUS_ENDPOINTS. */
export class DangerousCreateDto {
  @ApiPropertyOptional({ example: 'john', description: 'required without `phone` (then the phone is the username)' })
  @RequiredWithout('phone')
  @NoUppercase()
  @NotBlacklisted()
  @SipUsername()
  @UsernameFreeInDomain()
  @Filled()
  // ours (accounts.md §3.1): the column holds 64 characters
  @MaxLength(64)
  username?: string;

  @ApiProperty({ enum: DIGEST_ALGORITHMS })
  @Required()
  @PasswordAlgorithm()
  algorithm: DigestAlgorithm;

  @ApiProperty({ type: String, example: 'secret', maxLength: 255 })
  @Required()
  @Filled()
  @StringOrNumber()
  @MaxLength(PASSWORD_MAX)
  password: string | number;

  @ApiPropertyOptional({ description: 'an existing Space; default: the current domain' })
  @MinLength(3)
  @DomainExists()
  domain?: string;

  @ApiPropertyOptional({ example: 'john@example.org', description: 'required without `phone`' })
  @RequiredWithout('phone')
  @IsEmail()
  @EmailUniqueIfConfigured()
  @MaxLength(64)
  email?: string;

  @ApiPropertyOptional({ example: '+33612345678', description: 'required without `email` or without `username`' })
  @RequiredWithout('email')
  @RequiredWithout('username')
  @PhoneValid()
  @PhoneCountryAuthorized()
  @PhoneUniqueAmongPhones()
  @PhoneUniqueAmongUsernames('any')
  phone?: string;

  @ApiProperty(tokenDoc)
  @Required()
  @AccountCreationTokenRules()
  account_creation_token: string;
}

export class RecoverByPhoneDto {
  @ApiProperty({ example: '+33612345678' })
  @Required()
  @PhoneValid()
  @PhoneCountryAuthorized()
  @PhoneOfAnAccount()
  phone: string;

  @ApiProperty(tokenDoc)
  @Required()
  @AccountCreationTokenRules()
  account_creation_token: string;
}

/** The `{phone}` path parameter of `info-by-phone`, validated as a body field. */
export class PhoneParamDto {
  @PhoneValid()
  @PhoneCountryAuthorized()
  phone: string;
}
