import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableForeignKeyOptions } from 'typeorm';
import { cascadeTo, id, string, timestamps } from '../schema';

const ref = (name: string): TableColumnOptions => ({ name, type: 'integer', isPrimary: true });
const named = (name: string, fk: TableForeignKeyOptions): TableForeignKeyOptions => ({ ...fk, name });

/**
 * Contacts and contacts lists (contacts.md §1–3), with the reference's table,
 * column, key and constraint names. The link tables have no id: their pair is
 * the primary key (the reference's unique pair), ordered for the lookups the
 * contacts read makes (an account's contacts, a list's members); the other
 * column of each pair is indexed for the cascades. `contacts_lists` has a
 * Space (deviation 19), its title unique there.
 */
export class Contacts1735000000100 implements MigrationInterface {
  name = 'Contacts1735000000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'contacts',
        columns: [ref('account_id'), ref('contact_id'), ...timestamps()],
        indices: [{ name: 'contacts_contact_id_foreign', columnNames: ['contact_id'] }],
        foreignKeys: [
          named('contacts_account_id_foreign', cascadeTo('account_id')),
          named('contacts_contact_id_foreign', cascadeTo('contact_id')),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'contacts_lists',
        columns: [
          id(),
          { name: 'space_id', type: 'integer' },
          string('title', 255, false),
          { name: 'description', type: 'text', isNullable: true },
          ...timestamps(),
        ],
        uniques: [{ name: 'contacts_lists_space_id_title_unique', columnNames: ['space_id', 'title'] }],
        foreignKeys: [named('contacts_lists_space_id_foreign', cascadeTo('space_id', 'spaces'))],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_contacts_list',
        columns: [ref('account_id'), ref('contacts_list_id'), ...timestamps()],
        indices: [{ name: 'account_contacts_list_contacts_list_id_foreign', columnNames: ['contacts_list_id'] }],
        foreignKeys: [
          named('account_contacts_list_account_id_foreign', cascadeTo('account_id')),
          named('account_contacts_list_contacts_list_id_foreign', cascadeTo('contacts_list_id', 'contacts_lists')),
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        // primary key list first: a list's members are one range of it
        name: 'contacts_list_contact',
        columns: [ref('contacts_list_id'), ref('contact_id'), ...timestamps()],
        uniques: [{ name: 'contacts_list_contact_contact_id_contacts_list_id_unique', columnNames: ['contact_id', 'contacts_list_id'] }],
        foreignKeys: [
          named('contacts_list_contact_contact_id_foreign', cascadeTo('contact_id')),
          named('contacts_list_contact_contacts_list_id_foreign', cascadeTo('contacts_list_id', 'contacts_lists')),
        ],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['contacts_list_contact', 'account_contacts_list', 'contacts_lists', 'contacts'])
      await queryRunner.dropTable(table);
  }
}
