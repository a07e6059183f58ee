import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, Role } from '../auth/access.decorator';
import { ApiValidationResponse } from '../common/openapi';
import { PushNotificationDto } from './dto/push-notification.dto';
import { pushNotSent, PusherService } from './pusher.service';

@ApiTags('Push notifications')
@Controller('api/push_notification')
export class PushController {
  constructor(private readonly pusher: PusherService) {}

  @ApiOperation({ summary: 'Send a push notification to a device' })
  @Post()
  @HttpCode(200)
  @Access(Role.User)
  @ApiBody({ type: PushNotificationDto })
  @ApiOkResponse({ description: 'The pusher exited with code 0: empty body' })
  @ApiResponse({
    status: 503,
    description:
      '`Push notification not sent`: no pusher configured, or it failed, hung or is missing; with `Retry-After` when APP_FLEXISIP_PUSHER_MAX_PROCESSES pushers were already running',
  })
  @ApiValidationResponse()
  async send(@Body() dto: PushNotificationDto): Promise<void> {
    const outcome = await this.pusher.send({
      provider: dto.pn_provider,
      param: dto.pn_param ?? null,
      prid: dto.pn_prid ?? null,
      type: dto.type,
      callId: dto.call_id,
    });
    if (outcome !== 'sent') throw pushNotSent('Push notification not sent', outcome);
  }
}
