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
import { ContactsListsService } from './contacts-lists.service';
import { ContactsListDto } from './dto/contacts-list.dto';
import { ContactsListResponse, CreatedContactsListResponse } from './dto/contacts-list.response';

const listParam = ApiParam({ name: 'id', type: Number, description: 'contacts list id' });
const contactParam = ApiParam({ name: 'contact_id', type: Number, description: 'account id of the member' });
const NOT_FOUND = 'Unknown list, or of another Space';
const ALREADY = '`{"message": ""}`: already there (a member, or attached)';
const MISSING = '`{"message": ""}`: not there (not a member, or not attached)';

/** Contacts lists of the Space (contacts.md §3, deviation 19). */
@ApiTags('Contacts lists')
@Access(Role.Admin)
@Controller('api/contacts_lists')
export class ContactsListsController {
  constructor(private readonly lists: ContactsListsService) {}

  @ApiOperation({ summary: 'List the contacts lists' })
  @Get()
  @ApiOkResponse({ description: 'The lists the caller can see, in id order', type: [ContactsListResponse] })
  list(@CurrentScope() scope: Scope): Promise<ContactsListResponse[]> {
    return this.lists.all(scope);
  }

  @ApiOperation({ summary: 'Show a contacts list' })
  @Get(':id')
  @listParam
  @ApiOkResponse({ type: ContactsListResponse })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  show(@Param('id', ParseIdPipe) id: number, @CurrentScope() scope: Scope): Promise<ContactsListResponse> {
    return this.lists.show(id, scope);
  }

  @ApiOperation({ summary: 'Create a contacts list' })
  @Post()
  @HttpCode(201)
  @ApiBody({ type: ContactsListDto })
  @ApiCreatedResponse({ description: "The list, created in the request's Space", type: CreatedContactsListResponse })
  @ApiValidationResponse()
  create(@Body() dto: ContactsListDto, @CurrentScope() scope: Scope): Promise<CreatedContactsListResponse> {
    return this.lists.create(dto, scope);
  }

  @ApiOperation({ summary: 'Replace a contacts list' })
  @Put(':id')
  @listParam
  @ApiBody({ type: ContactsListDto })
  @ApiOkResponse({ type: ContactsListResponse })
  @ApiNotFoundResponse({ description: `${NOT_FOUND} (checked after validation)` })
  @ApiValidationResponse()
  replace(@Param('id', ParseIdPipe) id: number, @Body() dto: ContactsListDto, @CurrentScope() scope: Scope): Promise<ContactsListResponse> {
    return this.lists.update(id, dto, scope);
  }

  @ApiOperation({ summary: 'Replace a contacts list (same as PUT)' })
  @Patch(':id')
  @listParam
  @ApiBody({ type: ContactsListDto })
  @ApiOkResponse({ description: 'As PUT: both fields required', type: ContactsListResponse })
  @ApiNotFoundResponse({ description: `${NOT_FOUND} (checked after validation)` })
  @ApiValidationResponse()
  update(@Param('id', ParseIdPipe) id: number, @Body() dto: ContactsListDto, @CurrentScope() scope: Scope): Promise<ContactsListResponse> {
    return this.lists.update(id, dto, scope);
  }

  @ApiOperation({ summary: 'Delete a contacts list' })
  @Delete(':id')
  @listParam
  @ApiOkResponse({ description: '`1` when deleted (with its memberships and attachments), `0` when no such list', content: textBody('1') })
  remove(@Param('id', ParseIdPipe) id: number, @CurrentScope() scope: Scope): Promise<number> {
    return this.lists.remove(id, scope);
  }

  @ApiOperation({ summary: 'Add a contact to a contacts list' })
  @Post(':id/contacts/:contact_id')
  @HttpCode(200)
  @listParam
  @contactParam
  @ApiOkResponse({ description: 'Added; empty body' })
  @ApiForbiddenResponse({ description: ALREADY })
  @ApiNotFoundResponse({ description: `${NOT_FOUND}; or an unknown account, or of another Space` })
  async addContact(
    @Param('id', ParseIdPipe) id: number,
    @Param('contact_id', ParseIdPipe) contactId: number,
    @CurrentScope() scope: Scope,
  ): Promise<void> {
    await this.lists.addContact(id, contactId, scope);
  }

  @ApiOperation({ summary: 'Remove a contact from a contacts list' })
  @Delete(':id/contacts/:contact_id')
  @listParam
  @contactParam
  @ApiOkResponse({ description: '`1`: removed', content: textBody('1') })
  @ApiForbiddenResponse({ description: MISSING })
  @ApiNotFoundResponse({ description: NOT_FOUND })
  removeContact(
    @Param('id', ParseIdPipe) id: number,
    @Param('contact_id', ParseIdPipe) contactId: number,
    @CurrentScope() scope: Scope,
  ): Promise<number> {
    return this.lists.removeContact(id, contactId, scope);
  }
}

/** Lists attached to an account: their members become its contacts (contacts.md §1, §3). */
@ApiTags('Contacts lists')
@Access(Role.Admin)
@Controller('api/accounts/:id/contacts_lists')
@ApiParam({ name: 'id', type: Number, description: 'account id' })
@ApiParam({ name: 'contacts_list_id', type: Number, description: 'contacts list id' })
export class AccountContactsListsController {
  constructor(private readonly lists: ContactsListsService) {}

  @ApiOperation({ summary: 'Give an account a contacts list' })
  @Post(':contacts_list_id')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Attached; empty body' })
  @ApiForbiddenResponse({ description: ALREADY })
  @ApiNotFoundResponse({ description: 'Unknown account or list, or of another Space' })
  async attach(
    @ScopedAccount() account: Account,
    @Param('contacts_list_id', ParseIdPipe) listId: number,
    @CurrentScope() scope: Scope,
  ): Promise<void> {
    await this.lists.attach(account, listId, scope);
  }

  @ApiOperation({ summary: 'Remove a contacts list from an account' })
  @Delete(':contacts_list_id')
  @ApiOkResponse({ description: '`1`: detached', content: textBody('1') })
  @ApiForbiddenResponse({ description: MISSING })
  @ApiNotFoundResponse({ description: 'Unknown account, or of another Space' })
  detach(
    @ScopedAccount() account: Account,
    @Param('contacts_list_id', ParseIdPipe) listId: number,
    @CurrentScope() scope: Scope,
  ): Promise<number> {
    return this.lists.detach(account, listId, scope);
  }
}
