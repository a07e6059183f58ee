import { Body, Controller, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Access, CurrentScope, Role } from '../auth/access.decorator';
import { ApiValidationResponse, textBody } from '../common/openapi';
import type { Scope } from '../account-core/request-scope';
import { CallDeviceDto, CallDto, EndedDto } from './dto/call.dto';
import { CallDeviceResponse, EndedResponse } from './dto/statistics.response';
import { ApiDatabaseError, ApiDeviceParam, SPACE_RULE } from './statistics.openapi';
import { StatisticsService } from './statistics.service';

const callParam = ApiParam({ name: 'call_id', example: '4722b0233fd8cafad3cdcafe5510fe57' });

/** Flexisip's call events (statistics.md). */
@ApiTags('Statistics')
@Access(Role.Admin)
@Controller('api/statistics/calls')
export class StatisticsCallsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'A call placed',
    description: `Flexisip's \`sip_call_id\` and \`devices\` are accepted and not stored. ${SPACE_RULE}`,
  })
  @ApiBody({ type: CallDto })
  @ApiOkResponse({ description: '`1`', content: textBody('1') })
  @ApiForbiddenResponse({ description: 'Unauthorized area: neither the caller nor the callee is in the Space' })
  @ApiDatabaseError('a call with this id exists')
  @ApiValidationResponse()
  add(@Body() dto: CallDto, @CurrentScope() scope: Scope) {
    return this.statistics.addCall(dto, scope);
  }

  @Patch(':call_id')
  @ApiOperation({ summary: 'A call ended', description: SPACE_RULE })
  @callParam
  @ApiBody({ type: EndedDto })
  @ApiOkResponse({ description: 'what was written (the call is not read back)', type: EndedResponse })
  @ApiNotFoundResponse({ description: "No such call (or another Space's); checked after validation" })
  @ApiValidationResponse()
  end(@Param('call_id') callId: string, @Body() dto: EndedDto, @CurrentScope() scope: Scope) {
    return this.statistics.endCall(callId, dto, scope);
  }

  @Patch(':call_id/devices/:device_id')
  @ApiOperation({
    summary: "A device's ringing, or how its INVITE ended",
    description: `Created (201) or updated (200) for the same call and device. A field left out keeps its stored value (Flexisip sends \`rang_at\` and \`invite_terminated\` apart); \`null\` clears it. ${SPACE_RULE}`,
  })
  @callParam
  @ApiDeviceParam()
  @ApiBody({ type: CallDeviceDto })
  @ApiCreatedResponse({ description: 'the device row, created', type: CallDeviceResponse })
  @ApiOkResponse({ description: 'the device row, updated: the columns this request wrote', type: CallDeviceResponse })
  @ApiDatabaseError("no such call (or another Space's)")
  @ApiValidationResponse()
  async setDevice(
    @Param('call_id') callId: string,
    @Param('device_id') deviceId: string,
    @Body() dto: CallDeviceDto,
    @CurrentScope() scope: Scope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { created, body } = await this.statistics.setCallDevice(callId, deviceId, dto, scope);
    reply.status(created ? 201 : 200);
    return body;
  }
}
