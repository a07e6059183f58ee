import { Body, Controller, Delete, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Access, ChangesState, CurrentCaller, Role } from '../../auth/access.decorator';
import { ApiKeysService } from '../../auth/api-keys.service';
import { ApiValidationResponse, textBody } from '../../common/openapi';
import { localeOf } from '../../common/request';
import { Caller } from '../../account-core/request-scope';
import { AccountSerializer } from '../account.serializer';
import { requestOrigin } from '../../common/request-origin';
import { MeAccountService } from './me-account.service';
import { ChangePasswordDto } from './dto/me-password.dto';
import { AccountResponse } from '../dto/account.response';

/**
 * The caller's own account (accounts.md §5). Registered before the admin
 * routes: `/api/accounts/me…` is never an `{account_id}`.
 */
@ApiTags('Accounts (me)')
@Access(Role.User)
@Controller('api/accounts/me')
export class MeController {
  constructor(
    private readonly me: MeAccountService,
    private readonly serializer: AccountSerializer,
    private readonly apiKeys: ApiKeysService,
  ) {}

  @ApiOperation({ summary: 'Show your account' })
  @Get()
  @ApiOkResponse({ description: "The caller's account (with its provisioning token, never the change codes)", type: AccountResponse })
  show(@CurrentCaller() caller: Caller) {
    // the guard read the account in this request: no second read on this hot path
    return this.serializer.one(caller.account);
  }

  @ApiOperation({ summary: 'Delete your account' })
  @Delete()
  @ApiOkResponse({ description: '`1`: the account is deleted, its username tombstoned', content: textBody('1') })
  async remove(@CurrentCaller() caller: Caller): Promise<boolean> {
    await this.me.remove(caller.account);
    return true;
  }

  @ApiOperation({ summary: 'Set or change your password' })
  @Post('password')
  @HttpCode(200)
  @ApiBody({ type: ChangePasswordDto })
  @ApiOkResponse({
    description:
      '`[]` after a change; an empty body after a first password (then the "Confirmed Registration" mail is sent). ' +
      'The account is activated even when the old password is wrong.',
    schema: { type: 'array', maxItems: 0, items: {} },
  })
  @ApiValidationResponse()
  async password(@CurrentCaller() caller: Caller, @Body() dto: ChangePasswordDto, @Req() request: FastifyRequest) {
    const input = { ...dto, password: String(dto.password) };
    return (await this.me.changePassword(caller.account, input, localeOf(request))) === 'changed' ? [] : undefined;
  }

  @ApiOperation({ summary: 'Renew your provisioning token' })
  @Get('provision')
  @ChangesState()
  @ApiOkResponse({ description: 'The account with a new current provisioning token', type: AccountResponse })
  async provision(@CurrentCaller() caller: Caller, @Req() request: FastifyRequest) {
    return this.serializer.one(await this.me.newProvisioningToken(caller.account, requestOrigin(request)));
  }

  @ApiOperation({ summary: 'Create a new API key for your account' })
  @Get('api_key')
  @ChangesState()
  @ApiOkResponse({
    description: 'A new API key for the caller (the previous one stops working), as a bare string; also set as the `x-api-key` cookie',
    content: textBody('Xk3J9aQ2mZpLrXk3J9aQ2mZpLrXk3J9aQ2mZpLrA'),
  })
  async apiKey(@CurrentCaller() caller: Caller, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const key = await this.apiKeys.generate(caller.account.id, request.ip);
    this.apiKeys.setCookie(reply, key);
    return key;
  }
}
