import { DataSource } from 'typeorm';
import { Contact } from '../../src/contacts/entities/contact.entity';
import { AccountContactsList } from '../../src/contacts-lists/entities/account-contacts-list.entity';
import { ContactsListContact } from '../../src/contacts-lists/entities/contacts-list-contact.entity';
import { ContactsList } from '../../src/contacts-lists/entities/contacts-list.entity';
import { Space } from '../../src/account-core/entities/space.entity';
import { DOMAIN } from './app';

/** Rows per INSERT: a few parameters each, far under both engines' limits. */
const CHUNK = 500;

/**
 * `count` accounts `<prefix><i>` of `domain`, each with a SHA-256 password
 * row, by multi-row INSERTs (no HTTP, no entity per row); their ids, in order.
 */
export async function bulkAccounts(db: DataSource, prefix: string, count: number, domain = DOMAIN): Promise<number[]> {
  for (let start = 0; start < count; start += CHUNK) {
    const n = Math.min(CHUNK, count - start);
    const values = Array.from({ length: n }, () => "(?, ?, 1, '127.0.0.1', 'Test')").join(', ');
    const parameters = Array.from({ length: n }, (_, i) => [`${prefix}${start + i}`, domain]).flat();
    await db.query(`INSERT INTO accounts (username, domain, activated, ip_address, user_agent) VALUES ${values}`, parameters);
  }
  const rows = await db.query<{ id: number }[]>('SELECT id FROM accounts WHERE domain = ? AND username LIKE ? ORDER BY id', [
    domain,
    `${prefix}%`,
  ]);
  const ids = rows.map((row) => Number(row.id));
  await db.query(
    "INSERT INTO passwords (account_id, password, algorithm) SELECT id, 'd41d8cd98f00b204e9800998ecf8427e', 'SHA-256' FROM accounts WHERE domain = ? AND username LIKE ?",
    [domain, `${prefix}%`],
  );
  return ids;
}

/** A list of the Space of `domain` with these members, by direct inserts. */
export async function createList(db: DataSource, title: string, memberIds: number[] = [], domain = DOMAIN): Promise<ContactsList> {
  const space = await db.getRepository(Space).findOneByOrFail({ domain });
  const list = await db
    .getRepository(ContactsList)
    .save(db.getRepository(ContactsList).create({ space_id: space.id, title, description: `${title} members` }));
  await addMembers(db, list.id, memberIds);
  return list;
}

export async function addMembers(db: DataSource, listId: number, memberIds: number[]): Promise<void> {
  for (let start = 0; start < memberIds.length; start += CHUNK) {
    const chunk = memberIds.slice(start, start + CHUNK);
    await db.query(
      `INSERT INTO contacts_list_contact (contacts_list_id, contact_id) VALUES ${chunk.map(() => '(?, ?)').join(', ')}`,
      chunk.flatMap((id) => [listId, id]),
    );
  }
}

export async function attachList(db: DataSource, accountId: number, listId: number): Promise<void> {
  await db.getRepository(AccountContactsList).insert({ account_id: accountId, contacts_list_id: listId });
}

export async function linkContacts(db: DataSource, accountId: number, ...contactIds: number[]): Promise<void> {
  for (const contactId of contactIds) await db.getRepository(Contact).insert({ account_id: accountId, contact_id: contactId });
}

/** The link rows that name an account, on either side. */
export async function linksOf(db: DataSource, accountId: number): Promise<{ contacts: number; members: number; attachments: number }> {
  return {
    contacts:
      (await db.getRepository(Contact).countBy({ account_id: accountId })) +
      (await db.getRepository(Contact).countBy({ contact_id: accountId })),
    members: await db.getRepository(ContactsListContact).countBy({ contact_id: accountId }),
    attachments: await db.getRepository(AccountContactsList).countBy({ account_id: accountId }),
  };
}
