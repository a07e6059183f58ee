import { Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiProperty, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ChangesState, CurrentCaller, Role } from './access.decorator';
import { ApiKeysService } from './api-keys.service';
import { AuthTokensService } from './auth-tokens.service';
import { Caller } from '../account-core/request-scope';
import { requestOrigin } from '../common/request-origin';

class AuthTokenResponse {
  @ApiProperty({ example: 'Vh4mX2pQ9rT5yU8iO1aS3dF6gH7jK0lZ', description: '32 characters, valid 5 minutes' }) token: string;
  @ApiProperty({ example: '127.0.0.1' }) ip: string;
  @ApiProperty({ type: String, example: 'Linphone/5.2', nullable: true }) user_agent: string | null;
  @ApiProperty({ example: '2024-12-10T09:31:07.000000Z' }) updated_at: string;
  @ApiProperty({ example: '2024-12-10T09:31:07.000000Z' }) created_at: string;
  @ApiProperty({ example: 1 }) id: number;
}

class ApiKeyResponse {
  @ApiProperty({ example: 'Xk3J9aQ2mZpLrXk3J9aQ2mZpLrXk3J9aQ2mZpLrA', description: '40 characters; also set as the `x-api-key` cookie' })
  api_key: string;
}

/** The QR-code pairing flow (auth.md §Auth tokens and API key endpoints). */
@ApiTags('Auth tokens')
@Controller('api/accounts')
export class AuthTokensController {
  constructor(
    private readonly authTokens: AuthTokensService,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @ApiOperation({ summary: 'Create an auth token to show as a QR code' })
  @Post('auth_token')
  @HttpCode(201)
  @Access(Role.Public)
  @ApiCreatedResponse({ description: 'A new auth token, to show as a QR code', type: AuthTokenResponse })
  async create(@Req() request: FastifyRequest) {
    const origin = requestOrigin(request);
    return AuthTokensService.serialize(await this.authTokens.create(origin.ip, origin.userAgent));
  }

  @ApiOperation({ summary: 'Attach an auth token to your account' })
  @Get('auth_token/:auth_token/attach')
  @Access(Role.User)
  @ChangesState()
  @ApiOkResponse({ description: 'The token is attached to the caller (empty body)' })
  @ApiNotFoundResponse({ description: 'Unknown or expired token; `{"message": ""}` when already attached' })
  async attach(@Param('auth_token') token: string, @CurrentCaller() caller: Caller): Promise<void> {
    await this.authTokens.attach(token, caller.account.id);
  }

  @ApiOperation({ summary: 'Get an API key with an attached auth token' })
  @Get('me/api_key/:auth_token')
  @Access(Role.Public)
  @ChangesState()
  @ApiOkResponse({
    description: "A new API key of the attached account, bound to this client's IP; the token is spent",
    type: ApiKeyResponse,
  })
  @ApiNotFoundResponse({ description: 'Unknown or expired token; `{"message": ""}` when not attached yet' })
  async redeem(
    @Param('auth_token') token: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ApiKeyResponse> {
    const key = await this.authTokens.redeem(token, request.ip);
    this.apiKeys.setCookie(reply, key);
    return { api_key: key };
  }
}
