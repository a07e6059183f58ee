import { Module } from '@nestjs/common';
import { LinphoneDaemon } from './linphone-daemon';
import { MessagesController } from './messages.controller';
import { MessagesService } from './messages.service';

/** `POST /api/messages`; imported only when APP_LINPHONE_DAEMON_UNIX_PATH is set (otherwise the route does not exist). */
@Module({
  controllers: [MessagesController],
  providers: [MessagesService, LinphoneDaemon],
})
export class MessagesModule {}
