import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IntRange, IsBoolean, IsInteger, IsString, MaxLength, Nullable, Required } from '../../common/validation/rules';
import { IsoDate, SipAddress } from './statistics-rules';

const ISO = {
  type: String,
  example: '2017-07-21T17:32:28Z',
  description: 'ISO 8601 (an offset is applied, no zone is UTC); stored in UTC to the second',
};

/** `POST /api/statistics/messages` (statistics.md); Flexisip's `to` map is accepted and not stored. */
export class MessageDto {
  @ApiProperty({ example: '84c937d1', maxLength: 64 })
  @Required()
  @IsString()
  @MaxLength(64)
  id: string;

  @ApiProperty({ example: 'alice@sip.example.org', maxLength: 256, description: '`user@domain`, without `sip:`' })
  @Required()
  @IsString()
  @MaxLength(256)
  @SipAddress()
  from: string;

  @ApiProperty(ISO)
  @Required()
  @IsoDate()
  sent_at: string;

  @ApiProperty({ type: Boolean, description: '`true`, `false`, `1`, `0`, `"1"`, `"0"`' })
  @Required()
  @IsBoolean()
  encrypted: unknown;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, example: 'iHVDMq6MxSKp60bT' })
  @Nullable()
  @IsString()
  @MaxLength(255)
  conference_id?: string | null;
}

/** `PATCH /api/statistics/messages/{message_id}/to/{to}/devices/{device_id}`. */
export class MessageDeviceDto {
  @ApiProperty({ type: Number, example: 200, description: 'the SIP status the device answered' })
  @Required()
  @IsInteger()
  @IntRange()
  last_status: number | string;

  @ApiProperty(ISO)
  @Required()
  @IsoDate()
  received_at: string;
}
