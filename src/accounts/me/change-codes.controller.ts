import { applyDecorators, Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBody, ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, CurrentCaller, Role } from '../../auth/access.decorator';
import { ApiValidationResponse } from '../../common/openapi';
import { Caller, localeOf } from '../../common/request';
import { AccountSerializer } from '../account.serializer';
import { AccountsRepository } from '../core/accounts.repository';
import { requestOrigin } from '../../common/request-origin';
import { ChangeCodesService } from './change-codes.service';
import { CodeSendingGuard } from './change-codes.guard';
import { ChangeCodeDto, EmailChangeRequestDto, PhoneChangeRequestDto } from './dto/change-codes.dto';
import { AccountResponse } from '../dto/account.response';

const refused = { description: '`Account blocked` (blocking service) or `Account unvalidated` (no consumed account creation token)' };
const confirmed = { description: 'The account, with the new value, activated', type: AccountResponse };
const wrongCode = { description: 'Wrong code: `{"message": ""}`; the fifth wrong code of a change clears it' };
const noPending = { description: 'No pending change (none asked, or cleared after 5 wrong codes)' };
const expired = { status: 410, description: '`Expired code`' };

/** A code request: rate-limited by the blocking service, answered with an empty 200. */
const RequestsCode = (body: new () => unknown, description: string) =>
  applyDecorators(
    HttpCode(200),
    UseGuards(CodeSendingGuard),
    ApiBody({ type: body }),
    ApiOkResponse({ description }),
    ApiForbiddenResponse(refused),
    ApiValidationResponse(),
  );

/** A code confirmation: answers the account with its new value. */
const ConfirmsCode = () =>
  applyDecorators(
    HttpCode(200),
    ApiBody({ type: ChangeCodeDto }),
    ApiOkResponse(confirmed),
    ApiForbiddenResponse(wrongCode),
    ApiNotFoundResponse(noPending),
    ApiResponse(expired),
    ApiValidationResponse(),
  );

/** Email and phone changes of the caller, confirmed by a 4-digit code (tokens.md §6, §7). */
@ApiTags('Accounts (me)')
@Access(Role.User)
@Controller('api/accounts/me')
export class ChangeCodesController {
  constructor(
    private readonly changes: ChangeCodesService,
    private readonly accounts: AccountsRepository,
    private readonly serializer: AccountSerializer,
  ) {}

  @ApiOperation({ summary: 'Ask to change your email address (a code is mailed)' })
  @Post('email/request')
  @RequestsCode(EmailChangeRequestDto, 'The "Register Validation" mail with the code is sent to the new address (empty body)')
  async requestEmail(@CurrentCaller() caller: Caller, @Body() dto: EmailChangeRequestDto, @Req() request: FastifyRequest): Promise<void> {
    await this.changes.requestEmail(caller.account, dto.email, requestOrigin(request), localeOf(request));
  }

  @ApiOperation({ summary: 'Confirm your new email address with its code' })
  @Post('email')
  @ConfirmsCode()
  async confirmEmail(@CurrentCaller() caller: Caller, @Body() dto: ChangeCodeDto) {
    await this.changes.confirmEmail(caller.account, dto.code);
    return this.serializer.one(await this.accounts.reload(caller.account.id));
  }

  @ApiOperation({ summary: 'Ask to change your phone number (a code is sent by SMS)' })
  @Post('phone/request')
  @RequestsCode(PhoneChangeRequestDto, 'The code is sent by SMS to the new number (empty body)')
  async requestPhone(@CurrentCaller() caller: Caller, @Body() dto: PhoneChangeRequestDto, @Req() request: FastifyRequest): Promise<void> {
    await this.changes.requestPhone(caller.account, dto.phone, requestOrigin(request));
  }

  @ApiOperation({ summary: 'Confirm your new phone number with its code' })
  @Post('phone')
  @ConfirmsCode()
  async confirmPhone(@CurrentCaller() caller: Caller, @Body() dto: ChangeCodeDto) {
    await this.changes.confirmPhone(caller.account, dto.code);
    return this.serializer.one(await this.accounts.reload(caller.account.id));
  }
}
