import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Allow } from 'class-validator';
import { AfterOrEqualToday, IsBoolean, IsDate, IsInteger, IsString, MaxLength, Nullable, Required } from '../../common/validation/rules';
import { Unique } from '../../common/validation/db-rules';
import { Space } from '../entities/space.entity';

const flagDoc = { type: Boolean, required: false };

export class CreateSpaceDto {
  @ApiProperty({ example: 'sip.example.org', maxLength: 64 })
  @Required()
  // ours: the columns' sizes, so that no input reaches the database unchecked
  @IsString()
  @MaxLength(64)
  @Unique(Space, 'domain')
  domain: string;

  @ApiPropertyOptional({ description: 'HTTP host serving the Space; defaults to `domain`', maxLength: 255 })
  @Nullable()
  @IsString()
  @MaxLength(255)
  host?: string | null;

  @ApiPropertyOptional(flagDoc) @Allow() super?: unknown;
  @ApiPropertyOptional(flagDoc) @Allow() disable_chat_feature?: unknown;
  @ApiPropertyOptional(flagDoc) @Allow() disable_meetings_feature?: unknown;
  @ApiPropertyOptional(flagDoc) @Allow() disable_broadcast_feature?: unknown;
  @ApiPropertyOptional(flagDoc) @Allow() hide_settings?: unknown;
  @ApiPropertyOptional(flagDoc) @Allow() hide_account_settings?: unknown;
  @ApiPropertyOptional(flagDoc) @Allow() disable_call_recordings_feature?: unknown;
  @ApiPropertyOptional(flagDoc) @Allow() only_display_sip_uri_username?: unknown;
  @ApiPropertyOptional(flagDoc) @Allow() assistant_hide_create_account?: unknown;
  @ApiPropertyOptional(flagDoc) @Allow() assistant_disable_qr_code?: unknown;
  @ApiPropertyOptional(flagDoc) @Allow() assistant_hide_third_party_account?: unknown;

  @ApiPropertyOptional({ type: Number, description: 'accounts the Linphone app may configure' })
  @Nullable()
  @IsInteger()
  max_account?: number | string | null;

  @ApiPropertyOptional({ type: Number, description: 'capacity, 0 = unlimited' })
  @Nullable()
  @IsInteger()
  max_accounts?: number | string | null;

  @ApiPropertyOptional({ type: String, example: '2030-01-31', nullable: true })
  @Nullable()
  @IsDate()
  @AfterOrEqualToday()
  expire_at?: string | null;
}

const requiredBoolean = { type: Boolean, required: true };

export class UpdateSpaceDto {
  @ApiPropertyOptional({ description: 'HTTP host serving the Space; defaults to `domain`', maxLength: 255 })
  @Nullable()
  @IsString()
  @MaxLength(255)
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

  @ApiProperty({ type: Number }) @Required() @IsInteger() max_account: number | string;
  @ApiProperty({ type: Number }) @Required() @IsInteger() max_accounts: number | string;

  @ApiPropertyOptional({ type: String, example: '2030-01-31', nullable: true })
  @Nullable()
  @IsDate()
  @AfterOrEqualToday()
  expire_at?: string | null;
}
