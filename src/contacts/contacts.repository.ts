import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Account } from '../account-core/entities/account.entity';
import { EntityColumns } from '../database/fixed-sql';
import { deleteLink, insertLink } from '../database/link-rows';
import { selectRows } from '../database/statements';
import { ContactRows } from './contact-rows';
import { Contact } from './entities/contact.entity';

/**
 * The `contacts` table (an account's direct contacts, contacts.md §2) and the
 * contacts read of §1 (contact-rows.ts). `domain` undefined: every domain
 * (a super admin); otherwise only contacts of that domain are seen.
 */
@Injectable()
export class ContactsRepository {
  readonly rows: ContactRows;
  private readonly account: EntityColumns<Account>;
  private readonly contacts: string;

  constructor(private readonly dataSource: DataSource) {
    this.rows = new ContactRows(dataSource);
    this.account = new EntityColumns(dataSource, Account, 'a');
    this.contacts = dataSource.driver.escape(dataSource.getMetadata(Contact).tableName);
  }

  /** The direct contacts (or the one of `contactId`) as account rows, id order. */
  async direct(accountId: number, domain: string | undefined, contactId?: number): Promise<Account[]> {
    const conditions = ['c.account_id = ?'];
    const parameters: unknown[] = [accountId];
    if (domain !== undefined) {
      conditions.push('a.domain = ?');
      parameters.push(domain);
    }
    if (contactId !== undefined) {
      conditions.push('c.contact_id = ?');
      parameters.push(contactId);
    }
    const rows = await selectRows(
      this.dataSource,
      `SELECT ${this.account.select} FROM ${this.contacts} c INNER JOIN ${this.account.table} a ON a.id = c.contact_id ` +
        `WHERE ${conditions.join(' AND ')} ORDER BY a.id`,
      parameters,
    );
    return rows.map((row) => this.account.hydrate(row));
  }

  /** `contactId` is a direct contact of the account, of a domain seen. */
  async isDirect(accountId: number, contactId: number, domain: string | undefined): Promise<boolean> {
    const rows = await selectRows(
      this.dataSource,
      `SELECT 1 FROM ${this.contacts} c INNER JOIN ${this.account.table} a ON a.id = c.contact_id ` +
        `WHERE c.account_id = ? AND c.contact_id = ?${domain === undefined ? '' : ' AND a.domain = ?'}`,
      domain === undefined ? [accountId, contactId] : [accountId, contactId, domain],
    );
    return rows.length > 0;
  }

  /** false when it already was a contact. Timestamps left null, as the reference's API leaves them. */
  link(accountId: number, contactId: number): Promise<boolean> {
    return insertLink(this.dataSource, Contact, { account_id: accountId, contact_id: contactId });
  }

  unlink(accountId: number, contactId: number): Promise<number> {
    return deleteLink(this.dataSource, Contact, { account_id: accountId, contact_id: contactId });
  }
}
