import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, Matches, MaxLength, Nullable, Required } from '../../common/validation/rules';
import { NotAnOption, PnParam, PnPrid, PnProvider } from '../pn.rules';
import { PN_PROVIDERS, PUSH_TYPES, PushType } from '../pusher-arguments';

/** The device a push goes to. */
export class PushDeviceDto {
  @ApiProperty({ enum: PN_PROVIDERS, example: 'fcm' })
  @Required()
  @PnProvider()
  pn_provider: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 255, example: 'ABCD1234_voip', description: '`^[A-Za-z0-9_]+$`' })
  @Nullable()
  @PnParam()
  // the column's size (tokens keep the device)
  @MaxLength(255)
  pn_param?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 255,
    example: 'f8a7:00ff-12',
    description: '`^[A-Za-z0-9_\\-:]+$`, not starting with `-`',
  })
  @Nullable()
  @PnPrid()
  @NotAnOption()
  @MaxLength(255)
  pn_prid?: string | null;
}

/** `POST /api/push_notification` (misc.md). */
export class PushNotificationDto extends PushDeviceDto {
  @ApiProperty({ enum: PUSH_TYPES, example: 'message' })
  @Required()
  @IsIn(PUSH_TYPES)
  type: PushType;

  @ApiPropertyOptional({
    type: String,
    maxLength: 255,
    example: 'call_id-123',
    description: '`^[A-Za-z0-9_\\-]+$`, not starting with `-`; null is refused',
  })
  // not nullable: an explicit null fails too (reference)
  @Matches(/^[A-Za-z0-9_-]+$/, 'The call id should only contain only alphanumeric and dashes characters')
  @NotAnOption()
  // one argument of the pusher: a bounded one
  @MaxLength(255)
  call_id?: string;
}
