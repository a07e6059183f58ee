import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';
import { getCountryCallingCode, CountryCode } from 'libphonenumber-js/max';
import { accountRef, bool, cascadeTo, id, string, timestamps } from '../schema';
import { PHONE_COUNTRY_CODES } from '../phone-country-codes';

const origin = (): TableColumnOptions[] => [string('ip', 45), string('user_agent', 256)];

/** Tokens, codes, dictionary, types, actions and phone countries around accounts. */
export class AccountsLifecycle1732000000001 implements MigrationInterface {
  name = 'AccountsLifecycle1732000000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'provisioning_tokens',
        columns: [id(), accountRef(), string('token'), bool('used', false), ...timestamps(), ...origin()],
        indices: [
          { name: 'provisioning_tokens_token_index', columnNames: ['token'] },
          { name: 'provisioning_tokens_account_id_used_index', columnNames: ['account_id', 'used'] },
        ],
        foreignKeys: [cascadeTo('account_id')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_creation_tokens',
        columns: [
          id(),
          string('token', 255, false),
          string('pn_provider'),
          string('pn_param'),
          string('pn_prid'),
          bool('used', false),
          ...timestamps(),
          accountRef(true),
          ...origin(),
        ],
        indices: [
          { name: 'account_creation_tokens_token_index', columnNames: ['token'] },
          { name: 'account_creation_tokens_account_id_index', columnNames: ['account_id'] },
          { name: 'account_creation_tokens_pn_index', columnNames: ['pn_provider', 'pn_param', 'pn_prid'] },
        ],
        foreignKeys: [cascadeTo('account_id')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_creation_request_tokens',
        columns: [
          id(),
          string('token', 16, false),
          bool('used', false),
          { name: 'validated_at', type: 'datetime', isNullable: true },
          { name: 'acc_creation_token_id', type: 'integer', isNullable: true },
          ...timestamps(),
          ...origin(),
        ],
        indices: [{ name: 'account_creation_request_tokens_token_index', columnNames: ['token'] }],
        foreignKeys: [cascadeTo('acc_creation_token_id', 'account_creation_tokens')],
      }),
    );

    for (const [name, extra] of [
      ['recovery_codes', []],
      ['email_change_codes', [string('email', 255, false)]],
      ['phone_change_codes', [string('phone', 64, false)]],
    ] as [string, TableColumnOptions[]][]) {
      await queryRunner.createTable(
        new Table({
          name,
          columns: [id(), accountRef(), string('code'), ...extra, ...timestamps(), ...origin()],
          indices: [{ name: `${name}_account_id_index`, columnNames: ['account_id'] }],
          foreignKeys: [cascadeTo('account_id')],
        }),
      );
    }

    await queryRunner.createTable(
      new Table({
        name: 'activation_expirations',
        columns: [id(), accountRef(), { name: 'expires', type: 'datetime' }, ...timestamps()],
        uniques: [{ name: 'activation_expirations_account_id_unique', columnNames: ['account_id'] }],
        foreignKeys: [cascadeTo('account_id')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_dictionary_entries',
        columns: [id(), string('key', 255, false), string('value', 255, false), accountRef(), ...timestamps()],
        uniques: [{ name: 'account_dictionary_entries_account_id_key_unique', columnNames: ['account_id', 'key'] }],
        indices: [
          { name: 'account_dictionary_entries_key_index', columnNames: ['key'] },
          { name: 'account_dictionary_entries_value_index', columnNames: ['value'] },
        ],
        foreignKeys: [cascadeTo('account_id')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_types',
        columns: [id(), { name: 'space_id', type: 'integer' }, string('key', 64, false), ...timestamps()],
        uniques: [{ name: 'account_types_space_id_key_unique', columnNames: ['space_id', 'key'] }],
        foreignKeys: [cascadeTo('space_id', 'spaces')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_account_type',
        columns: [id(), accountRef(), { name: 'account_type_id', type: 'integer' }, ...timestamps()],
        uniques: [{ name: 'account_account_type_unique', columnNames: ['account_id', 'account_type_id'] }],
        foreignKeys: [cascadeTo('account_id'), cascadeTo('account_type_id', 'account_types')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'account_actions',
        columns: [id(), accountRef(), string('key', 255, false), string('code', 255, false), ...timestamps()],
        indices: [{ name: 'account_actions_account_id_index', columnNames: ['account_id'] }],
        foreignKeys: [cascadeTo('account_id')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'phone_countries',
        columns: [
          { name: 'code', type: 'varchar', length: '2', isPrimary: true },
          string('country_code', 3, false),
          bool('activated', false),
          ...timestamps(),
        ],
      }),
    );
    // Seeded with every country deactivated: no phone number is accepted until an operator chooses
    const stamp = new Date();
    stamp.setUTCMilliseconds(0);
    await queryRunner.manager
      .createQueryBuilder()
      .insert()
      .into('phone_countries', ['code', 'country_code', 'activated', 'created_at', 'updated_at'])
      .values(
        PHONE_COUNTRY_CODES.map((code) => ({
          code,
          country_code: getCountryCallingCode(code as CountryCode),
          activated: false,
          created_at: stamp,
          updated_at: stamp,
        })),
      )
      .execute();
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'phone_countries',
      'account_actions',
      'account_account_type',
      'account_types',
      'account_dictionary_entries',
      'activation_expirations',
      'phone_change_codes',
      'email_change_codes',
      'recovery_codes',
      'account_creation_request_tokens',
      'account_creation_tokens',
      'provisioning_tokens',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
