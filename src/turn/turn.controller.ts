import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, Role } from '../auth/access.decorator';
import { notFound } from '../common/errors';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { TurnCredentialsResponse } from './dto/turn-credentials.response';
import { turnConfigured, turnCredentials } from './turn-credentials';

/** Credentials for the Space's TURN server (misc.md §TURN); fresh on every call. */
@ApiTags('Accounts (me)')
@Controller('api/accounts/me/services/turn')
export class TurnController {
  constructor(@InjectSettings() private readonly settings: Settings) {}

  @ApiOperation({ summary: 'Get TURN credentials' })
  @Get()
  @Access(Role.User)
  @ApiOkResponse({ description: 'Time-limited TURN credentials (draft-uberti-behave-turn-rest-00)', type: TurnCredentialsResponse })
  @ApiNotFoundResponse({ description: '`{"message": "No TURN service configured"}`' })
  credentials(): TurnCredentialsResponse {
    if (!turnConfigured(this.settings)) throw notFound('No TURN service configured');
    return turnCredentials(this.settings);
  }
}
