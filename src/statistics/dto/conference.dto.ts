import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsString, Matches, MaxLength, Nullable, Required } from '../../common/validation/rules';
import { IsoDate } from './statistics-rules';

const ISO = {
  type: String,
  example: '2017-07-21T17:32:28Z',
  description: 'ISO 8601 (an offset is applied, no zone is UTC); stored in UTC to the second',
};

/** TEXT holds 65,535 bytes: four per character at worst. */
const SCHEDULE_MAX = 16_383;

/** `POST /api/statistics/conferences` (ours): Flexisip's `Conference`. */
export class ConferenceDto {
  @ApiProperty({ example: 'iHVDMq6MxSKp60bT', maxLength: 64 })
  @Required()
  @IsString()
  @MaxLength(64)
  id: string;

  @ApiProperty({ ...ISO, description: `when the conference was created; ${ISO.description}` })
  @Required()
  @IsoDate()
  created_at: string;

  @ApiPropertyOptional({ ...ISO, nullable: true })
  @Nullable()
  @IsoDate()
  ended_at?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: SCHEDULE_MAX })
  @Nullable()
  @IsString()
  @MaxLength(SCHEDULE_MAX)
  schedule?: string | null;
}

/**
 * A participant's or a device's event (ours). Types are Flexisip's words;
 * any lowercase word is taken, so that a newer Flexisip's events are not
 * refused (a refusal makes it drop the conference's next events).
 */
export class ParticipantEventDto {
  @ApiProperty({
    example: 'added',
    maxLength: 32,
    description: 'participant: `added`, `left`, `removed`; device: `invited`, `joined`, `left`, `error` (any lowercase word is stored)',
  })
  @Required()
  @IsString()
  @MaxLength(32)
  @Matches(/^[a-z_]+$/, 'The :attribute must be a lowercase word.')
  type: string;

  @ApiProperty(ISO)
  @Required()
  @IsoDate()
  at: string;
}
