import { Injectable } from '@nestjs/common';
import type { Account } from '../account-core/entities/account.entity';
import { AccountsRepository } from '../account-core/accounts.repository';
import type { Scope } from '../account-core/request-scope';
import { forbidden, notFound } from '../common/errors';
import { ContactsListsRepository } from './contacts-lists.repository';
import { ContactsListDto } from './dto/contacts-list.dto';
import { ContactsListResponse, CreatedContactsListResponse } from './dto/contacts-list.response';
import type { ContactsList } from './entities/contacts-list.entity';

function found<T>(row: T | null): T {
  if (!row) throw notFound();
  return row;
}

/**
 * Contacts lists (contacts.md §3), per Space (deviation 19): a list another
 * Space owns, or a member or account the caller cannot see, is treated as
 * absent (404, or "not a member / not attached": 403), never acted on.
 */
@Injectable()
export class ContactsListsService {
  constructor(
    private readonly lists: ContactsListsRepository,
    private readonly accounts: AccountsRepository,
  ) {}

  async all(scope: Scope): Promise<ContactsListResponse[]> {
    return (await this.lists.all(scope)).map((list) => ContactsListResponse.of(list));
  }

  async show(id: number, scope: Scope): Promise<ContactsListResponse> {
    return ContactsListResponse.of(found(await this.lists.findCounted(id, scope)));
  }

  /** In the request's Space. */
  async create(dto: ContactsListDto, scope: Scope): Promise<CreatedContactsListResponse> {
    return CreatedContactsListResponse.of(await this.lists.create(scope.space.id, String(dto.title), String(dto.description)));
  }

  async update(id: number, dto: ContactsListDto, scope: Scope): Promise<ContactsListResponse> {
    const list = found(await this.lists.find(id, scope));
    await this.lists.update(list, { title: String(dto.title), description: String(dto.description) });
    return this.show(list.id, scope);
  }

  /** 1 when deleted, 0 when no visible list had this id. */
  remove(id: number, scope: Scope): Promise<number> {
    return this.lists.remove(id, scope);
  }

  /** list → 404; already a member → 403; account → 404; added. */
  async addContact(listId: number, contactId: number, scope: Scope): Promise<void> {
    const list = found(await this.lists.find(listId, scope));
    if (await this.lists.isMember(list.id, contactId, scope)) throw forbidden();
    const contact = await this.accounts.getScoped(contactId, scope);
    if (!(await this.lists.addMember(list.id, contact.id))) throw forbidden();
  }

  /** list → 404; not a member → 403; removed → 1. */
  async removeContact(listId: number, contactId: number, scope: Scope): Promise<number> {
    const list: ContactsList = found(await this.lists.find(listId, scope));
    if (!(await this.lists.isMember(list.id, contactId, scope))) throw forbidden();
    // a concurrent removal won: it is no member any more
    if ((await this.lists.removeMember(list.id, contactId)) === 0) throw forbidden();
    return 1;
  }

  /** (account → 404 before this) already attached → 403; list → 404; attached. */
  async attach(account: Account, listId: number, scope: Scope): Promise<void> {
    if (await this.lists.isAttached(account.id, listId, scope)) throw forbidden();
    const list = found(await this.lists.find(listId, scope));
    if (!(await this.lists.attach(account.id, list.id))) throw forbidden();
  }

  /** (account → 404 before this) not attached → 403; detached → 1. */
  async detach(account: Account, listId: number, scope: Scope): Promise<number> {
    if (!(await this.lists.isAttached(account.id, listId, scope))) throw forbidden();
    if ((await this.lists.detach(account.id, listId)) === 0) throw forbidden();
    return 1;
  }
}
