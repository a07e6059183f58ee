import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, MaxLength, Nullable, Required } from '../../common/validation/rules';
import { IsObject, IsoDate, MemberOf, RequiredInObject, SipAddress } from './statistics-rules';

const ISO = {
  type: String,
  example: '2017-07-21T17:32:28Z',
  description: 'ISO 8601 (an offset is applied, no zone is UTC); stored in UTC to the second',
};
const SIP = { maxLength: 256, description: '`user@domain`, without `sip:`' };

/** `POST /api/statistics/calls` (statistics.md); Flexisip's `sip_call_id` and `devices` are accepted and not stored. */
export class CallDto {
  @ApiProperty({ example: '4722b0233fd8cafad3cdcafe5510fe57', maxLength: 64 })
  @Required()
  @IsString()
  @MaxLength(64)
  id: string;

  @ApiProperty({ ...SIP, example: 'alice@sip.example.org' })
  @Required()
  @IsString()
  @MaxLength(256)
  @SipAddress()
  from: string;

  @ApiProperty({ ...SIP, example: 'bob@sip.example.org' })
  @Required()
  @IsString()
  @MaxLength(256)
  @SipAddress()
  to: string;

  @ApiProperty(ISO)
  @Required()
  @IsoDate()
  initiated_at: string;

  @ApiPropertyOptional({ ...ISO, nullable: true })
  @Nullable()
  @IsoDate()
  ended_at?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, example: 'iHVDMq6MxSKp60bT' })
  @Nullable()
  @IsString()
  @MaxLength(255)
  conference_id?: string | null;
}

/** `PATCH /api/statistics/calls/{call_id}` and `PATCH /api/statistics/conferences/{id}`. */
export class EndedDto {
  @ApiProperty(ISO)
  @Required()
  @IsoDate()
  ended_at: string;
}

/**
 * `PATCH /api/statistics/calls/{call_id}/devices/{device_id}`. Flexisip
 * sends `rang_at` and `invite_terminated` in separate requests: a field
 * absent keeps its stored value, a `null` clears it.
 */
export class CallDeviceDto {
  @ApiPropertyOptional({ ...ISO, nullable: true })
  @Nullable()
  @IsoDate()
  rang_at?: string | null;

  @ApiPropertyOptional({
    type: 'object',
    nullable: true,
    description: 'how the INVITE to the device ended; `at` and `state` go together',
    properties: {
      at: { type: 'string', example: '2017-07-21T18:32:28Z', description: 'ISO 8601' },
      state: {
        type: 'string',
        maxLength: 255,
        example: 'accepted',
        description: 'Flexisip: `error`, `declined`, `canceled`, `accepted_elsewhere`, `declined_elsewhere`, `accepted`',
      },
    },
  })
  @Nullable()
  @IsObject()
  invite_terminated?: Record<string, unknown> | null;

  @MemberOf('invite_terminated', 'at')
  @RequiredInObject('invite_terminated', 'invite_terminated.state,iso_date')
  @IsoDate()
  'invite_terminated.at'?: unknown;

  @MemberOf('invite_terminated', 'state')
  @RequiredInObject('invite_terminated', 'invite_terminated.at,string')
  @IsString()
  @MaxLength(255)
  'invite_terminated.state'?: unknown;
}
