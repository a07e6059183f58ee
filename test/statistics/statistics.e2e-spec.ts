import request from 'supertest';
import { count, createAccount, http } from '../support/fixtures';
import { adminWorld, AdminWorld, as, DOMAIN, OTHER_DOMAIN } from '../support/admin-world';
import { seedStatistics, statisticsRows } from '../support/statistics';
import { StatisticsCall } from '../../src/statistics/entities/statistics-call.entity';
import { StatisticsCallDevice } from '../../src/statistics/entities/statistics-call-device.entity';
import { StatisticsConferenceParticipantEvent } from '../../src/statistics/entities/statistics-conference-participant-event.entity';
import { StatisticsConferenceParticipantDeviceEvent } from '../../src/statistics/entities/statistics-conference-participant-device-event.entity';
import { StatisticsMessage } from '../../src/statistics/entities/statistics-message.entity';
import { StatisticsMessageDevice } from '../../src/statistics/entities/statistics-message-device.entity';

const ISO_ROW = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000000Z$/;
const DATABASE_ERROR = { message: 'Database error' };
const MISSING = { message: 'Missing elements to perform the request' };
const SIP_MESSAGE = (attribute: string) => `The ${attribute} must be a SIP address (user@domain).`;

const message = (fields: Record<string, unknown> = {}) => ({
  id: '1234',
  from: `alice@${DOMAIN}`,
  sent_at: '2024-12-10T10:26:40Z',
  encrypted: false,
  ...fields,
});
const call = (fields: Record<string, unknown> = {}) => ({
  id: '1234',
  from: `alice@${DOMAIN}`,
  to: `bob@${DOMAIN}`,
  initiated_at: '2024-12-10T10:20:00Z',
  ...fields,
});

/** Statements a request ran beyond the Space (by Host: the tests' cache is off) and the API key. */
const writes = (res: request.Response): number => Number(res.headers['x-query-count']) - 2;

/**
 * statistics.md, and our conference routes: every route and status, on one
 * server. DB_QUERY_COUNT_HEADER is on: each event is one statement.
 */
