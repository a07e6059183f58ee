import { DIGEST_ALGORITHMS, DigestAlgorithm } from '../../../common/digest-hash';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Expose, Transform } from 'class-transformer';
import { Allow } from 'class-validator';
import { Digits, Filled, MaxLength, Required, Size } from '../../../common/validation/rules';
import {
  CreationPhoneRules,
  DictionaryRule,
  DomainExists,
  NewPasswordRules,
  NoUppercase,
  NotBlacklisted,
  NotPhoneLike,
  NotTombstoned,
  OptionalDtmfRules,
  OptionalEmailRules,
  PasswordAlgorithm,
  SipUsername,
  UsernameUnique,
} from '../../dto/account-rules';
import { AccountCreationTokenRules } from '../../../tokens/account-creation-token.rules';

export const tokenDoc = { example: 'a1B2c3D4e5F6g', description: 'an unused, unexpired account creation token (13 characters)' };

/** `POST /api/accounts/with-account-creation-token` (accounts.md §8.1); property order = message order. */
export class CreateWithTokenDto {
  @ApiProperty({ type: String, example: 'john', maxLength: 64 })
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

  @ApiProperty({ type: String, minLength: 3, maxLength: 255, example: 'secret' })
  @NewPasswordRules()
  password: string | number;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'validated, not stored' })
  @OptionalEmailRules()
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, enum: ['sipinfo', 'rfc2833', 'sipmessage'] })
  @OptionalDtmfRules()
  dtmf_protocol?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'validated, not stored' })
  @CreationPhoneRules()
  phone?: string | null;

  @ApiProperty(tokenDoc)
  @Required()
  @AccountCreationTokenRules()
  account_creation_token: string;

  @ApiPropertyOptional({ enum: DIGEST_ALGORITHMS, description: 'default: ACCOUNT_DEFAULT_PASSWORD_ALGORITHM' })
  @PasswordAlgorithm()
  algorithm?: DigestAlgorithm;
}

/** `code` is an alias of `confirmation_key` that wins when present (reference). */
const ConfirmationKey = (): PropertyDecorator =>
  applyDecorators(
    Expose(),
    Transform(({ obj }: { obj: Record<string, unknown> }) => (obj.code !== undefined ? obj.code : obj.confirmation_key), {
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
