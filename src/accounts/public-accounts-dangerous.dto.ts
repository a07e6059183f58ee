import { DIGEST_ALGORITHMS, DigestAlgorithm } from '../auth/digest/digest';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Filled, IsEmail, MaxLength, MinLength, Required, RequiredWithout } from '../common/validation/rules';
import { rule } from '../common/validation/rule';
import { db, request } from '../common/validation/context';
import { Account } from './entities/account.entity';
import { AccountTombstone } from './entities/account-tombstone.entity';
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
} from './dto/account-rules';
import { AccountCreationTokenRules } from '../tokens/account-creation-token.rules';

import { tokenDoc } from './public-accounts.dto';

/** The dangerous creation's domain: its `domain` input, else the current one. */
export function dangerousDomain(body: Record<string, unknown> = (request()?.body ?? {}) as Record<string, unknown>): unknown {
  return body.domain !== undefined && body.domain !== null ? body.domain : request()?.space?.domain;
}

/** (username, domain) free among accounts and tombstones, in the dangerous creation's domain. */
const UsernameFreeInDomain = (): PropertyDecorator =>
  rule(
    'unique',
    async (v) => {
      const domain = dangerousDomain();
      const username = typeof v === 'number' ? String(v) : v;
      if (typeof username !== 'string' || typeof domain !== 'string') return true;
      const taken = await db().getRepository(Account).existsBy({ username, domain });
      return !taken && !(await db().getRepository(AccountTombstone).existsBy({ username, domain }));
    },
    { rule: 'unique' },
  );

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

/** An account (any domain) has this phone. */
const PhoneOfAnAccount = (): PropertyDecorator =>
  rule('exists', async (v) => typeof v === 'string' && (await db().getRepository(Account).existsBy({ phone: v })), { rule: 'exists' });

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
