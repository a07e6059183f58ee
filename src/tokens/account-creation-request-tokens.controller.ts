import { Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, CurrentSpace, Role } from '../auth/access.decorator';
import { baseUrl } from '../common/request';
import { Space } from '../spaces/entities/space.entity';
import { AccountCreationRequestTokensService } from './account-creation-request-tokens.service';
import { AccountCreationRequestTokenResponse } from './dto/account-creation-request-token.dto';

@ApiTags('Account creation request tokens')
@Controller('api/account_creation_request_tokens')
export class AccountCreationRequestTokensController {
  constructor(private readonly requests: AccountCreationRequestTokensService) {}

  @Post()
  @HttpCode(201)
  @Access(Role.Public)
  @ApiCreatedResponse({ description: 'A new request token of the Host\'s Space, to be validated by a person', type: AccountCreationRequestTokenResponse })
  async create(@CurrentSpace() space: Space, @Req() request: FastifyRequest): Promise<AccountCreationRequestTokenResponse> {
    const token = await this.requests.create(space);
    return { token: token.token, validation_url: `${baseUrl(request)}/creation_token/check/${token.token}` };
  }
}
