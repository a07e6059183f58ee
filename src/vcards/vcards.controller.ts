import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiNotFoundResponse, ApiParam, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, CurrentCaller, CurrentScope, Role } from '../auth/access.decorator';
import { ScopedAccount } from '../accounts/core/scoped-account';
import { Account } from '../accounts/entities/account.entity';
import { Caller, Scope } from '../common/request';
import { VcardDto } from './dto/vcard.dto';
import { VcardResponse } from './dto/vcard.response';
import { ApiVcardCreation, ApiVcardItem, ApiVcardList, ApiVcardRemoval, ApiVcardReplacement } from './vcards.openapi';
import { VcardsService } from './vcards.service';

/** The caller's stored vCards (vcards.md §1.1). */
@ApiTags('Accounts (me)')
@Access(Role.User)
@Controller('api/accounts/me/vcards-storage')
export class MyVcardsController {
  constructor(private readonly vcards: VcardsService) {}

  @ApiOperation({ summary: 'List your stored vCards' })
  @Get()
  @ApiVcardList()
  list(@CurrentCaller() caller: Caller): Promise<Record<string, VcardResponse> | []> {
    return this.vcards.list(caller.account);
  }

  @ApiOperation({ summary: 'Show one of your stored vCards' })
  @Get(':uuid')
  @ApiVcardItem()
  show(@CurrentCaller() caller: Caller, @Param('uuid') uuid: string): Promise<VcardResponse> {
    return this.vcards.show(caller.account, uuid);
  }

  @ApiOperation({ summary: 'Store a vCard' })
  @Post()
  @HttpCode(200)
  @ApiVcardCreation()
  create(@CurrentCaller() caller: Caller, @Body() dto: VcardDto): Promise<string> {
    return this.vcards.create(caller.account, dto.vcard);
  }

  @ApiOperation({ summary: 'Replace one of your stored vCards' })
  @Put(':uuid')
  @ApiVcardReplacement()
  put(@CurrentCaller() caller: Caller, @Param('uuid') uuid: string, @Body() dto: VcardDto): Promise<string> {
    return this.vcards.replace(caller.account, uuid, dto.vcard);
  }

  @ApiOperation({ summary: 'Replace one of your stored vCards (same as PUT)' })
  @Patch(':uuid')
  @ApiVcardReplacement()
  patch(@CurrentCaller() caller: Caller, @Param('uuid') uuid: string, @Body() dto: VcardDto): Promise<string> {
    return this.vcards.replace(caller.account, uuid, dto.vcard);
  }

  @ApiOperation({ summary: 'Delete one of your stored vCards' })
  @Delete(':uuid')
  @ApiVcardRemoval()
  remove(@CurrentCaller() caller: Caller, @Param('uuid') uuid: string): Promise<number> {
    return this.vcards.remove(caller.account, uuid);
  }
}

/**
 * The stored vCards of an account of the admin's scope (vcards.md §1.1).
 * PUT/PATCH look the account up themselves: the spec checks the card's UID
 * against `{uuid}` (422) before the account (404), which `@ScopedAccount()`
 * would look up first.
 */
@ApiTags('Accounts (admin)')
@Access(Role.Admin)
@Controller('api/accounts/:id/vcards-storage')
@ApiParam({ name: 'id', type: Number, description: 'account id' })
@ApiNotFoundResponse({ description: 'Unknown account, or in another Space' })
export class AccountVcardsController {
  constructor(private readonly vcards: VcardsService) {}

  @ApiOperation({ summary: "List an account's stored vCards" })
  @Get()
  @ApiVcardList()
  list(@ScopedAccount() account: Account): Promise<Record<string, VcardResponse> | []> {
    return this.vcards.list(account);
  }

  @ApiOperation({ summary: "Show one of an account's stored vCards" })
  @Get(':uuid')
  @ApiVcardItem()
  show(@ScopedAccount() account: Account, @Param('uuid') uuid: string): Promise<VcardResponse> {
    return this.vcards.show(account, uuid);
  }

  @ApiOperation({ summary: 'Store a vCard for an account' })
  @Post()
  @HttpCode(200)
  @ApiVcardCreation()
  create(@ScopedAccount() account: Account, @Body() dto: VcardDto): Promise<string> {
    return this.vcards.create(account, dto.vcard);
  }

  @ApiOperation({ summary: "Replace one of an account's stored vCards" })
  @Put(':uuid')
  @ApiVcardReplacement()
  put(@Param('id') id: string, @Param('uuid') uuid: string, @Body() dto: VcardDto, @CurrentScope() scope: Scope): Promise<string> {
    return this.vcards.replaceFor(id, scope, uuid, dto.vcard);
  }

  @ApiOperation({ summary: "Replace one of an account's stored vCards (same as PUT)" })
  @Patch(':uuid')
  @ApiVcardReplacement()
  patch(@Param('id') id: string, @Param('uuid') uuid: string, @Body() dto: VcardDto, @CurrentScope() scope: Scope): Promise<string> {
    return this.vcards.replaceFor(id, scope, uuid, dto.vcard);
  }

  @ApiOperation({ summary: "Delete one of an account's stored vCards" })
  @Delete(':uuid')
  @ApiVcardRemoval()
  remove(@ScopedAccount() account: Account, @Param('uuid') uuid: string): Promise<number> {
    return this.vcards.remove(account, uuid);
  }
}