describe('statistics (Flexisip events)', () => {
  let w: AdminWorld;
  /** an admin of the other plain Space, on its own host */
  let other: ReturnType<typeof as>;
  let serial = 0;
  const fresh = (prefix: string) => `${prefix}-${++serial}`;

  beforeAll(async () => {
    w = await adminWorld({ DB_QUERY_COUNT_HEADER: 'true' });
    const otherAdmin = await createAccount(w.t.db, { username: 'admin', domain: OTHER_DOMAIN, admin: true });
    other = as(w.t, otherAdmin.apiKey, OTHER_DOMAIN);
  });
  afterAll(() => w.t.close());

  const rows = (table: string, columns: string[], where = '1 = 1', parameters: unknown[] = []) =>
    statisticsRows(w.t.db, table, columns, where, parameters);

  describe('POST /api/statistics/messages', () => {
    it('stores the message in one statement (the offset applied: UTC) and answers 1; the same id again is 400 Database error', async () => {
      const id = fresh('m');
      const res = await w.asAdmin.post(
        '/api/statistics/messages',
        message({ id, sent_at: '2024-12-10T12:26:40+02:00', encrypted: '1', conference_id: 'conf-9' }),
      );
      expect([res.status, res.text, res.headers['content-type']]).toEqual([200, '1', 'text/html; charset=UTF-8']);
      expect(writes(res)).toBe(1);
      expect(
        await rows('statistics_messages', ['from_username', 'from_domain', 'sent_at', 'encrypted', 'conference_id'], 'id = ?', [id]),
      ).toEqual([
        { from_username: 'alice', from_domain: DOMAIN, sent_at: '2024-12-10T10:26:40.000Z', encrypted: 1, conference_id: 'conf-9' },
      ]);

      const again = await w.asAdmin.post('/api/statistics/messages', message({ id }));
      expect([again.status, again.body]).toEqual([400, DATABASE_ERROR]);
      expect(await count(w.t.db, StatisticsMessage, { id })).toBe(1);
    });

    it("accepts Flexisip's `to` map (not stored) and a text after a second @ (dropped)", async () => {
      const id = fresh('m');
      const res = await w.asAdmin.post(
        '/api/statistics/messages',
        message({ id, from: `alice@${DOMAIN}@ignored`, to: { [`bob@${DOMAIN}`]: { d1: null } } }),
      );
      expect(res.status).toBe(200);
      expect(await rows('statistics_messages', ['from_username', 'from_domain'], 'id = ?', [id])).toEqual([
        { from_username: 'alice', from_domain: DOMAIN },
      ]);
    });

    it('validates every field (422)', async () => {
      const empty = await w.asAdmin.post('/api/statistics/messages', {});
      expect(empty.status).toBe(422);
      expect(empty.body.errors).toEqual({
        id: ['The id field is required.'],
        from: ['The from field is required.'],
        sent_at: ['The sent at field is required.'],
        encrypted: ['The encrypted field is required.'],
      });
      const wrong = await w.asAdmin.post(
        '/api/statistics/messages',
        message({ id: 'x'.repeat(65), from: 'alice', sent_at: '2024-02-30T10:00:00Z', encrypted: 'maybe', conference_id: 5 }),
      );
      expect(wrong.status).toBe(422);
      expect(wrong.body.errors).toEqual({
        id: ['The id may not be greater than 64 characters.'],
        from: [SIP_MESSAGE('from')],
        sent_at: ['validation.iso_date'],
        encrypted: ['The encrypted field must be true or false.'],
        conference_id: ['The conference id must be a string.'],
      });
      const long = await w.asAdmin.post('/api/statistics/messages', message({ from: `${'a'.repeat(250)}@${DOMAIN}` }));
      expect(long.body.errors).toEqual({ from: ['The from may not be greater than 256 characters.'] });
    });
  });

  describe('PATCH /api/statistics/messages/{message_id}/to/{to}/devices/{device_id}', () => {
    const path = (id: string, to: string, device = '9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77') =>
      `/api/statistics/messages/${id}/to/${to}/devices/${device}`;

    it('creates (201), then updates the same row (200, the new status stored); another recipient is another row (201)', async () => {
      const id = fresh('m');
      await w.asAdmin.post('/api/statistics/messages', message({ id }));
      const created = await w.asAdmin.patch(path(id, `bob@${DOMAIN}`), { last_status: 180, received_at: '2024-12-10T11:26:40+01:00' });
      expect(created.status).toBe(201);
      expect(writes(created)).toBe(1);
      expect(created.body).toEqual({
        id: expect.any(Number),
        message_id: id,
        to_username: 'bob',
        to_domain: DOMAIN,
        device_id: '9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77',
        last_status: 180,
        received_at: '2024-12-10T10:26:40.000000Z',
        created_at: expect.stringMatching(ISO_ROW),
        updated_at: created.body.created_at,
      });

      const updated = await w.asAdmin.patch(path(id, `bob@${DOMAIN}`), { last_status: 200, received_at: '2024-12-10T10:26:41Z' });
      expect(updated.status).toBe(200);
      expect(writes(updated)).toBe(1);
      // an update does not read the row back: no created_at
      expect(updated.body).toEqual({
        ...created.body,
        last_status: 200,
        received_at: '2024-12-10T10:26:41.000000Z',
        created_at: undefined,
        updated_at: expect.stringMatching(ISO_ROW),
      });
      expect('created_at' in updated.body).toBe(false);
      const replayed = await w.asAdmin.patch(path(id, `bob@${DOMAIN}`), { last_status: 200, received_at: '2024-12-10T10:26:41Z' });
      expect([replayed.status, replayed.body.id]).toEqual([200, created.body.id]);
      expect(await rows('statistics_message_devices', ['to_username', 'last_status', 'received_at'], 'message_id = ?', [id])).toEqual([
        { to_username: 'bob', last_status: 200, received_at: '2024-12-10T10:26:41.000Z' },
      ]);

      const second = await w.asAdmin.patch(path(id, `carol@${DOMAIN}`), { last_status: 200, received_at: '2024-12-10T10:26:41Z' });
      expect(second.status).toBe(201);
      expect(await count(w.t.db, StatisticsMessageDevice, { message_id: id })).toBe(2);
    });

    it('an unknown message is 400 Database error; a device update that comes before its message is refused, then taken after it', async () => {
      const id = fresh('m');
      const early = await w.asAdmin.patch(path(id, `bob@${DOMAIN}`), { last_status: 200, received_at: '2024-12-10T10:26:40Z' });
      expect([early.status, early.body]).toEqual([400, DATABASE_ERROR]);
      expect(writes(early)).toBe(1);
      expect(await count(w.t.db, StatisticsMessageDevice, { message_id: id })).toBe(0);
      await w.asAdmin.post('/api/statistics/messages', message({ id }));
      expect((await w.asAdmin.patch(path(id, `bob@${DOMAIN}`), { last_status: 200, received_at: '2024-12-10T10:26:40Z' })).status).toBe(
        201,
      );
      // longer than the columns: no such row can exist
      expect((await w.asAdmin.patch(path('x'.repeat(65), `bob@${DOMAIN}`), { last_status: 1, received_at: '2024' })).body).toEqual(
        DATABASE_ERROR,
      );
      expect((await w.asAdmin.patch(path(id, `bob@${DOMAIN}`, 'd'.repeat(65)), { last_status: 1, received_at: '2024' })).body).toEqual(
        DATABASE_ERROR,
      );
    });

    it('validates the body, then the {to} of the path (422 on `to`)', async () => {
      const id = fresh('m');
      await w.asAdmin.post('/api/statistics/messages', message({ id }));
      const body = await w.asAdmin.patch(path(id, `bob@${DOMAIN}`), { last_status: 'ok', received_at: 'today' });
      expect(body.body.errors).toEqual({ last_status: ['The last status must be an integer.'], received_at: ['validation.iso_date'] });
      const to = await w.asAdmin.patch(path(id, 'bob'), { last_status: 200, received_at: '2024-12-10T10:26:40Z' });
      expect([to.status, to.body]).toEqual([422, { message: SIP_MESSAGE('to'), errors: { to: [SIP_MESSAGE('to')] } }]);
    });
  });

  describe('POST /api/statistics/calls', () => {
    it('stores the call (dates in UTC) and answers 1; the same id again is 400 Database error', async () => {
      const id = fresh('c');
      const res = await w.asAdmin.post(
        '/api/statistics/calls',
        call({ id, initiated_at: '2024-12-10T05:20:00-05:00', ended_at: '2024-12-10T10:26:40.5Z', conference_id: null }),
      );
      expect([res.status, res.text]).toEqual([200, '1']);
      expect(writes(res)).toBe(1);
      expect(
        await rows('statistics_calls', ['from_username', 'to_username', 'to_domain', 'initiated_at', 'ended_at'], 'id = ?', [id]),
      ).toEqual([
        {
          from_username: 'alice',
          to_username: 'bob',
          to_domain: DOMAIN,
          initiated_at: '2024-12-10T10:20:00.000Z',
          ended_at: '2024-12-10T10:26:40.000Z',
        },
      ]);
      expect((await w.asAdmin.post('/api/statistics/calls', call({ id }))).body).toEqual(DATABASE_ERROR);
      expect(await count(w.t.db, StatisticsCall, { id })).toBe(1);
    });

    it('validates every field (422)', async () => {
      const res = await w.asAdmin.post('/api/statistics/calls', call({ id: 7, to: 'bob', initiated_at: '10/12/2024', ended_at: 'soon' }));
      expect(res.status).toBe(422);
      expect(res.body.errors).toEqual({
        id: ['The id must be a string.'],
        to: [SIP_MESSAGE('to')],
        initiated_at: ['validation.iso_date'],
        ended_at: ['validation.iso_date'],
      });
    });
  });

  describe('PATCH /api/statistics/calls/{call_id}', () => {
    it('sets ended_at (200); an unknown call is 404 after validation', async () => {
      const id = fresh('c');
      await w.asAdmin.post('/api/statistics/calls', call({ id }));
      const res = await w.asAdmin.patch(`/api/statistics/calls/${id}`, { ended_at: '2024-12-10T11:26:40+01:00' });
      expect([res.status, res.body]).toEqual([
        200,
        { id, ended_at: '2024-12-10T10:26:40.000000Z', updated_at: expect.stringMatching(ISO_ROW) },
      ]);
      expect(writes(res)).toBe(1);
      expect(await rows('statistics_calls', ['ended_at'], 'id = ?', [id])).toEqual([{ ended_at: '2024-12-10T10:26:40.000Z' }]);
      expect((await w.asAdmin.patch(`/api/statistics/calls/${id}`, { ended_at: '2024-12-10T11:26:40+01:00' })).status).toBe(200);

      const unknown = await w.asAdmin.patch('/api/statistics/calls/nope', { ended_at: '2024-12-10T10:26:40Z' });
      expect([unknown.status, unknown.body]).toEqual([404, MISSING]);
      const invalid = await w.asAdmin.patch('/api/statistics/calls/nope', {});
      expect([invalid.status, invalid.body.errors]).toEqual([422, { ended_at: ['The ended at field is required.'] }]);
    });
  });

  describe('PATCH /api/statistics/calls/{call_id}/devices/{device_id}', () => {
    const path = (id: string, device = 'd1') => `/api/statistics/calls/${id}/devices/${device}`;
    const device = (id: string) =>
      rows('statistics_call_devices', ['device_id', 'rang_at', 'invite_terminated_at', 'invite_terminated_state'], 'call_id = ?', [id]);

    it("the spec's sequence: 201, 200 again, 422 for a state without `at`, 200 for rang_at alone, one row; then the call's end", async () => {
      const id = fresh('c');
      await w.asAdmin.post('/api/statistics/calls', call({ id }));
      const full = { rang_at: '2024-12-10T10:20:05Z', invite_terminated: { at: '2024-12-10T10:20:10Z', state: 'declined' } };
      const created = await w.asAdmin.patch(path(id), full);
      expect(created.status).toBe(201);
      expect(writes(created)).toBe(1);
      expect(created.body).toEqual({
        id: expect.any(Number),
        call_id: id,
        device_id: 'd1',
        rang_at: '2024-12-10T10:20:05.000000Z',
        invite_terminated_at: '2024-12-10T10:20:10.000000Z',
        invite_terminated_state: 'declined',
        created_at: expect.stringMatching(ISO_ROW),
        updated_at: created.body.created_at,
      });
      const again = await w.asAdmin.patch(path(id), full);
      expect([again.status, again.body.id]).toEqual([200, created.body.id]);
      expect(writes(again)).toBe(1);

      const stateOnly = await w.asAdmin.patch(path(id), { invite_terminated: { state: 'declined' } });
      expect(stateOnly.status).toBe(422);
      expect(stateOnly.body.errors).toEqual({
        'invite_terminated.at': ['The invite terminated.at field is required when invite terminated.state / iso date is present.'],
      });
      const atOnly = await w.asAdmin.patch(path(id), { invite_terminated: { at: '2024-12-10T10:20:10Z' } });
      expect(atOnly.body.errors).toEqual({
        'invite_terminated.state': ['The invite terminated.state field is required when invite terminated.at / string is present.'],
      });

      const rang = await w.asAdmin.patch(path(id), { rang_at: '2024-12-10T10:20:06Z' });
      expect([rang.status, rang.body]).toEqual([
        200,
        {
          id: created.body.id,
          call_id: id,
          device_id: 'd1',
          rang_at: '2024-12-10T10:20:06.000000Z',
          updated_at: expect.stringMatching(ISO_ROW),
        },
      ]);
      expect(await count(w.t.db, StatisticsCallDevice, { call_id: id })).toBe(1);
      expect((await w.asAdmin.patch(`/api/statistics/calls/${id}`, { ended_at: '2024-12-10T10:30:00Z' })).status).toBe(200);
    });

    it('keeps what a request leaves out (Flexisip sends ringing and termination apart), in any order; null clears', async () => {
      const id = fresh('c');
      await w.asAdmin.post('/api/statistics/calls', call({ id }));
      // the termination before the ringing
      expect((await w.asAdmin.patch(path(id), { invite_terminated: { at: '2024-12-10T10:20:10+00:00', state: 'accepted' } })).status).toBe(
        201,
      );
      expect((await w.asAdmin.patch(path(id), { rang_at: '2024-12-10T11:20:05+01:00' })).status).toBe(200);
      expect(await device(id)).toEqual([
        {
          device_id: 'd1',
          rang_at: '2024-12-10T10:20:05.000Z',
          invite_terminated_at: '2024-12-10T10:20:10.000Z',
          invite_terminated_state: 'accepted',
        },
      ]);
      const empty = await w.asAdmin.patch(path(id), {});
      expect([empty.status, Object.keys(empty.body)]).toEqual([200, ['id', 'call_id', 'device_id', 'updated_at']]);
      expect((await w.asAdmin.patch(path(id), { invite_terminated: null })).status).toBe(200);
      expect(await device(id)).toEqual([
        { device_id: 'd1', rang_at: '2024-12-10T10:20:05.000Z', invite_terminated_at: null, invite_terminated_state: null },
      ]);
    });

    it('an unknown call is 400 Database error (a device update before its call), taken once the call exists', async () => {
      const id = fresh('c');
      const early = await w.asAdmin.patch(path(id), { rang_at: '2024-12-10T10:20:05Z' });
      expect([early.status, early.body]).toEqual([400, DATABASE_ERROR]);
      expect(await count(w.t.db, StatisticsCallDevice, { call_id: id })).toBe(0);
      await w.asAdmin.post('/api/statistics/calls', call({ id }));
      expect((await w.asAdmin.patch(path(id), { rang_at: '2024-12-10T10:20:05Z' })).status).toBe(201);
    });

    it('validates rang_at and invite_terminated (an object whose `at` is a date and `state` a string)', async () => {
      const id = fresh('c');
      await w.asAdmin.post('/api/statistics/calls', call({ id }));
      const res = await w.asAdmin.patch(path(id), { rang_at: 'yesterday', invite_terminated: { at: 'later', state: 5 } });
      expect(res.body.errors).toEqual({
        rang_at: ['validation.iso_date'],
        'invite_terminated.at': ['validation.iso_date'],
        'invite_terminated.state': ['The invite terminated.state must be a string.'],
      });
      for (const value of ['declined', 5, ['x']]) {
        const shape = await w.asAdmin.patch(path(id), { invite_terminated: value });
        expect([JSON.stringify(value), shape.status, shape.body.errors.invite_terminated]).toEqual([
          JSON.stringify(value),
          422,
          ['The invite terminated must be an object.'],
        ]);
      }
      // a client's own dotted key is not taken for the member
      const dotted = await w.asAdmin.patch(path(id), {
        'invite_terminated.at': '2024-12-10T10:20:10Z',
        invite_terminated: { state: 'accepted' },
      });
      expect(dotted.status).toBe(422);
      expect(await count(w.t.db, StatisticsCallDevice, { call_id: id })).toBe(0);
    });
  });

  describe('conferences (ours)', () => {
    const conference = (id: string, fields: Record<string, unknown> = {}) => ({
      id,
      created_at: '2024-12-10T10:00:00+01:00',
      ended_at: null,
      schedule: null,
      ...fields,
    });

    it('POST stores the conference (1), a repeated id is 400 Database error; PATCH sets its end (200), unknown: 404', async () => {
      const id = fresh('f');
      const res = await w.asAdmin.post('/api/statistics/conferences', conference(id, { schedule: 'string' }));
      expect([res.status, res.text]).toEqual([200, '1']);
      expect(writes(res)).toBe(1);
      expect(await rows('statistics_conferences', ['created_at', 'ended_at', 'schedule'], 'id = ?', [id])).toEqual([
        { created_at: '2024-12-10T09:00:00.000Z', ended_at: null, schedule: 'string' },
      ]);
      expect((await w.asAdmin.post('/api/statistics/conferences', conference(id))).body).toEqual(DATABASE_ERROR);

      const ended = await w.asAdmin.patch(`/api/statistics/conferences/${id}`, { ended_at: '2024-12-10T10:30:00Z' });
      expect([ended.status, ended.body]).toEqual([
        200,
        { id, ended_at: '2024-12-10T10:30:00.000000Z', updated_at: expect.stringMatching(ISO_ROW) },
      ]);
      expect(writes(ended)).toBe(1);
      expect((await w.asAdmin.patch('/api/statistics/conferences/nope', { ended_at: '2024-12-10T10:30:00Z' })).body).toEqual(MISSING);
      const invalid = await w.asAdmin.post('/api/statistics/conferences', { id: fresh('f'), created_at: 'now', schedule: 3 });
      expect(invalid.body.errors).toEqual({ created_at: ['validation.iso_date'], schedule: ['The schedule must be a string.'] });
    });

    it("participants' and devices' events: 201, a replay 200 without a new row; an unknown conference is 400", async () => {
      const id = fresh('f');
      await w.asAdmin.post('/api/statistics/conferences', conference(id));
      const participant = `/api/statistics/conferences/${id}/participants/bob@${DOMAIN}/events`;
      const added = await w.asAdmin.post(participant, { type: 'added', at: '2024-12-10T10:01:00+01:00' });
      expect([added.status, added.body]).toEqual([
        201,
        {
          id: expect.any(Number),
          conference_id: id,
          participant_username: 'bob',
          participant_domain: DOMAIN,
          type: 'added',
          at: '2024-12-10T09:01:00.000000Z',
        },
      ]);
      expect(writes(added)).toBe(1);
      const replay = await w.asAdmin.post(participant, { type: 'added', at: '2024-12-10T09:01:00Z' });
      expect([replay.status, replay.body]).toEqual([200, added.body]);
      expect(writes(replay)).toBe(1);
      expect((await w.asAdmin.post(participant, { type: 'left', at: '2024-12-10T09:05:00Z' })).status).toBe(201);
      expect(await count(w.t.db, StatisticsConferenceParticipantEvent, { conference_id: id })).toBe(2);

      const devicePath = `/api/statistics/conferences/${id}/participants/bob@${DOMAIN}/devices/urn:uuid:1234/events`;
      const joined = await w.asAdmin.post(devicePath, { type: 'joined', at: '2024-12-10T09:01:00Z' });
      expect([joined.status, joined.body.device_id, joined.body.type]).toEqual([201, 'urn:uuid:1234', 'joined']);
      expect((await w.asAdmin.post(devicePath, { type: 'joined', at: '2024-12-10T09:01:00Z' })).status).toBe(200);
      expect(await count(w.t.db, StatisticsConferenceParticipantDeviceEvent, { conference_id: id })).toBe(1);

      const unknown = await w.asAdmin.post(`/api/statistics/conferences/nope/participants/bob@${DOMAIN}/events`, {
        type: 'added',
        at: '2024',
      });
      expect([unknown.status, unknown.body]).toEqual([400, DATABASE_ERROR]);
      const invalid = await w.asAdmin.post(participant, { type: 'Added!', at: '2024-12-10 25:00' });
      expect(invalid.body.errors).toEqual({ type: ['The type must be a lowercase word.'], at: ['validation.iso_date'] });
      const sip = await w.asAdmin.post(`/api/statistics/conferences/${id}/participants/bob/events`, { type: 'added', at: '2024' });
      expect([sip.status, sip.body.errors]).toEqual([422, { sip: [SIP_MESSAGE('sip')] }]);
    });
  });

  describe('ISO 8601 dates', () => {
    it('refuses malformed and impossible dates with the reference key as message', async () => {
      const id = fresh('c');
      await w.asAdmin.post('/api/statistics/calls', call({ id }));
      for (const value of [
        '2024-12-10T10:26:40+25:00',
        '2024-13-01',
        '2023-02-29T10:00:00Z',
        '2024-12-10T10:61',
        '12/10/2024',
        '2024-12-10T10:26:40ZZ',
        'T10:00',
        '0900-01-01',
        20241210,
      ]) {
        const res = await w.asAdmin.patch(`/api/statistics/calls/${id}`, { ended_at: value });
        expect([value, res.status, res.body.errors?.ended_at]).toEqual([value, 422, ['validation.iso_date']]);
      }
    });

    it('stores offset, week, ordinal and fractional forms in UTC to the second', async () => {
      const cases: [string, string][] = [
        ['2024-12-10T10:26:40-03:30', '2024-12-10T13:56:40.000Z'],
        ['2024-12-10T23:30:00-0100', '2024-12-11T00:30:00.000Z'],
        ['20241210T102640+02', '2024-12-10T08:26:40.000Z'],
        ['2024-W50-2T10:26:40Z', '2024-12-10T10:26:40.000Z'],
        ['2024-345 10:26:40.999', '2024-12-10T10:26:40.000Z'],
        ['2024-12-10', '2024-12-10T00:00:00.000Z'],
      ];
      for (const [input, stored] of cases) {
        const id = fresh('c');
        expect((await w.asAdmin.post('/api/statistics/calls', call({ id, initiated_at: input }))).status).toBe(200);
        expect([input, (await rows('statistics_calls', ['initiated_at'], 'id = ?', [id]))[0].initiated_at]).toEqual([input, stored]);
      }
    });
  });

  describe('20 parallel requests of one event', () => {
    it('one message row (one 200, the others 400 Database error)', async () => {
      const id = fresh('m');
      const answers = await Promise.all(Array.from({ length: 20 }, () => w.asAdmin.post('/api/statistics/messages', message({ id }))));
      const statuses = answers.map((res) => res.status).sort();
      expect(statuses).toEqual([200, ...Array(19).fill(400)]);
      expect(await count(w.t.db, StatisticsMessage, { id })).toBe(1);
    });

    it('one device row for a message, a call, a participant event (one 201, the others 200)', async () => {
      const id = fresh('p');
      await seedStatistics(w.t.db, { message: id, call: id, conference: id }, `alice@${DOMAIN}`);
      const parallel = async (send: () => request.Test) => {
        const answers = await Promise.all(Array.from({ length: 20 }, send));
        return answers.map((res) => res.status).sort();
      };
      const oneCreated = [...Array(19).fill(200), 201];
      expect(
        await parallel(() =>
          w.asAdmin.patch(`/api/statistics/messages/${id}/to/bob@${DOMAIN}/devices/d1`, {
            last_status: 200,
            received_at: '2024-12-10T10:26:40Z',
          }),
        ),
      ).toEqual(oneCreated);
      expect(await parallel(() => w.asAdmin.patch(`/api/statistics/calls/${id}/devices/d1`, { rang_at: '2024-12-10T10:26:40Z' }))).toEqual(
        oneCreated,
      );
      expect(
        await parallel(() =>
          w.asAdmin.post(`/api/statistics/conferences/${id}/participants/bob@${DOMAIN}/events`, {
            type: 'added',
            at: '2024-12-10T10:26:40Z',
          }),
        ),
      ).toEqual(oneCreated);
      expect(await count(w.t.db, StatisticsMessageDevice, { message_id: id })).toBe(1);
      expect(await count(w.t.db, StatisticsCallDevice, { call_id: id })).toBe(1);
      expect(await count(w.t.db, StatisticsConferenceParticipantEvent, { conference_id: id })).toBe(1);
    });
  });

  describe('Space isolation (ours: the spec lets any admin write any record)', () => {
    it('a plain admin posts only records with a party in its Space (403 otherwise); a super admin posts any', async () => {
      const id = fresh('s');
      const foreign = await other.post('/api/statistics/messages', message({ id }));
      expect([foreign.status, foreign.body]).toEqual([403, { message: 'Unauthorized area' }]);
      expect(await count(w.t.db, StatisticsMessage, { id })).toBe(0);
      expect((await other.post('/api/statistics/calls', call({ id }))).status).toBe(403);
      expect((await other.post(`/api/statistics/conferences`, { id, created_at: '2024' })).status).toBe(200);
      expect(
        (await other.post(`/api/statistics/conferences/${id}/participants/bob@${DOMAIN}/events`, { type: 'added', at: '2024' })).status,
      ).toBe(403);

      // a recipient, a callee, a participant of its Space make the record its own too (domains compare as hostnames)
      expect(
        (await other.post('/api/statistics/messages', message({ id, to: { [`carol@${OTHER_DOMAIN.toUpperCase()}`]: {} } }))).status,
      ).toBe(200);
      expect((await other.post('/api/statistics/calls', call({ id, to: `carol@${OTHER_DOMAIN}` }))).status).toBe(200);
      expect(
        (await other.post(`/api/statistics/conferences/${id}/participants/carol@${OTHER_DOMAIN}/events`, { type: 'added', at: '2024' }))
          .status,
      ).toBe(201);

      const all = fresh('s');
      expect((await w.asSuper.post('/api/statistics/messages', message({ id: all, from: 'x@elsewhere.example.net' }))).status).toBe(200);
      expect(
        (await w.asSuper.post('/api/statistics/calls', call({ id: all, from: 'x@elsewhere.example.net', to: 'y@elsewhere.example.net' })))
          .status,
      ).toBe(200);
    });

    it("another Space's records answer as unknown ones, and nothing is written to them", async () => {
      const id = fresh('s');
      await w.asAdmin.post('/api/statistics/messages', message({ id }));
      await w.asAdmin.post('/api/statistics/calls', call({ id }));

      const device = await other.patch(`/api/statistics/messages/${id}/to/bob@${DOMAIN}/devices/d1`, {
        last_status: 200,
        received_at: '2024',
      });
      expect([device.status, device.body]).toEqual([400, DATABASE_ERROR]);
      expect(await count(w.t.db, StatisticsMessageDevice, { message_id: id })).toBe(0);
      const callDevice = await other.patch(`/api/statistics/calls/${id}/devices/d1`, { rang_at: '2024' });
      expect([callDevice.status, callDevice.body]).toEqual([400, DATABASE_ERROR]);
      expect(await count(w.t.db, StatisticsCallDevice, { call_id: id })).toBe(0);
      const end = await other.patch(`/api/statistics/calls/${id}`, { ended_at: '2024' });
      expect([end.status, end.body]).toEqual([404, MISSING]);
      expect(await rows('statistics_calls', ['ended_at'], 'id = ?', [id])).toEqual([{ ended_at: null }]);

      // its own recipient's devices, on whatever message reached them
      expect(
        (await other.patch(`/api/statistics/messages/${id}/to/carol@${OTHER_DOMAIN}/devices/d1`, { last_status: 200, received_at: '2024' }))
          .status,
      ).toBe(201);
      // the other side of a call between the two Spaces
      const shared = fresh('s');
      await other.post('/api/statistics/calls', call({ id: shared, from: `carol@${OTHER_DOMAIN}` }));
      expect((await w.asAdmin.patch(`/api/statistics/calls/${shared}/devices/d1`, { rang_at: '2024' })).status).toBe(201);
      expect((await w.asAdmin.patch(`/api/statistics/calls/${shared}`, { ended_at: '2024' })).status).toBe(200);
    });

    it("an admin of a Space sending another Space's Host is refused before anything (403)", async () => {
      const res = await as(w.t, w.admin.key, OTHER_DOMAIN).post('/api/statistics/messages', message({ id: fresh('s') }));
      expect([res.status, res.body]).toEqual([403, { message: 'Unauthorized area' }]);
    });

    it('users are refused (403) and anonymous callers asked to authenticate (401)', async () => {
      const user = await createAccount(w.t.db, { username: fresh('user') });
      expect((await as(w.t, user.apiKey).post('/api/statistics/calls', call({ id: fresh('c') }))).status).toBe(403);
      expect((await http(w.t).patch('/api/statistics/calls/x').send({ ended_at: '2024' })).status).toBe(401);
    });
  });

  describe('deleting an account', () => {
    it('deletes the messages and calls it sent with their devices, and its conference events; other records stay', async () => {
      const sender = await createAccount(w.t.db, { username: 'sender' });
      const from = `sender@${DOMAIN}`;
      await w.asAdmin.post('/api/statistics/messages', message({ id: 'del-1234', from }));
      await w.asAdmin.patch(`/api/statistics/messages/del-1234/to/bob@${DOMAIN}/devices/d1`, { last_status: 200, received_at: '2024' });
      await w.asAdmin.post('/api/statistics/calls', call({ id: 'del-1234', from }));
      await w.asAdmin.patch('/api/statistics/calls/del-1234/devices/d1', { rang_at: '2024' });
      await w.asAdmin.post('/api/statistics/conferences', { id: 'del-1234', created_at: '2024' });
      await w.asAdmin.post(`/api/statistics/conferences/del-1234/participants/${from}/events`, { type: 'added', at: '2024' });
      await w.asAdmin.post(`/api/statistics/conferences/del-1234/participants/${from}/devices/d1/events`, { type: 'joined', at: '2024' });
      // received by the account: not its own
      await w.asAdmin.post('/api/statistics/calls', call({ id: 'del-kept', to: from }));

      expect((await w.asAdmin.delete(`/api/accounts/${sender.account.id}`)).status).toBe(200);
      expect(await count(w.t.db, StatisticsMessage, { id: 'del-1234' })).toBe(0);
      expect(await count(w.t.db, StatisticsMessageDevice, { message_id: 'del-1234' })).toBe(0);
      expect(await count(w.t.db, StatisticsCall, { id: 'del-1234' })).toBe(0);
      expect(await count(w.t.db, StatisticsCallDevice, { call_id: 'del-1234' })).toBe(0);
      expect(await count(w.t.db, StatisticsConferenceParticipantEvent, { conference_id: 'del-1234' })).toBe(0);
      expect(await count(w.t.db, StatisticsConferenceParticipantDeviceEvent, { conference_id: 'del-1234' })).toBe(0);
      expect(await count(w.t.db, StatisticsCall, { id: 'del-kept' })).toBe(1);
      expect((await w.asAdmin.patch('/api/statistics/calls/del-1234', { ended_at: '2024' })).status).toBe(404);
    });
  });

  describe('OpenAPI', () => {
    it('documents every route with the keys the answers carry', async () => {
      const doc = (await http(w.t).get('/api/openapi.json')).body as {
        paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }> }>>;
        components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
      };
      const keys = (path: string, method: string, status: string) => {
        const ref = doc.paths[path][method].responses[status].content?.['application/json']?.schema?.$ref;
        return Object.keys(doc.components.schemas[ref!.split('/').pop()!].properties ?? {}).sort();
      };
      const routes = Object.entries(doc.paths)
        .filter(([path]) => path.startsWith('/api/statistics'))
        .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
        .sort();
      expect(routes).toEqual([
        'PATCH /api/statistics/calls/{call_id}',
        'PATCH /api/statistics/calls/{call_id}/devices/{device_id}',
        'PATCH /api/statistics/conferences/{id}',
        'PATCH /api/statistics/messages/{message_id}/to/{to}/devices/{device_id}',
        'POST /api/statistics/calls',
        'POST /api/statistics/conferences',
        'POST /api/statistics/conferences/{id}/participants/{sip}/devices/{device}/events',
        'POST /api/statistics/conferences/{id}/participants/{sip}/events',
        'POST /api/statistics/messages',
      ]);

      const id = fresh('o');
      await seedStatistics(w.t.db, { message: id, call: id, conference: id }, `alice@${DOMAIN}`);
      const messageDevice = await w.asAdmin.patch(`/api/statistics/messages/${id}/to/bob@${DOMAIN}/devices/d1`, {
        last_status: 200,
        received_at: '2024',
      });
      expect(Object.keys(messageDevice.body).sort()).toEqual(
        keys('/api/statistics/messages/{message_id}/to/{to}/devices/{device_id}', 'patch', '201'),
      );
      const callDevice = await w.asAdmin.patch(`/api/statistics/calls/${id}/devices/d1`, {});
      expect(Object.keys(callDevice.body).sort()).toEqual(keys('/api/statistics/calls/{call_id}/devices/{device_id}', 'patch', '201'));
      const ended = await w.asAdmin.patch(`/api/statistics/calls/${id}`, { ended_at: '2024' });
      expect(Object.keys(ended.body).sort()).toEqual(keys('/api/statistics/calls/{call_id}', 'patch', '200'));
      const event = await w.asAdmin.post(`/api/statistics/conferences/${id}/participants/bob@${DOMAIN}/devices/d1/events`, {
        type: 'invited',
        at: '2024',
      });
      expect(Object.keys(event.body).sort()).toEqual(
        keys('/api/statistics/conferences/{id}/participants/{sip}/devices/{device}/events', 'post', '201'),
      );
    });
  });
});
