import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, CurrentSpace, Role } from '../auth/access.decorator';
import { baseUrl } from '../common/request';
import { Space } from '../account-core/entities/space.entity';
import { AccountCreationRequestTokensService } from './account-creation-request-tokens.service';
import { AccountCreationRequestTokenResponse } from './dto/account-creation-request-token.dto';
import { TokenRequestRateLimit } from './token-requests-rate-limit';

@ApiTags('Account creation request tokens')
@Controller('api/account_creation_request_tokens')
export class AccountCreationRequestTokensController {
  constructor(private readonly requests: AccountCreationRequestTokensService) {}

  @ApiOperation({ summary: 'Request an account creation token, to be validated by a person' })
  @Post()
  @HttpCode(201)
  @Access(Role.Public)
  @TokenRequestRateLimit()
  @ApiCreatedResponse({
    description: "A new request token of the Host's Space, to be validated by a person",
    type: AccountCreationRequestTokenResponse,
  })
  @ApiResponse({
    status: 429,
    description: '`Too Many Attempts.` with `Retry-After`: this client passed APP_API_ACCOUNT_CREATION_TOKEN_RATE_LIMIT_PER_MINUTE',
  })
  async create(@CurrentSpace() space: Space, @Req() request: FastifyRequest): Promise<AccountCreationRequestTokenResponse> {
    const token = await this.requests.create(space);
    return { token: token.token, validation_url: `${baseUrl(request)}/creation_token/check/${token.token}` };
  }
}
