import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiParam, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Access, CurrentCaller, CurrentScope, Role } from '../auth/access.decorator';
import { textBody } from '../common/openapi';
import { Caller, Scope } from '../account-core/request-scope';
import { ContactVcardsService } from './contact-vcards.service';

const CARD =
  'BEGIN:VCARD\nVERSION:4.0\nKIND:individual\nIMPP:sip:dhand@sip.linphone.org\nFN:dhand@sip.linphone.org\nX-LINPHONE-ACCOUNT-DTMF-PROTOCOL:sipinfo\nEND:VCARD';

/**
 * `/contacts/vcard[/{sip}]` (vcards.md §4), the URL of the provisioning's
 * `contacts-vcard-list`: not under /api, so no blocked or expired-Space check.
 * Its contacts come from `CONTACTS_SOURCE`, which the vCards module builds
 * from the contacts module's `ContactsService.cards()`.
 */
@ApiTags('vCards')
@Access(Role.User)
@Controller('contacts/vcard')
export class ContactVcardsController {
  constructor(private readonly vcards: ContactVcardsService) {}

  @ApiOperation({ summary: 'Get the vCards of your contacts' })
  @Get()
  @ApiOkResponse({
    description: "The vCards of the caller's contacts joined with `\\n`, no trailing newline; an empty body when none",
    content: textBody(CARD),
  })
  all(@CurrentCaller() caller: Caller, @CurrentScope() scope: Scope): Promise<string> {
    return this.vcards.all(caller.account, scope);
  }

  @ApiOperation({ summary: "Get one of your contacts' vCard" })
  @Get(':sip')
  @ApiParam({ name: 'sip', type: String, example: 'dhand@sip.linphone.org', description: '`user@domain`, no `sip:`' })
  @ApiOkResponse({ description: "That contact's vCard, no trailing newline", content: textBody(CARD) })
  @ApiNotFoundResponse({ description: "Not one of the caller's contacts: `Missing elements to perform the request`" })
  one(@CurrentCaller() caller: Caller, @CurrentScope() scope: Scope, @Param('sip') sip: string): Promise<string> {
    return this.vcards.one(caller.account, scope, sip);
  }
}
