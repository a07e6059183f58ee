import { Module } from '@nestjs/common';
import { PushController } from './push.controller';
import { PusherService } from './pusher.service';

/** The Flexisip pusher: `POST /api/push_notification`, and send-by-push tokens (src/tokens/). */
@Module({
  controllers: [PushController],
  providers: [PusherService],
  exports: [PusherService],
})
export class PushModule {}
