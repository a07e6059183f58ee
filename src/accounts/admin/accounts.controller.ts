import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Req, UseGuards } from '@nestjs/common';
import {
  ApiBody,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiParam,
  ApiQuery,
  ApiTags,
  ApiOperation,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Access, ChangesState, CurrentScope, Role } from '../../auth/access.decorator';
import { Scope } from '../../account-core/request-scope';
import { ApiValidationResponse } from '../../common/openapi';
import { paginate, pageNumber } from '../../common/pagination';
import { Translator } from '../../i18n/translator';
import { ScopedAccount } from '../../account-core/scoped-account';
import { Account } from '../../account-core/entities/account.entity';
import { AccountCreationGuard } from '../account-creation.guard';
import { AccountSerializer } from '../account.serializer';
import { AccountsAdminService } from './accounts-admin.service';
import { requestOrigin } from '../../common/request-origin';
import { CreateAccountDto, UpdateAccountDto } from './dto/admin-account.dto';
import { AccountResponse, AccountShowResponse, AccountsPageResponse, AdminAccountResponse } from '../dto/account.response';

const PER_PAGE = 20;
const idParam = ApiParam({ name: 'id', type: Number, description: 'account id' });

/** Admin management of the accounts of the current Space (super admin: every Space), accounts.md §4. */
@ApiTags('Accounts (admin)')
@Access(Role.Admin)
@Controller('api/accounts')
export class AccountsController {
  constructor(
    private readonly admin: AccountsAdminService,
    private readonly serializer: AccountSerializer,
    private readonly translator: Translator,
  ) {}

  @ApiOperation({ summary: 'Create an account' })
  @Post()
  @HttpCode(200)
  @UseGuards(AccountCreationGuard)
  @ApiBody({ type: CreateAccountDto })
  @ApiOkResponse({ description: 'The created account, with its `confirmation_key`', type: AdminAccountResponse })
  @ApiForbiddenResponse({ description: '`This action is unauthorized.` when the target Space is missing or full' })
  @ApiValidationResponse()
  async create(@Body() dto: CreateAccountDto, @Req() request: FastifyRequest, @CurrentScope() scope: Scope) {
    return this.serializer.one(await this.admin.create(dto, scope, requestOrigin(request)), 'admin');
  }

  @ApiOperation({ summary: 'List the accounts, page by page' })
  @Get()
  @ApiQuery({ name: 'page', required: false, type: Number })
  @ApiOkResponse({ description: 'Paginator, 20 accounts per page, id order (items without the change codes)', type: AccountsPageResponse })
  async list(@Query('page') rawPage: unknown, @Req() request: FastifyRequest, @CurrentScope() scope: Scope) {
    const page = pageNumber(rawPage);
    const { items, total } = await this.admin.page(scope, page, PER_PAGE);
    return paginate(request, this.translator, await this.serializer.many(items, 'list'), total, page, PER_PAGE);
  }

  @ApiOperation({ summary: 'Show an account' })
  @Get(':id')
  @idParam
  @ApiOkResponse({ description: 'The account, with its pending change codes', type: AccountShowResponse })
  @ApiNotFoundResponse({ description: 'Unknown, or in another Space' })
  async show(@ScopedAccount() account: Account) {
    return this.serializer.one(account, 'show');
  }

  @ApiOperation({ summary: 'Replace an account' })
  @Put(':id')
  @idParam
  @ApiBody({ type: UpdateAccountDto })
  @ApiOkResponse({ description: 'The updated account, with its `confirmation_key`', type: AdminAccountResponse })
  @ApiNotFoundResponse({ description: 'Unknown, or in another Space (checked after validation)' })
  @ApiValidationResponse()
  async update(
    @Body() dto: UpdateAccountDto,
    @ScopedAccount() account: Account,
    @Req() request: FastifyRequest,
    @CurrentScope() scope: Scope,
  ) {
    return this.serializer.one(await this.admin.update(account, dto, scope, requestOrigin(request)), 'admin');
  }

  @ApiOperation({ summary: 'Delete an account' })
  @Delete(':id')
  @idParam
  @ApiOkResponse({ description: 'Deleted (tombstone written); empty body' })
  @ApiNotFoundResponse({ description: 'Unknown, or in another Space' })
  async remove(@ScopedAccount() account: Account) {
    await this.admin.remove(account);
  }

  @ApiOperation({ summary: 'Find an account by its SIP address' })
  @Get(':sip/search')
  @ApiParam({ name: 'sip', example: 'john@sip.example.org' })
  @ApiOkResponse({ description: 'The account', type: AccountResponse })
  @ApiNotFoundResponse({ description: 'No such account in scope' })
  async search(@Param('sip') sip: string, @CurrentScope() scope: Scope) {
    return this.serializer.one(await this.admin.getBySip(sip, scope));
  }

  @ApiOperation({ summary: 'Find an account by its email address' })
  @Get(':email/search-by-email')
  @ApiParam({ name: 'email', example: 'john@example.org' })
  @ApiOkResponse({ description: 'The first account (id order) with this email', type: AccountResponse })
  @ApiNotFoundResponse({ description: 'No such account in scope' })
  async searchByEmail(@Param('email') email: string, @CurrentScope() scope: Scope) {
    return this.serializer.one(await this.admin.getByEmail(email, scope));
  }

  @ApiOperation({ summary: 'Activate an account' })
  @Post(':id/activate')
  @HttpCode(200)
  @idParam
  @ApiOkResponse({ description: 'The account, activated', type: AccountResponse })
  @ApiNotFoundResponse({ description: 'Unknown, or in another Space' })
  async activate(@ScopedAccount() account: Account) {
    return this.serializer.one(await this.admin.setActivated(account, true));
  }

  @ApiOperation({ summary: 'Deactivate an account' })
  @Post(':id/deactivate')
  @HttpCode(200)
  @idParam
  @ApiOkResponse({ description: 'The account, deactivated', type: AccountResponse })
  @ApiNotFoundResponse({ description: 'Unknown, or in another Space' })
  async deactivate(@ScopedAccount() account: Account) {
    return this.serializer.one(await this.admin.setActivated(account, false));
  }

  @ApiOperation({ summary: 'Block an account' })
  @Post(':id/block')
  @HttpCode(200)
  @idParam
  @ApiOkResponse({ description: 'The account, blocked', type: AccountResponse })
  @ApiNotFoundResponse({ description: 'Unknown, or in another Space' })
  async block(@ScopedAccount() account: Account) {
    return this.serializer.one(await this.admin.setBlocked(account, true));
  }

  @ApiOperation({ summary: 'Unblock an account' })
  @Post(':id/unblock')
  @HttpCode(200)
  @idParam
  @ApiOkResponse({ description: 'The account, unblocked', type: AccountResponse })
  @ApiNotFoundResponse({ description: 'Unknown, or in another Space' })
  async unblock(@ScopedAccount() account: Account) {
    return this.serializer.one(await this.admin.setBlocked(account, false));
  }

  @ApiOperation({ summary: "Renew an account's provisioning token" })
  @Get(':id/provision')
  @ChangesState()
  @idParam
  @ApiOkResponse({ description: 'The account with a new current provisioning token', type: AccountResponse })
  @ApiNotFoundResponse({ description: 'Unknown, or in another Space' })
  async provision(@ScopedAccount() account: Account, @Req() request: FastifyRequest) {
    await this.admin.provision(account, requestOrigin(request));
    return this.serializer.one(account);
  }
}
