import { DIGEST_ALGORITHMS, DigestAlgorithm } from '../../../common/digest-hash';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsDateTimeFormat, IsIn, IsString, MaxLength, Nullable, Required } from '../../../common/validation/rules';
import {
  AdminUsernameRules,
  CreationPhoneRules,
  DictionaryRule,
  DomainExists,
  NewPasswordRules,
  NoControlCharacters,
  OptionalDtmfRules,
  OptionalEmailRules,
  PASSWORD_MAX,
  PasswordAlgorithm,
  PhoneCountryAuthorized,
  PhoneUniqueAmongPhones,
  PhoneUniqueAmongUsernames,
  PhoneValid,
  StringOrNumber,
} from '../../dto/account-rules';

const dictionaryDoc = {
  type: 'object',
  additionalProperties: { type: 'string' },
  example: { foo: 'bar' },
  description: 'key → value strings',
} as const;

/** `POST /api/accounts` (accounts.md §4.1); property order = message order. */
export class CreateAccountDto {
  @ApiProperty({ type: String, example: 'john', maxLength: 64 })
  @AdminUsernameRules('create')
  username: string | number;

  @ApiPropertyOptional({ description: 'an existing Space domain; only a super admin can create elsewhere than the current domain' })
  @DomainExists()
  domain?: string;

  @ApiPropertyOptional(dictionaryDoc)
  @DictionaryRule()
  @NoControlCharacters()
  dictionary?: Record<string, string> | [];

  @ApiProperty({ type: String, minLength: 3, maxLength: 255, example: 'secret' })
  @NewPasswordRules()
  password: string | number;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'john@example.org', maxLength: 64 })
  @OptionalEmailRules()
  email?: string | null;

  @ApiPropertyOptional({ nullable: true, enum: ['sipinfo', 'rfc2833', 'sipmessage'] })
  @OptionalDtmfRules()
  dtmf_protocol?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+33612345678', description: 'international format, activated country' })
  @CreationPhoneRules()
  phone?: string | null;

  @ApiProperty({ enum: DIGEST_ALGORITHMS })
  @Required()
  @PasswordAlgorithm()
  algorithm: DigestAlgorithm;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @Nullable()
  @IsBoolean()
  admin?: unknown;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @Nullable()
  @IsBoolean()
  activated?: unknown;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    example: '2040-12-12 12:12:12',
    description: 'YYYY-MM-DD HH:mm:ss (UTC); ignored when activated',
  })
  @Nullable()
  @IsDateTimeFormat()
  confirmation_key_expires?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255 })
  @Nullable()
  @IsString()
  @MaxLength(255)
  @NoControlCharacters()
  display_name?: string | null;
}

/** `PUT /api/accounts/{id}`, a full replacement (accounts.md §4.2). */
export class UpdateAccountDto {
  @ApiProperty({ type: String, example: 'john', maxLength: 64 })
  @AdminUsernameRules('update')
  username: string | number;

  @ApiPropertyOptional({ description: 'an existing Space domain; only a super admin moves an account' })
  @DomainExists()
  domain?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 64 })
  @OptionalEmailRules({ ignoreSelf: true })
  email?: string | null;

  @ApiPropertyOptional({ enum: ['admin', 'end_user'], description: 'validated, otherwise ignored' })
  @IsIn(['admin', 'end_user'])
  role?: string;

  @ApiPropertyOptional({ nullable: true, enum: ['sipinfo', 'rfc2833', 'sipmessage'] })
  @OptionalDtmfRules()
  dtmf_protocol?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '+33612345678' })
  @Nullable()
  @PhoneValid()
  @PhoneCountryAuthorized()
  @PhoneUniqueAmongUsernames('update')
  @PhoneUniqueAmongPhones({ ignoreSelf: true })
  phone?: string | null;

  @ApiProperty({ enum: DIGEST_ALGORITHMS })
  @Required()
  @PasswordAlgorithm()
  algorithm: DigestAlgorithm;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'absent → the account loses the admin role' })
  @Nullable()
  @IsBoolean()
  admin?: unknown;

  @ApiPropertyOptional({ type: Boolean, nullable: true, description: 'validated, otherwise ignored' })
  @Nullable()
  @IsBoolean()
  activated?: unknown;

  @ApiPropertyOptional({ type: String, description: 'replaces the password when given' })
  @Nullable()
  @StringOrNumber()
  @MaxLength(PASSWORD_MAX)
  password?: string | number | null;

  @ApiPropertyOptional({ ...dictionaryDoc, nullable: true, description: 'when present, replaces every entry (null or {} clears)' })
  @Nullable()
  @DictionaryRule()
  @NoControlCharacters()
  dictionary?: Record<string, string> | [] | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255 })
  @Nullable()
  @IsString()
  @MaxLength(255)
  @NoControlCharacters()
  display_name?: string | null;
}

/** `POST /api/accounts/{id}/dictionary/{key}` (contacts.md §6). */
export class DictionaryValueDto {
  @ApiProperty({ type: String, example: 'bar', maxLength: 255, description: 'a string, or a number stored as its text' })
  @Required()
  @StringOrNumber()
  @MaxLength(255)
  @NoControlCharacters()
  value: string | number;
}
