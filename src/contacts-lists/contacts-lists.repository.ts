import { Injectable } from '@nestjs/common';
import { DataSource, ObjectLiteral } from 'typeorm';
import type { Scope } from '../account-core/request-scope';
import { EntityColumns } from '../database/fixed-sql';
import { selectRows } from '../database/statements';
import { now } from '../database/timestamps';
import { deleteLink, insertLink } from '../database/link-rows';
import { Account } from '../account-core/entities/account.entity';
import { AccountContactsList } from './entities/account-contacts-list.entity';
import { ContactsListContact } from './entities/contacts-list-contact.entity';
import { ContactsList } from './entities/contacts-list.entity';

/** A list with the number of its members the caller can see. */
export type CountedList = ContactsList & { contacts_count: number };

/**
 * The lists' tables: `contacts_lists`, their members and their attachments
 * to accounts. What a caller sees (deviation 19): a super admin every list,
 * anyone else the lists of the request's Space and, in them, the members of
 * its domain.
 */
@Injectable()
export class ContactsListsRepository {
  private readonly list: EntityColumns<ContactsList>;
  private readonly q: (name: string) => string;

  constructor(private readonly dataSource: DataSource) {
    this.list = new EntityColumns(dataSource, ContactsList, 'l');
    this.q = (name) => dataSource.driver.escape(name);
  }

  private table(entity: new () => ObjectLiteral): string {
    return this.q(this.dataSource.getMetadata(entity).tableName);
  }

  /** The condition on `l` (a list) that makes it visible in the scope, and its parameters. */
  private visible({ domain, space }: Scope): [string, unknown[]] {
    return domain === undefined ? ['1 = 1', []] : ['l.space_id = ?', [space.id]];
  }

  /** The members of list `l` the scope can see, counted; its parameters. */
  private counted({ domain }: Scope): [string, unknown[]] {
    const members = this.table(ContactsListContact);
    if (domain === undefined) return [`(SELECT COUNT(*) FROM ${members} m WHERE m.contacts_list_id = l.id)`, []];
    return [
      `(SELECT COUNT(*) FROM ${members} m INNER JOIN ${this.table(Account)} a ON a.id = m.contact_id WHERE m.contacts_list_id = l.id AND a.domain = ?)`,
      [domain],
    ];
  }

  /** Every visible list, id order, with its count: one statement. */
  all(scope: Scope): Promise<CountedList[]> {
    return this.select(scope, '1 = 1', []);
  }

  async findCounted(id: number, scope: Scope): Promise<CountedList | null> {
    return (await this.select(scope, 'l.id = ?', [id]))[0] ?? null;
  }

  private async select(scope: Scope, where: string, parameters: unknown[]): Promise<CountedList[]> {
    const [count, countParameters] = this.counted(scope);
    const [visible, visibleParameters] = this.visible(scope);
    const rows = await selectRows(
      this.dataSource,
      `SELECT ${this.list.select}, ${count} AS contacts_count FROM ${this.list.table} l WHERE ${visible} AND ${where} ORDER BY l.id`,
      [...countParameters, ...visibleParameters, ...parameters],
    );
    return rows.map((row) => Object.assign(this.list.hydrate(row), { contacts_count: Number(row.contacts_count) }));
  }

  async find(id: number, scope: Scope): Promise<ContactsList | null> {
    const [visible, parameters] = this.visible(scope);
    const rows = await selectRows(this.dataSource, `SELECT ${this.list.select} FROM ${this.list.table} l WHERE l.id = ? AND ${visible}`, [
      id,
      ...parameters,
    ]);
    return rows.length > 0 ? this.list.hydrate(rows[0]) : null;
  }

