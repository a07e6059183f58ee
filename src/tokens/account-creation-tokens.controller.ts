import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, CurrentCaller, CurrentSpace, Role } from '../auth/access.decorator';
import { ApiValidationResponse } from '../common/openapi';
import { requestOrigin } from '../common/request-origin';
import { Caller } from '../account-core/request-scope';
import { PushDeviceDto } from '../push/dto/push-notification.dto';
import { Space } from '../account-core/entities/space.entity';
import { AccountCreationRequestTokensService } from './account-creation-request-tokens.service';
import { AccountCreationTokensService } from './account-creation-tokens.service';
import { SendByPushService } from './send-by-push.service';
import { TokenRequestRateLimit } from './token-requests-rate-limit';
import { UsingRequestTokenDto } from './dto/account-creation-request-token.dto';
import { AccountCreationTokenResponse, ConsumedAccountCreationTokenResponse } from './dto/account-creation-token.response';
import { ConsumeAccountCreationTokenDto } from './dto/consume-account-creation-token.dto';
import { AccountCreationToken } from './entities/account-creation-token.entity';

@ApiTags('Account creation tokens')
@Controller('api/account_creation_tokens')
export class AccountCreationTokensController {
  constructor(
    private readonly tokens: AccountCreationTokensService,
    private readonly requests: AccountCreationRequestTokensService,
    private readonly byPush: SendByPushService,
  ) {}

  @ApiOperation({ summary: 'Create an account creation token' })
  @Post()
  @HttpCode(201)
  @Access(Role.Admin)
  @ApiCreatedResponse({ description: 'A new one-time account creation token', type: AccountCreationTokenResponse })
  async create(@Req() request: FastifyRequest, @CurrentSpace() space: Space) {
    return this.fresh(await this.tokens.create(requestOrigin(request), space));
  }

  @ApiOperation({ summary: 'Use an account creation token to validate your account' })
  @Post('consume')
  @HttpCode(200)
  @Access(Role.User)
  @ApiBody({ type: ConsumeAccountCreationTokenDto })
  @ApiOkResponse({
    description: 'The token, now used and linked to the caller, who becomes validated',
    type: ConsumedAccountCreationTokenResponse,
  })
  @ApiNotFoundResponse({ description: 'No unused, unlinked token with this value in this Space: `{"message": ""}`' })
  async consume(
    @Body() dto: ConsumeAccountCreationTokenDto,
    @CurrentCaller() caller: Caller,
    @CurrentSpace() space: Space,
    @Req() request: FastifyRequest,
  ) {
    const token = await this.tokens.consumeByAccount(dto.account_creation_token, caller.account.id, requestOrigin(request), space);
    return ConsumedAccountCreationTokenResponse.full(token, this.tokens.expireAt(token));
  }

  @ApiOperation({ summary: 'Exchange a validated request token for an account creation token' })
  @Post('using-account-creation-request-token')
  @HttpCode(201)
  @Access(Role.Public)
  @ApiBody({ type: UsingRequestTokenDto })
  @ApiCreatedResponse({ description: 'A new creation token; the request token is now used', type: AccountCreationTokenResponse })
  @ApiNotFoundResponse({ description: 'The request token was not validated yet: `{"message": ""}`' })
  @ApiValidationResponse()
  async usingRequestToken(@Body() dto: UsingRequestTokenDto, @CurrentSpace() space: Space, @Req() request: FastifyRequest) {
    return this.fresh(await this.requests.exchange(dto.account_creation_request_token, requestOrigin(request), space));
  }

  @ApiOperation({ summary: 'Send an account creation token to a device by push notification' })
  @Post('send-by-push')
  @HttpCode(200)
  @Access(Role.Public)
  @TokenRequestRateLimit()
  @ApiBody({ type: PushDeviceDto })
  @ApiOkResponse({ description: 'The pusher delivered a new token to the device (payload `{"token": "…"}`): empty body' })
  @ApiResponse({
    status: 429,
    description:
      '`Last token requested too recently`: this device used a token within APP_API_ACCOUNT_CREATION_TOKEN_RETRY_MINUTES; ' +
      '`Too Many Attempts.` with `Retry-After`: this client passed APP_API_ACCOUNT_CREATION_TOKEN_RATE_LIMIT_PER_MINUTE',
  })
  @ApiResponse({
    status: 503,
    description:
      '`Token not sent`: no pusher configured, or it failed, hung or is missing; with `Retry-After` when APP_FLEXISIP_PUSHER_MAX_PROCESSES pushers were already running. Nothing saved',
  })
  @ApiValidationResponse()
  async sendByPush(@Body() dto: PushDeviceDto, @CurrentSpace() space: Space, @Req() request: FastifyRequest): Promise<void> {
    await this.byPush.send(
      { pn_provider: dto.pn_provider, pn_param: dto.pn_param ?? null, pn_prid: dto.pn_prid ?? null },
      requestOrigin(request),
      space,
    );
  }

  private fresh(token: AccountCreationToken): AccountCreationTokenResponse {
    return AccountCreationTokenResponse.of(token, this.tokens.expireAt(token));
  }
}
