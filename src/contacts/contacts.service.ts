import { Injectable } from '@nestjs/common';
import { AccountSerializer } from '../accounts/account.serializer';
import { Json } from '../account-core/account-relation-loader';
import { AccountsRepository } from '../account-core/accounts.repository';
import type { Account } from '../account-core/entities/account.entity';
import { forbidden, notFound } from '../common/errors';
import type { Scope } from '../account-core/request-scope';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import type { ContactCard } from './contact-rows';
import { ContactsRepository } from './contacts.repository';
import { ContactResponse } from './dto/contact.response';

/** Accounts per serializer call: its relation statement takes their ids (7 members × this, under the engines' limits). */
const SERIALIZED_PER_STATEMENT = 1000;

/** `user@domain` split at the first `@` (text after a second one ignored, as the account lookups do); no `@`: none. */
function sipParts(sip: string): { username: string; domain: string } | undefined {
  const parts = sip.split('@');
  return parts.length < 2 ? undefined : { username: parts[0], domain: parts[1] };
}

/**
 * An account's contacts (contacts.md §1, §2). The contacts of an account, as
 * its own routes and vCards show them, are its direct contacts and the
 * members of its lists, of the request's domain (all: a super admin); the
 * admin routes manage the direct ones.
 */
@Injectable()
export class ContactsService {
  constructor(
    private readonly contacts: ContactsRepository,
    private readonly accounts: AccountsRepository,
    private readonly serializer: AccountSerializer,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** `GET /api/accounts/me/contacts`: id order; two statements whatever their number. */
  async list(owner: Account, scope: Scope): Promise<ContactResponse[]> {
    const contacts = await this.contacts.rows.details({ ownerId: owner.id, domain: scope.domain });
    return contacts.map((contact) => ContactResponse.of(contact, this.settings.accountRealm));
  }

  /** `GET /api/accounts/me/contacts/{sip}`: that contact, else 404. */
  async show(owner: Account, sip: string, scope: Scope): Promise<ContactResponse> {
    const parts = sipParts(sip);
    const [contact] = parts ? await this.contacts.rows.details({ ownerId: owner.id, domain: scope.domain, sip: parts }) : [];
    if (!contact) throw notFound();
    return ContactResponse.of(contact, this.settings.accountRealm);
  }

  /**
   * The same contacts (or the one of `sip`: none when it is not one) as
   * vCards show them (vcards.md §4): identity, types, actions; two statements.
   */
  async cards(owner: Account, scope: Scope, sip?: string): Promise<ContactCard[]> {
    if (sip === undefined) return this.contacts.rows.cards({ ownerId: owner.id, domain: scope.domain });
    const parts = sipParts(sip);
    return parts ? this.contacts.rows.cards({ ownerId: owner.id, domain: scope.domain, sip: parts }) : [];
  }

  /** `GET /api/accounts/{id}/contacts`: the direct contacts only, as account JSON (accounts.md §1.1). */
  async direct(account: Account, scope: Scope): Promise<Json[]> {
    const contacts = await this.contacts.direct(account.id, scope.domain);
    const out: Json[] = [];
    for (let i = 0; i < contacts.length; i += SERIALIZED_PER_STATEMENT) {
      out.push(...(await this.serializer.many(contacts.slice(i, i + SERIALIZED_PER_STATEMENT), 'default')));
    }
    return out;
  }

  /** `GET /api/accounts/{id}/contacts/{contact_id}`: a direct contact, else 404. */
  async directOne(account: Account, contactId: number, scope: Scope): Promise<Json> {
    const [contact] = await this.contacts.direct(account.id, scope.domain, contactId);
    if (!contact) throw notFound();
    return this.serializer.one(contact, 'default');
  }

  /** (account → 404 before this) already a direct contact → 403; contact → 404; linked. */
  async link(account: Account, contactId: number, scope: Scope): Promise<void> {
    if (await this.contacts.isDirect(account.id, contactId, scope.domain)) throw forbidden();
    const contact = await this.accounts.getScoped(contactId, scope);
    if (!(await this.contacts.link(account.id, contact.id))) throw forbidden();
  }

  /** (account → 404 before this) not a direct contact → 403; unlinked → 1. */
  async unlink(account: Account, contactId: number, scope: Scope): Promise<number> {
    if (!(await this.contacts.isDirect(account.id, contactId, scope.domain))) throw forbidden();
    if ((await this.contacts.unlink(account.id, contactId)) === 0) throw forbidden();
    return 1;
  }
}
