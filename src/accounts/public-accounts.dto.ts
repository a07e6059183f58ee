import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Expose, Transform } from 'class-transformer';
import { Allow } from 'class-validator';
import {
  Digits,
  Filled,
  IsEmail,
  MaxLength,
  MinLength,
  Nullable,
  Required,
  RequiredWithout,
  Size,
} from '../common/validation/rules';
import { rule } from '../common/validation/rule';
import { db, request } from '../common/validation/context';
import { Account } from './entities/account.entity';
import { AccountTombstone } from './entities/account-tombstone.entity';
import {
  DictionaryRule,
  DomainExists,
  DtmfProtocol,
  EmailUniqueIfConfigured,
  NoUppercase,
  NotBlacklisted,
  NotPhoneLike,
  NotTombstoned,
  PasswordAlgorithm,
  PhoneCountryAuthorized,
  PhoneUniqueAmongPhones,
  PhoneUniqueAmongUsernames,
  PhoneValid,
  SipUsername,
  StringOrNumber,
  UsernameUnique,
} from './dto/account-rules';
import { AccountCreationTokenRules } from '../tokens/account-creation-token.rules';

const tokenDoc = { example: 'a1B2c3D4e5F6g', description: 'an unused, unexpired account creation token (13 characters)' };

/** `POST /api/accounts/with-account-creation-token` (accounts.md §8.1); property order = message order. */
export class CreateWithTokenDto {
  @ApiProperty({ example: 'john', maxLength: 64 })
  @Required()
  @NoUppercase()
  @NotPhoneLike()
  @NotBlacklisted()
  @SipUsername()
  @UsernameUnique('create')
  @NotTombstoned()
  @Filled()
  @MaxLength(64)
  username: string | number;

  @ApiPropertyOptional({ description: 'validated (an existing Space), not used: the account is created in the current domain' })
  @DomainExists()
  domain?: string;

  @ApiPropertyOptional({ type: 'object', additionalProperties: { type: 'string' }, description: 'validated, not stored' })
  @DictionaryRule()
  dictionary?: Record<string, string> | [];

  @ApiProperty({ minLength: 3, example: 'secret' })
  @Required()
  @MinLength(3)
  @StringOrNumber()
  password: string | number;

  @ApiPropertyOptional({ nullable: true, description: 'validated, not stored' })
  @Nullable()
  @IsEmail()
  @EmailUniqueIfConfigured()
  @MaxLength(64)
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, enum: ['sipinfo', 'rfc2833', 'sipmessage'] })
  @Nullable()
  @DtmfProtocol()
  dtmf_protocol?: string | null;

  @ApiPropertyOptional({ nullable: true, description: 'validated, not stored' })
  @Nullable()
  @PhoneUniqueAmongPhones()
  @PhoneUniqueAmongUsernames('any')
  @PhoneValid()
  @PhoneCountryAuthorized()
  phone?: string | null;

  @ApiProperty(tokenDoc)
  @Required()
  @AccountCreationTokenRules()
  account_creation_token: string;

  @ApiPropertyOptional({ enum: ['MD5', 'SHA-256'], description: 'default: ACCOUNT_DEFAULT_PASSWORD_ALGORITHM' })
  @PasswordAlgorithm()
  algorithm?: 'MD5' | 'SHA-256';
}

/** `code` is an alias of `confirmation_key` that wins when present (reference). */
const ConfirmationKey = (): PropertyDecorator =>
  applyDecorators(
    Expose(),
    Transform(({ obj }) => ((obj as Record<string, unknown>).code !== undefined ? obj.code : obj.confirmation_key), {
      toClassOnly: true,
    }),
  );

export class ActivateByEmailDto {
  @ApiProperty({ example: 'Xk3J9aQ2mZpLr', description: '13 characters; `code` is accepted as an alias' })
  @ConfirmationKey()
  @Required()
  @Size(13)
  confirmation_key: string;

  @ApiPropertyOptional({ description: 'alias of `confirmation_key`' })
  @Allow()
  code?: string;
}

export class ActivateByPhoneDto {
  @ApiProperty({ example: '1234', description: '4 digits; `code` is accepted as an alias' })
  @ConfirmationKey()
  @Required()
  @Digits(4)
  confirmation_key: string;

  @ApiPropertyOptional({ description: 'alias of `confirmation_key`' })
  @Allow()
  code?: string;
}

// ------------------------------------------------------- dangerous endpoints

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
  username?: string;

  @ApiProperty({ enum: ['MD5', 'SHA-256'] })
  @Required()
  @PasswordAlgorithm()
  algorithm: 'MD5' | 'SHA-256';

  @ApiProperty({ example: 'secret' })
  @Required()
  @Filled()
  password: string | number;

  @ApiPropertyOptional({ description: 'an existing Space; default: the current domain' })
  @MinLength(3)
  @DomainExists()
  domain?: string;

  @ApiPropertyOptional({ example: 'john@example.org', description: 'required without `phone`' })
  @RequiredWithout('phone')
  @IsEmail()
  @EmailUniqueIfConfigured()
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
