import { Body, Controller, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiForbiddenResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, CurrentScope, Role } from '../auth/access.decorator';
import { ApiValidationResponse, textBody } from '../common/openapi';
import type { Scope } from '../account-core/request-scope';
import { MessageDeviceDto, MessageDto } from './dto/message.dto';
import { MessageDeviceResponse } from './dto/statistics.response';
import { ApiDatabaseError, ApiDeviceParam, ApiSipParam, SPACE_RULE } from './statistics.openapi';
import { StatisticsService } from './statistics.service';

/** Flexisip's message events (statistics.md). */
@ApiTags('Statistics')
@Access(Role.Admin)
@Controller('api/statistics/messages')
export class StatisticsMessagesController {
  constructor(private readonly statistics: StatisticsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'A message sent',
    description: `Flexisip's \`to\` map (recipients and their devices) is accepted and not stored; it counts for the Space rule. ${SPACE_RULE}`,
  })
  @ApiBody({ type: MessageDto })
  @ApiOkResponse({ description: '`1`', content: textBody('1') })
  @ApiForbiddenResponse({ description: 'Unauthorized area: neither the sender nor a recipient is in the Space' })
  @ApiDatabaseError('a message with this id exists')
  @ApiValidationResponse()
  add(@Body() dto: MessageDto, @Body('to') recipients: unknown, @CurrentScope() scope: Scope) {
    return this.statistics.addMessage(dto, scope, recipients);
  }

  @Patch(':message_id/to/:to/devices/:device_id')
  @ApiOperation({
    summary: "A recipient's device answered",
    description: `Created (201) or updated (200) for the same message, recipient and device. ${SPACE_RULE}`,
  })
  @ApiParam({ name: 'message_id', example: '84c937d1' })
  @ApiSipParam('to')
  @ApiDeviceParam()
  @ApiBody({ type: MessageDeviceDto })
  @ApiCreatedResponse({ description: 'the device row, created', type: MessageDeviceResponse })
  @ApiOkResponse({ description: 'the device row, updated (without `created_at`)', type: MessageDeviceResponse })
  @ApiDatabaseError("no such message (or another Space's)")
  @ApiValidationResponse()
  async setDevice(
    @Param('message_id') messageId: string,
    @Param('to') to: string,
    @Param('device_id') deviceId: string,
    @Body() dto: MessageDeviceDto,
    @CurrentScope() scope: Scope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { created, body } = await this.statistics.setMessageDevice(messageId, to, deviceId, dto, scope);
    reply.status(created ? 201 : 200);
    return body;
  }
}
