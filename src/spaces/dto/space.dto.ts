import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  AfterOrEqualToday,
  Hostname,
  IsBoolean,
  IsDate,
  IntRange,
  IsInteger,
  IsString,
  MaxLength,
  Nullable,
  Required,
} from '../../common/validation/rules';
import { rule } from '../../common/validation/rule';
import { HostFreeConstraint, InsideRootDomainConstraint, SpaceDomainFreeConstraint } from './space-constraints';

/** `null` stands for "absent" (the default applies). */
const StringOrNull = (): PropertyDecorator => rule('string', (v) => v === null || typeof v === 'string', { rule: 'string' });

/**
 * The host rules, checked on the defaulted host so that they report with the
 * other fields' errors: inside APP_ROOT_DOMAIN when it is set, and unique
 * among Spaces, case-insensitively as the Host header is compared.
 */
const InsideRootDomain = (): PropertyDecorator => rule('root_domain', InsideRootDomainConstraint, { implicit: true });

const HostFree = (): PropertyDecorator => rule('unique', HostFreeConstraint, { rule: 'unique', implicit: true });

/** `host`, on POST and PUT; not @Nullable(): its rules must also run when it is absent (its default). */
const HostRules = (): PropertyDecorator =>
  applyDecorators(
    ApiPropertyOptional({
      type: String,
      nullable: true,
      description: 'HTTP host serving the Space (a hostname, optionally with `:port`); defaults to `domain`',
      example: 'sip.example.org:8443',
      maxLength: 255,
    }),
    StringOrNull(),
    MaxLength(255),
    Hostname({ port: true }),
    InsideRootDomain(),
    HostFree(),
  );

const SpaceDomainFree = (): PropertyDecorator => rule('unique', SpaceDomainFreeConstraint, { rule: 'unique' });

const flagDoc = { type: Boolean, required: false, nullable: true, description: '`true`, `false`, `1`, `0`, `"1"`, `"0"`; null is false' };

export class CreateSpaceDto {
  @ApiProperty({ example: 'sip.example.org', maxLength: 64, description: 'a hostname: letters, digits, `-` and `.`' })
  @Required()
  // ours: the columns' sizes, so that no input reaches the database unchecked
  @IsString()
  @MaxLength(64)
  // ours (deviation 26): the domain is the DIGEST realm, quoted in a header
  @Hostname()
  @SpaceDomainFree()
  domain: string;

  @HostRules()
  host?: string | null;

  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() super?: unknown;
  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() disable_chat_feature?: unknown;
  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() disable_meetings_feature?: unknown;
  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() disable_broadcast_feature?: unknown;
  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() hide_settings?: unknown;
  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() hide_account_settings?: unknown;
  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() disable_call_recordings_feature?: unknown;
  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() only_display_sip_uri_username?: unknown;
  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() assistant_hide_create_account?: unknown;
  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() assistant_disable_qr_code?: unknown;
  @ApiPropertyOptional(flagDoc) @Nullable() @IsBoolean() assistant_hide_third_party_account?: unknown;

  @ApiPropertyOptional({ type: Number, description: 'accounts the Linphone app may configure' })
  @Nullable()
  @IsInteger()
  @IntRange()
  max_account?: number | string | null;

  @ApiPropertyOptional({ type: Number, description: 'capacity, 0 = unlimited' })
  @Nullable()
  @IsInteger()
  @IntRange()
  max_accounts?: number | string | null;

  @ApiPropertyOptional({ type: String, example: '2030-01-31', nullable: true })
  @Nullable()
  @IsDate()
  @AfterOrEqualToday()
  expire_at?: string | null;
}

const requiredBoolean = { type: Boolean, required: true };

export class UpdateSpaceDto {
  @HostRules()
  host?: string | null;

  @ApiProperty(requiredBoolean) @Required() @IsBoolean() super: unknown;
  @ApiProperty(requiredBoolean) @Required() @IsBoolean() disable_chat_feature: unknown;
  @ApiProperty(requiredBoolean) @Required() @IsBoolean() disable_meetings_feature: unknown;
  @ApiProperty(requiredBoolean) @Required() @IsBoolean() disable_broadcast_feature: unknown;
  @ApiProperty(requiredBoolean) @Required() @IsBoolean() hide_settings: unknown;
  @ApiProperty(requiredBoolean) @Required() @IsBoolean() hide_account_settings: unknown;
  @ApiProperty(requiredBoolean) @Required() @IsBoolean() disable_call_recordings_feature: unknown;
  @ApiProperty(requiredBoolean) @Required() @IsBoolean() only_display_sip_uri_username: unknown;
  @ApiProperty(requiredBoolean) @Required() @IsBoolean() assistant_hide_create_account: unknown;
  @ApiProperty(requiredBoolean) @Required() @IsBoolean() assistant_disable_qr_code: unknown;
  @ApiProperty(requiredBoolean) @Required() @IsBoolean() assistant_hide_third_party_account: unknown;

  @ApiProperty({ type: Number }) @Required() @IsInteger() @IntRange() max_account: number | string;
  @ApiProperty({ type: Number }) @Required() @IsInteger() @IntRange() max_accounts: number | string;

  @ApiPropertyOptional({ type: String, example: '2030-01-31', nullable: true })
  @Nullable()
  @IsDate()
  @AfterOrEqualToday()
  expire_at?: string | null;
}
