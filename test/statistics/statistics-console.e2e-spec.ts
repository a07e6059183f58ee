import { ConsoleFixture, freshConsole } from '../support/cli';
import { seedStatistics } from '../support/statistics';
import { Statistics1735170000000 } from '../../src/database/migrations/1735170000000-statistics';

const TABLES = [
  'statistics_messages',
  'statistics_message_devices',
  'statistics_calls',
  'statistics_call_devices',
  'statistics_conferences',
  'statistics_conference_participant_events',
  'statistics_conference_participant_device_events',
];

/** The statistics migration, and the console's re-creation of an admin (accounts.md §6). */
describe('statistics tables and the console', () => {
  let c: ConsoleFixture;
  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
  });
  afterAll(() => c.close());

  const countOf = async (table: string) => Number((await c.db.query<{ n: number }[]>(`SELECT COUNT(*) AS n FROM ${table}`))[0].n);

  it("keeps the reference's names and indexes, deletes device rows and events with their parent, and is undone by down", async () => {
    const messages = await c.table('statistics_messages');
    expect(messages.indices.map((index) => index.name).sort()).toEqual([
      'statistics_messages_from_domain_index',
      'statistics_messages_from_username_from_domain_index',
      'statistics_messages_from_username_index',
      'statistics_messages_sent_at_index',
    ]);
    const devices = await c.table('statistics_message_devices');
    expect(devices.indices.find((index) => index.isUnique)?.columnNames).toEqual(['message_id', 'to_username', 'to_domain', 'device_id']);
    for (const [child, column, parent] of [
      ['statistics_message_devices', 'message_id', 'statistics_messages'],
      ['statistics_call_devices', 'call_id', 'statistics_calls'],
      ['statistics_conference_participant_events', 'conference_id', 'statistics_conferences'],
      ['statistics_conference_participant_device_events', 'conference_id', 'statistics_conferences'],
    ]) {
      const keys = (await c.table(child)).foreignKeys.map((key) => [
        key.columnNames,
        key.referencedTableName.split('.').pop(),
        key.onDelete,
      ]);
      expect([child, keys]).toEqual([child, [[[column], parent, 'CASCADE']]]);
    }
    const calls = await c.table('statistics_calls');
    expect(calls.indices.map((index) => index.name)).toEqual(
      expect.arrayContaining(['statistics_calls_initiated_at_index', 'statistics_calls_from_username_from_domain_index']),
    );
    const events = await c.table('statistics_conference_participant_device_events');
    expect(events.indices.map((index) => index.name).sort()).toEqual([
      'statistics_conference_participant_device_events_at_index',
      'statistics_conference_participant_device_events_event_unique',
      'statistics_conference_participant_device_events_sip_index',
    ]);

    await c.revert(new Statistics1735170000000());
    const runner = c.db.createQueryRunner();
    for (const table of TABLES) expect([table, await runner.hasTable(table)]).toEqual([table, false]);
    await runner.release();
    expect((await c.cli('db:migrate')).code).toBe(0);
    for (const table of TABLES) expect(await countOf(table)).toBe(0);
  });

  it('accounts:create-admin-account deletes the statistics the account it replaces sent (accounts.md §6)', async () => {
    expect((await c.cli('accounts:create-admin-account', '-u', 'ops', '-p', 'secret', '-d', 'sip.example.org')).code).toBe(0);
    await seedStatistics(c.db, { message: 'ops-1', call: 'ops-1' }, 'ops@sip.example.org');
    await seedStatistics(c.db, { message: 'kept-1', call: 'kept-1' }, 'bob@sip.example.org', 'ops@sip.example.org');
    await c.db.query(`INSERT INTO statistics_call_devices (call_id, device_id) VALUES ('ops-1', 'd1')`);

    expect((await c.cli('accounts:create-admin-account', '-u', 'ops', '-p', 'secret', '-d', 'sip.example.org')).code).toBe(0);
    expect(await c.db.query(`SELECT id FROM statistics_messages ORDER BY id`)).toEqual([{ id: 'kept-1' }]);
    expect(await c.db.query(`SELECT id FROM statistics_calls ORDER BY id`)).toEqual([{ id: 'kept-1' }]);
    expect(await countOf('statistics_call_devices')).toBe(0);
  });
});
