import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
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
import { Access, CurrentScope, Role } from '../auth/access.decorator';
import { ScopedAccount } from '../account-core/scoped-account';
import { Account } from '../account-core/entities/account.entity';
import { ApiValidationResponse, textBody } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Scope } from '../account-core/request-scope';
import { AccountTypesService } from './account-types.service';
import { AccountTypeDto } from './dto/account-type.dto';
import { AccountTypeResponse, CreatedAccountTypeResponse } from './dto/account-type.response';

const typeParam = ApiParam({ name: 'id', type: Number, description: 'account type id' });
const NOT_FOUND = 'Unknown type, or of another Space';

/** The Space's account types (contacts.md §4, deviation 19). */
@ApiTags('Account types')
@Access(Role.Admin)
@Controller('api/account_types')
export class AccountTypesController {
  constructor(private readonly types: AccountTypesService) {}

  @ApiOperation({ summary: 'List the account types' })
  @Get()
  @ApiOkResponse({ description: "The types the caller can see (a super admin: every Space's), in id order", type: [AccountTypeResponse] })
  list(@CurrentScope() scope: Scope): Promise<AccountTypeResponse[]> {
    return this.types.all(scope);
  }

  @ApiOperation({ summary: 'Show an account type' })
  @Get(':id')
  @typeParam
  @ApiOkResponse({ type: AccountTypeResponse })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  show(@Param('id', ParseIdPipe) id: number, @CurrentScope() scope: Scope): Promise<AccountTypeResponse> {
    return this.types.show(id, scope);
  }

  @ApiOperation({ summary: 'Create an account type' })
  @Post()
  @HttpCode(201)
  @ApiBody({ type: AccountTypeDto })
  @ApiCreatedResponse({ description: "The type, created in the request's Space", type: CreatedAccountTypeResponse })
  @ApiValidationResponse()
  create(@Body() dto: AccountTypeDto, @CurrentScope() scope: Scope): Promise<CreatedAccountTypeResponse> {
    return this.types.create(dto, scope);
  }

  @ApiOperation({ summary: 'Rename an account type' })
  @Put(':id')
  @typeParam
  @ApiBody({ type: AccountTypeDto })
  @ApiOkResponse({ type: AccountTypeResponse })
  @ApiNotFoundResponse({ description: `${NOT_FOUND} (checked after validation)` })
  @ApiValidationResponse()
  replace(@Param('id', ParseIdPipe) id: number, @Body() dto: AccountTypeDto, @CurrentScope() scope: Scope): Promise<AccountTypeResponse> {
    return this.types.update(id, dto, scope);
  }

  @ApiOperation({ summary: 'Rename an account type (same as PUT)' })
  @Patch(':id')
  @typeParam
  @ApiBody({ type: AccountTypeDto })
  @ApiOkResponse({ description: 'As PUT: `key` required', type: AccountTypeResponse })
  @ApiNotFoundResponse({ description: `${NOT_FOUND} (checked after validation)` })
  @ApiValidationResponse()
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: AccountTypeDto, @CurrentScope() scope: Scope): Promise<AccountTypeResponse> {
    return this.types.update(id, dto, scope);
  }

  @ApiOperation({ summary: 'Delete an account type' })
  @Delete(':id')
  @typeParam
  @ApiOkResponse({ description: '`1` when deleted (with its links to accounts), `0` when no such type', content: textBody('1') })
  remove(@Param('id', ParseIdPipe) id: number, @CurrentScope() scope: Scope): Promise<number> {
    return this.types.remove(id, scope);
  }
}

/** Types given to an account: only its own Space's (contacts.md §4). */
@ApiTags('Account types')
@Access(Role.Admin)
@Controller('api/accounts/:id/types')
@ApiParam({ name: 'id', type: Number, description: 'account id' })
@ApiParam({ name: 'type_id', type: Number, description: 'account type id' })
export class AccountTypeLinksController {
  constructor(private readonly types: AccountTypesService) {}

  @ApiOperation({ summary: 'Give an account a type' })
  @Post(':type_id')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Attached; empty body' })
  @ApiForbiddenResponse({ description: '`{"message": ""}`: the account has this type already' })
  @ApiNotFoundResponse({ description: "Unknown account or type, of another Space, or a type of another Space than the account's" })
  async attach(@ScopedAccount() account: Account, @Param('type_id', ParseIdPipe) typeId: number): Promise<void> {
    await this.types.attach(account, typeId);
  }

  @ApiOperation({ summary: 'Remove a type from an account' })
  @Delete(':type_id')
  @ApiOkResponse({ description: '`1`: detached', content: textBody('1') })
  @ApiForbiddenResponse({ description: '`{"message": ""}`: the account does not have this type' })
  @ApiNotFoundResponse({ description: 'Unknown account, or of another Space' })
  detach(@ScopedAccount() account: Account, @Param('type_id', ParseIdPipe) typeId: number): Promise<number> {
    return this.types.detach(account, typeId);
  }
}
