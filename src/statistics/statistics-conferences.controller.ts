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
import { EndedDto } from './dto/call.dto';
import { ConferenceDto, ParticipantEventDto } from './dto/conference.dto';
import { EndedResponse, ParticipantDeviceEventResponse, ParticipantEventResponse } from './dto/statistics.response';
import { ApiDatabaseError, ApiDeviceParam, ApiSipParam } from './statistics.openapi';
import { StatisticsService } from './statistics.service';

const conferenceParam = ApiParam({ name: 'id', example: 'iHVDMq6MxSKp60bT', description: 'the conference id' });
const EVENT =
  "Created (201), or the same event again (200: a replay adds no row). Refused (403) when the participant is not in a plain admin's Space.";

/**
 * Flexisip's conference events (FlexiStats' `conferences` routes), which no
 * FlexiAPI accepted before: ours, in the style of the calls. Conferences
 * belong to no account, so any admin records them; participants' events
 * follow the Space rule.
 */
@ApiTags('Statistics')
@Access(Role.Admin)
@Controller('api/statistics/conferences')
export class StatisticsConferencesController {
  constructor(private readonly statistics: StatisticsService) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({ summary: 'A conference created (ours)' })
  @ApiBody({ type: ConferenceDto })
  @ApiOkResponse({ description: '`1`', content: textBody('1') })
  @ApiDatabaseError('a conference with this id exists')
  @ApiValidationResponse()
  add(@Body() dto: ConferenceDto) {
    return this.statistics.addConference(dto);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'A conference ended (ours)' })
  @conferenceParam
  @ApiBody({ type: EndedDto })
  @ApiOkResponse({ description: 'what was written (the conference is not read back)', type: EndedResponse })
  @ApiNotFoundResponse({ description: 'No such conference; checked after validation' })
  @ApiValidationResponse()
  end(@Param('id') id: string, @Body() dto: EndedDto) {
    return this.statistics.endConference(id, dto);
  }

  @Post(':id/participants/:sip/events')
  @ApiOperation({ summary: "A participant's event (ours)", description: EVENT })
  @conferenceParam
  @ApiSipParam('sip')
  @ApiBody({ type: ParticipantEventDto })
  @ApiCreatedResponse({ description: 'the event, recorded', type: ParticipantEventResponse })
  @ApiOkResponse({ description: 'the event, already recorded', type: ParticipantEventResponse })
  @ApiForbiddenResponse({ description: 'Unauthorized area: the participant is not in the Space' })
  @ApiDatabaseError('no such conference')
  @ApiValidationResponse()
  async participantEvent(
    @Param('id') id: string,
    @Param('sip') sip: string,
    @Body() dto: ParticipantEventDto,
    @CurrentScope() scope: Scope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { created, body } = await this.statistics.addParticipantEvent(id, sip, undefined, dto, scope);
    reply.status(created ? 201 : 200);
    return body;
  }

  @Post(':id/participants/:sip/devices/:device/events')
  @ApiOperation({ summary: "A participant's device's event (ours)", description: EVENT })
  @conferenceParam
  @ApiSipParam('sip')
  @ApiDeviceParam('device')
  @ApiBody({ type: ParticipantEventDto })
  @ApiCreatedResponse({ description: 'the event, recorded', type: ParticipantDeviceEventResponse })
  @ApiOkResponse({ description: 'the event, already recorded', type: ParticipantDeviceEventResponse })
  @ApiForbiddenResponse({ description: 'Unauthorized area: the participant is not in the Space' })
  @ApiDatabaseError('no such conference')
  @ApiValidationResponse()
  async deviceEvent(
    @Param('id') id: string,
    @Param('sip') sip: string,
    @Param('device') device: string,
    @Body() dto: ParticipantEventDto,
    @CurrentScope() scope: Scope,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { created, body } = await this.statistics.addParticipantEvent(id, sip, device, dto, scope);
    reply.status(created ? 201 : 200);
    return body;
  }
}
