import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';
import { bool, cascadeTo, string, timestamps } from '../schema';

const datetime = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'datetime', isNullable: nullable });

/** The reference's `bigint unsigned` ids on MySQL (rows of every message and call); SQLite's AUTOINCREMENT takes only INTEGER. */
const bigId = (queryRunner: QueryRunner): TableColumnOptions => ({
  name: 'id',
  type: queryRunner.connection.driver.options.type === 'mysql' ? 'bigint' : 'integer',
  unsigned: queryRunner.connection.driver.options.type === 'mysql',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});

const textId = (length = 64): TableColumnOptions => ({ ...string('id', length, false), isPrimary: true });

/**
 * Issue 17: Flexisip's statistics. Messages and calls keep the reference's
 * tables, columns and index names (an operator's reference database reads
 * the same); conferences and their participants' events are ours. The
 * indexes serve per-account (username, domain) and per-period reads.
 */
export class Statistics1735170000000 implements MigrationInterface {
  name = 'Statistics1735170000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.createTable(
      new Table({
        name: 'statistics_messages',
        columns: [
          textId(),
          string('from_username', 256, false),
          string('from_domain', 256, false),
          datetime('sent_at'),
          bool('encrypted', false),
          string('conference_id', 255),
          ...timestamps(),
        ],
        indices: [
          { name: 'statistics_messages_from_username_from_domain_index', columnNames: ['from_username', 'from_domain'] },
          { name: 'statistics_messages_sent_at_index', columnNames: ['sent_at'] },
          { name: 'statistics_messages_from_domain_index', columnNames: ['from_domain'] },
          { name: 'statistics_messages_from_username_index', columnNames: ['from_username'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'statistics_message_devices',
        columns: [
          bigId(queryRunner),
          string('message_id', 64, false),
          string('to_username', 256, false),
          string('to_domain', 256, false),
          string('device_id', 64, false),
          { name: 'last_status', type: 'integer' },
          datetime('received_at'),
          ...timestamps(),
        ],
        indices: [
          {
            name: 'statistics_message_devices_message_id_to_u_to_d_device_id_unique',
            columnNames: ['message_id', 'to_username', 'to_domain', 'device_id'],
            isUnique: true,
          },
          { name: 'statistics_message_devices_to_domain_index', columnNames: ['to_domain'] },
          { name: 'statistics_message_devices_to_username_index', columnNames: ['to_username'] },
        ],
        foreignKeys: [cascadeTo('message_id', 'statistics_messages')],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'statistics_calls',
        columns: [
          textId(),
          string('from_username', 256, false),
          string('from_domain', 256, false),
          string('to_username', 256, false),
          string('to_domain', 256, false),
          datetime('initiated_at'),
          datetime('ended_at', true),
          string('conference_id', 255),
          ...timestamps(),
        ],
        indices: [
          { name: 'statistics_calls_from_username_from_domain_index', columnNames: ['from_username', 'from_domain'] },
          { name: 'statistics_calls_initiated_at_index', columnNames: ['initiated_at'] },
          { name: 'statistics_calls_from_domain_index', columnNames: ['from_domain'] },
          { name: 'statistics_calls_from_username_index', columnNames: ['from_username'] },
          { name: 'statistics_calls_to_domain_index', columnNames: ['to_domain'] },
          { name: 'statistics_calls_to_username_index', columnNames: ['to_username'] },
        ],
      }),
    );
    await queryRunner.createTable(
      new Table({
        name: 'statistics_call_devices',
        columns: [
          bigId(queryRunner),
          string('call_id', 64, false),
          string('device_id', 64, false),
          datetime('rang_at', true),
          datetime('invite_terminated_at', true),
          string('invite_terminated_state', 255),
          ...timestamps(),
        ],
        indices: [{ name: 'statistics_call_devices_call_id_device_id_unique', columnNames: ['call_id', 'device_id'], isUnique: true }],
        foreignKeys: [cascadeTo('call_id', 'statistics_calls')],
      }),
    );

    await queryRunner.createTable(
      new Table({
        name: 'statistics_conferences',
        columns: [
          textId(),
          datetime('created_at'),
          datetime('ended_at', true),
          { name: 'schedule', type: 'text', isNullable: true },
          datetime('updated_at', true),
        ],
        indices: [{ name: 'statistics_conferences_created_at_index', columnNames: ['created_at'] }],
      }),
    );
    for (const [table, device] of [
      ['statistics_conference_participant_events', false],
      ['statistics_conference_participant_device_events', true],
    ] as const) {
      await queryRunner.createTable(
        new Table({
          name: table,
          columns: [
            bigId(queryRunner),
            string('conference_id', 64, false),
            string('participant_username', 256, false),
            string('participant_domain', 256, false),
            ...(device ? [string('device_id', 64, false)] : []),
            string('type', 32, false),
            datetime('at'),
            ...timestamps(),
          ],
          indices: [
            // a replayed event is the same row
            {
              name: `${table}_event_unique`,
              columnNames: ['conference_id', 'participant_username', 'participant_domain', ...(device ? ['device_id'] : []), 'type', 'at'],
              isUnique: true,
            },
            { name: `${table}_sip_index`, columnNames: ['participant_username', 'participant_domain'] },
            { name: `${table}_at_index`, columnNames: ['at'] },
          ],
          foreignKeys: [cascadeTo('conference_id', 'statistics_conferences')],
        }),
      );
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'statistics_conference_participant_device_events',
      'statistics_conference_participant_events',
      'statistics_conferences',
      'statistics_call_devices',
      'statistics_calls',
      'statistics_message_devices',
      'statistics_messages',
    ]) {
      await queryRunner.dropTable(table);
    }
  }
}
