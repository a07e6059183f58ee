import { Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiForbiddenResponse, ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, CurrentCaller, CurrentScope, Role } from '../auth/access.decorator';
import type { Json } from '../account-core/account-relation-loader';
import { ScopedAccount } from '../account-core/scoped-account';
import { AccountResponse } from '../accounts/dto/account.response';
import { Account } from '../account-core/entities/account.entity';
import { textBody } from '../common/openapi';
import { ParseIdPipe } from '../common/parse-id.pipe';
import type { Caller, Scope } from '../account-core/request-scope';
import { ContactsService } from './contacts.service';
import { ContactResponse } from './dto/contact.response';

/** The caller's contacts: direct and through lists (contacts.md §1). */
@ApiTags('Accounts (me)')
@Access(Role.User)
@Controller('api/accounts/me/contacts')
export class MyContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @ApiOperation({ summary: 'List your contacts' })
  @Get()
  @ApiOkResponse({
    description: 'Every contact (direct, and members of the lists attached to the account), id order; `[]` when none',
    type: [ContactResponse],
  })
  list(@CurrentCaller() caller: Caller, @CurrentScope() scope: Scope): Promise<ContactResponse[]> {
    return this.contacts.list(caller.account, scope);
  }

  @ApiOperation({ summary: 'Show one of your contacts' })
  @Get(':sip')
  @ApiParam({ name: 'sip', example: 'alice@sip.example.org' })
  @ApiOkResponse({ type: ContactResponse })
  @ApiNotFoundResponse({ description: "Not one of the caller's contacts" })
  show(@CurrentCaller() caller: Caller, @Param('sip') sip: string, @CurrentScope() scope: Scope): Promise<ContactResponse> {
    return this.contacts.show(caller.account, sip, scope);
  }
}

/** An account's direct contacts (contacts.md §2). */
@ApiTags('Accounts (admin)')
@Access(Role.Admin)
@Controller('api/accounts/:id/contacts')
@ApiParam({ name: 'id', type: Number, description: 'account id' })
export class AccountContactsController {
  constructor(private readonly contacts: ContactsService) {}

  @ApiOperation({ summary: "List an account's contacts" })
  @Get()
  @ApiOkResponse({ description: "The direct contacts (not the lists' members), id order, as accounts", type: [AccountResponse] })
  @ApiNotFoundResponse({ description: 'Unknown account, or of another Space' })
  list(@ScopedAccount() account: Account, @CurrentScope() scope: Scope): Promise<Json[]> {
    return this.contacts.direct(account, scope);
  }

  @ApiOperation({ summary: "Show one of an account's contacts" })
  @Get(':contact_id')
  @ApiParam({ name: 'contact_id', type: Number, description: 'account id of the contact' })
  @ApiOkResponse({ description: 'The direct contact, as an account', type: AccountResponse })
  @ApiNotFoundResponse({ description: 'Unknown account, or not one of its direct contacts' })
  show(
    @ScopedAccount() account: Account,
    @Param('contact_id', ParseIdPipe) contactId: number,
    @CurrentScope() scope: Scope,
  ): Promise<Json> {
    return this.contacts.directOne(account, contactId, scope);
  }

  @ApiOperation({ summary: 'Add a contact to an account' })
  @Post(':contact_id')
  @HttpCode(200)
  @ApiParam({ name: 'contact_id', type: Number, description: 'account id of the contact' })
  @ApiOkResponse({ description: 'Linked; empty body' })
  @ApiForbiddenResponse({ description: '`{"message": ""}`: already a direct contact' })
  @ApiNotFoundResponse({ description: 'Unknown account or contact, or of another Space' })
  async link(
    @ScopedAccount() account: Account,
    @Param('contact_id', ParseIdPipe) contactId: number,
    @CurrentScope() scope: Scope,
  ): Promise<void> {
    await this.contacts.link(account, contactId, scope);
  }

  @ApiOperation({ summary: 'Remove a contact from an account' })
  @Delete(':contact_id')
  @ApiParam({ name: 'contact_id', type: Number, description: 'account id of the contact' })
  @ApiOkResponse({ description: '`1`: unlinked', content: textBody('1') })
  @ApiForbiddenResponse({ description: '`{"message": ""}`: not a direct contact' })
  @ApiNotFoundResponse({ description: 'Unknown account, or of another Space' })
  unlink(
    @ScopedAccount() account: Account,
    @Param('contact_id', ParseIdPipe) contactId: number,
    @CurrentScope() scope: Scope,
  ): Promise<number> {
    return this.contacts.unlink(account, contactId, scope);
  }
}
