import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, Role } from '../auth/access.decorator';
import { VALIDATION_SCHEMA } from '../common/openapi';
import { SendMessageDto } from './dto/send-message.dto';
import { MessagesService } from './messages.service';

@ApiTags('Messages')
@Controller('api/messages')
export class MessagesController {
  constructor(private readonly messages: MessagesService) {}

  @ApiOperation({ summary: 'Send a SIP message' })
  @Post()
  @HttpCode(200)
  @Access(Role.Admin)
  @ApiBody({ type: SendMessageDto })
  @ApiOkResponse({
    description:
      'The linphone daemon took the message (`Status: Ok`): `{"id": "<its Id>"}`; another status than Ok or Error: an empty body. ' +
      'Exists only when APP_LINPHONE_DAEMON_UNIX_PATH is set.',
    schema: { type: 'object', properties: { id: { type: 'string', nullable: true, example: 'DHCeCC3BPQ' } } },
  })
  @ApiResponse({
    status: 422,
    description:
      'Validation failed (`{"message": "...", "errors": {"field": ["..."]}}`); the daemon refused the message (`Status: Error`): ' +
      '`{"message": "<its Reason>", "errors": {"0": ["<its Reason>"]}}`; the daemon is down, did not answer within ' +
      'APP_LINPHONE_DAEMON_TIMEOUT_SECONDS or closed mid-answer: the same shape with `The internal socket cannot be requested properly`',
    schema: VALIDATION_SCHEMA,
  })
  send(@Body() dto: SendMessageDto): Promise<{ id: string | null } | undefined> {
    return this.messages.send(dto.to, dto.body);
  }
}
