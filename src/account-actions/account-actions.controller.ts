import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import { Access, Role } from '../auth/access.decorator';
import { Account } from '../account-core/entities/account.entity';
import { ApiValidationResponse, textBody } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import { AccountActionsService } from './account-actions.service';
import { DtmfAccount, DtmfAccountGuard } from './dtmf-account';
import { AccountActionDto } from './dto/account-action.dto';
import { AccountActionResponse, CreatedAccountActionResponse } from './dto/account-action.response';

const actionParam = ApiParam({ name: 'action_id', type: Number, description: 'action id' });
const NOT_FOUND = 'Unknown account, or of another Space; or no such action of this account';

/** DTMF actions of an account (contacts.md §5): only once the account has a DTMF protocol. */
@ApiTags('Account actions')
@Access(Role.Admin)
@UseGuards(DtmfAccountGuard)
@Controller('api/accounts/:id/actions')
@ApiParam({ name: 'id', type: Number, description: 'account id' })
@ApiForbiddenResponse({
  description: '`Unauthorized area`; or `DTMF Protocol must be configured`: the account has no `dtmf_protocol` (before any validation)',
})
export class AccountActionsController {
  constructor(private readonly actions: AccountActionsService) {}

  @ApiOperation({ summary: "List an account's actions" })
  @Get()
  @ApiOkResponse({ description: "The account's actions, in id order", type: [AccountActionResponse] })
  @ApiNotFoundResponse({ description: 'Unknown account, or of another Space' })
  list(@DtmfAccount() account: Account): Promise<AccountActionResponse[]> {
    return this.actions.all(account);
  }

  @ApiOperation({ summary: "Show one of an account's actions" })
  @Get(':action_id')
  @actionParam
  @ApiOkResponse({ type: AccountActionResponse })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  show(@DtmfAccount() account: Account, @Param('action_id', ParseIdPipe) id: number): Promise<AccountActionResponse> {
    return this.actions.show(account, id);
  }

  @ApiOperation({ summary: 'Add an action to an account' })
  @Post()
  @HttpCode(201)
  @ApiBody({ type: AccountActionDto })
  @ApiCreatedResponse({ type: CreatedAccountActionResponse })
  @ApiNotFoundResponse({ description: 'Unknown account, or of another Space' })
  @ApiValidationResponse()
  create(@DtmfAccount() account: Account, @Body() dto: AccountActionDto): Promise<CreatedAccountActionResponse> {
    return this.actions.create(account, dto);
  }

  @ApiOperation({ summary: "Replace one of an account's actions" })
  @Put(':action_id')
  @actionParam
  @ApiBody({ type: AccountActionDto })
  @ApiOkResponse({ type: AccountActionResponse })
  @ApiNotFoundResponse({ description: `${NOT_FOUND} (the action checked after validation)` })
  @ApiValidationResponse()
  replace(
    @DtmfAccount() account: Account,
    @Param('action_id', ParseIdPipe) id: number,
    @Body() dto: AccountActionDto,
  ): Promise<AccountActionResponse> {
    return this.actions.update(account, id, dto);
  }

  @ApiOperation({ summary: "Replace one of an account's actions (same as PUT)" })
  @Patch(':action_id')
  @actionParam
  @ApiBody({ type: AccountActionDto })
  @ApiOkResponse({ description: 'As PUT: `key` and `code` required', type: AccountActionResponse })
  @ApiNotFoundResponse({ description: `${NOT_FOUND} (the action checked after validation)` })
  @ApiValidationResponse()
  update(
    @DtmfAccount() account: Account,
    @Param('action_id', ParseIdPipe) id: number,
    @Body() dto: AccountActionDto,
  ): Promise<AccountActionResponse> {
    return this.actions.update(account, id, dto);
  }

  @ApiOperation({ summary: "Delete one of an account's actions" })
  @Delete(':action_id')
  @actionParam
  @ApiOkResponse({ description: '`1` when deleted, `0` when the account has no such action', content: textBody('1') })
  @ApiNotFoundResponse({ description: 'Unknown account, or of another Space' })
  remove(@DtmfAccount() account: Account, @Param('action_id', ParseIdPipe) id: number): Promise<number> {
    return this.actions.remove(account, id);
  }
}
