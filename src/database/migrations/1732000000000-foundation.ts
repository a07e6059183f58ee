import { MigrationInterface, QueryRunner, Table } from 'typeorm';
import { accountRef, bool, cascadeTo, id, string, timestamps } from '../schema';

/** Spaces, accounts, passwords and the tables of the four ways in. */
export class Foundation1732000000000 implements MigrationInterface {
  name = 'Foundation1732000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'spaces',
        columns: [
          id(),
          string('domain', 64, false),
          string('host', 255, false),
          bool('super', false),
          ...timestamps(),
          bool('disable_chat_feature', false),
          bool('disable_meetings_feature', false),
          bool('disable_broadcast_feature', true),
          { name: 'max_account', type: 'integer', default: 0 },
          bool('hide_settings', false),
          bool('hide_account_settings', false),
          bool('disable_call_recordings_feature', false),
          bool('only_display_sip_uri_username', false),
          bool('assistant_hide_create_account', false),
          bool('assistant_disable_qr_code', false),
          bool('assistant_hide_third_party_account', false),
          { name: 'max_accounts', type: 'integer', default: 0 },
          { name: 'expire_at', type: 'datetime', isNullable: true },
        ],
        uniques: [
          { name: 'spaces_domain_unique', columnNames: ['domain'] },
          { name: 'spaces_host_unique', columnNames: ['host'] },
        ],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'accounts',
        columns: [
          id(),
          string('username', 64, false),
          string('domain', 64, false),
          string('email', 64),
          bool('activated', false),
          string('confirmation_key', 14),
          { ...string('ip_address', 39, false), default: "''" },
          { ...string('user_agent', 256, false), default: "''" },
          ...timestamps(),
          { name: 'expire_time', type: 'datetime', isNullable: true },
          string('display_name'),
          string('dtmf_protocol'),
          bool('blocked', false),
          bool('admin', false),
          string('phone', 64),
        ],
        uniques: [{ name: 'accounts_username_domain_unique', columnNames: ['username', 'domain'] }],
        indices: [
          { name: 'accounts_domain_index', columnNames: ['domain'] },
          { name: 'accounts_email_index', columnNames: ['email'] },
          { name: 'accounts_phone_index', columnNames: ['phone'] },
          { name: 'accounts_blocked_index', columnNames: ['blocked'] },
          { name: 'accounts_created_at_index', columnNames: ['created_at'] },
        ],
        foreignKeys: [cascadeTo('domain', 'spaces', 'domain')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'passwords',
        columns: [id(), accountRef(), string('password', 255, false), { ...string('algorithm', 10, false), default: "'MD5'" }],
        uniques: [{ name: 'passwords_account_id_algorithm_unique', columnNames: ['account_id', 'algorithm'] }],
        foreignKeys: [cascadeTo('account_id')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'nonces',
        columns: [id(), accountRef(), string('nonce', 255, false), { name: 'nc', type: 'integer', default: 0 }, ...timestamps()],
        indices: [
          { name: 'nonces_account_id_nonce_index', columnNames: ['account_id', 'nonce'] },
          { name: 'nonces_created_at_index', columnNames: ['created_at'] },
        ],
        foreignKeys: [cascadeTo('account_id')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          id(),
          accountRef(),
          string('key_hash', 64, false),
          ...timestamps(),
          { name: 'last_used_at', type: 'datetime', isNullable: true },
          string('ip', 45),
          { name: 'requests', type: 'integer', default: 0 },
          bool('expires', true),
        ],
        uniques: [
          { name: 'api_keys_account_id_unique', columnNames: ['account_id'] },
          { name: 'api_keys_key_hash_unique', columnNames: ['key_hash'] },
        ],
        indices: [{ name: 'api_keys_last_used_at_index', columnNames: ['last_used_at'] }],
        foreignKeys: [cascadeTo('account_id')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'auth_tokens',
        columns: [id(), accountRef(true), string('token', 32, false), string('ip', 45), string('user_agent', 256), ...timestamps()],
        uniques: [{ name: 'auth_tokens_token_unique', columnNames: ['token'] }],
        indices: [{ name: 'auth_tokens_account_id_index', columnNames: ['account_id'] }],
        foreignKeys: [cascadeTo('account_id')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'accounts_tombstones',
        columns: [id(), string('username', 64, false), string('domain', 64, false), ...timestamps()],
        uniques: [{ name: 'accounts_tombstones_username_domain_unique', columnNames: ['username', 'domain'] }],
      }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['accounts_tombstones', 'auth_tokens', 'api_keys', 'nonces', 'passwords', 'accounts', 'spaces']) {
      await queryRunner.dropTable(table);
    }
  }
}