  /**
   * A list of that Space (or, given `exceptId`, of that list's Space other than it) has this title.
   * `inSpace` limits `exceptId` to a list of that Space: another Space's list is never looked into.
   */
  async isTitleTaken(title: string, where: { spaceId: number } | { exceptId: number; inSpace?: number }): Promise<boolean> {
    const lists = this.list.table;
    const rows =
      'spaceId' in where
        ? await selectRows(this.dataSource, `SELECT 1 FROM ${lists} l WHERE l.space_id = ? AND l.title = ? LIMIT 1`, [where.spaceId, title])
        : await selectRows(
            this.dataSource,
            `SELECT 1 FROM ${lists} l WHERE l.title = ? AND l.id <> ? AND l.space_id = (SELECT o.space_id FROM ${lists} o WHERE o.id = ?${where.inSpace === undefined ? '' : ' AND o.space_id = ?'}) LIMIT 1`,
            [title, where.exceptId, where.exceptId, ...(where.inSpace === undefined ? [] : [where.inSpace])],
          );
    return rows.length > 0;
  }

  create(spaceId: number, title: string, description: string): Promise<ContactsList> {
    const lists = this.dataSource.getRepository(ContactsList);
    return lists.save(lists.create({ space_id: spaceId, title, description }));
  }

  /** Sets what differs, and then `updated_at`. */
  async update(list: ContactsList, changes: Pick<ContactsList, 'title' | 'description'>): Promise<void> {
    if (list.title === changes.title && list.description === changes.description) return;
    await this.dataSource.getRepository(ContactsList).update({ id: list.id }, { ...changes, updated_at: now() });
  }

  /** 1 when a visible list was deleted (its members and attachments by cascade), else 0. */
  async remove(id: number, scope: Scope): Promise<number> {
    const where = scope.domain === undefined ? { id } : { id, space_id: scope.space.id };
    const result = await this.dataSource.getRepository(ContactsList).delete(where);
    return result.affected ? 1 : 0;
  }

  // ------------------------------------------------------------ members

  /** The account is a member of the list, and one the scope can see. */
  async isMember(listId: number, contactId: number, { domain }: Scope): Promise<boolean> {
    const rows = await selectRows(
      this.dataSource,
      `SELECT 1 FROM ${this.table(ContactsListContact)} m INNER JOIN ${this.table(Account)} a ON a.id = m.contact_id ` +
        `WHERE m.contacts_list_id = ? AND m.contact_id = ?${domain === undefined ? '' : ' AND a.domain = ?'}`,
      domain === undefined ? [listId, contactId] : [listId, contactId, domain],
    );
    return rows.length > 0;
  }

  /** false when it already was a member. */
  addMember(listId: number, contactId: number): Promise<boolean> {
    const stamp = now();
    return insertLink(this.dataSource, ContactsListContact, {
      contacts_list_id: listId,
      contact_id: contactId,
      created_at: stamp,
      updated_at: stamp,
    });
  }

  removeMember(listId: number, contactId: number): Promise<number> {
    return deleteLink(this.dataSource, ContactsListContact, { contacts_list_id: listId, contact_id: contactId });
  }

  // -------------------------------------------------------- attachments

  /** The list is attached to the account, and one the scope can see. */
  async isAttached(accountId: number, listId: number, scope: Scope): Promise<boolean> {
    const [visible, parameters] = this.visible(scope);
    const rows = await selectRows(
      this.dataSource,
      `SELECT 1 FROM ${this.table(AccountContactsList)} x INNER JOIN ${this.list.table} l ON l.id = x.contacts_list_id ` +
        `WHERE x.account_id = ? AND x.contacts_list_id = ? AND ${visible}`,
      [accountId, listId, ...parameters],
    );
    return rows.length > 0;
  }

  /** false when it already was attached. */
  attach(accountId: number, listId: number): Promise<boolean> {
    const stamp = now();
    return insertLink(this.dataSource, AccountContactsList, {
      account_id: accountId,
      contacts_list_id: listId,
      created_at: stamp,
      updated_at: stamp,
    });
  }

  detach(accountId: number, listId: number): Promise<number> {
    return deleteLink(this.dataSource, AccountContactsList, { account_id: accountId, contacts_list_id: listId });
  }
}
