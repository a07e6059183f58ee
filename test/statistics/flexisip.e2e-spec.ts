import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import type { ClientHttp2Session } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { HOST } from '../support/app';
import { adminWorld, AdminWorld, DOMAIN } from '../support/admin-world';
import { statisticsRows } from '../support/statistics';
import { h2Request, h2Session, selfSignedCertificate } from '../support/http2-client';

/**
 * What Flexisip's FlexiStats client sends (flexisip `src/flexiapi/flexi-stats.cc`
 * and the JSON models of `src/flexiapi/schemas/`, written as its own tester
 * expects them): its headers, its field names (with the `to`, `devices` and
 * `sip_call_id` the reference does not know), its ISO 8601 form
 * (`%Y-%m-%dT%H:%M:%SZ`), SIP addresses as `ApiFormattedUri` (`user@host`) in
 * paths, not percent-encoded, under the prefix an operator sets
 * (`flexiapi-prefix=/api/statistics/`). Each update is sent once the previous
 * request of its id has answered, as FlexiStats queues them. Run over
 * HTTP/1.1 and over HTTP/2 on TLS on one session, as Flexisip's Http2Client
 * connects.
 */
const PREFIX = '/api/statistics/';

/** An event id as Flexisip's `EventId` makes it: SHA-256 of both addresses and the Call-ID. */
const eventId = (from: string, to: string, callId: string) => createHash('sha256').update(`${from}${to}${callId}`).digest('hex');

/** Flexisip's `ISO8601Date`: UTC, to the second, `Z`. */
const flexisipDate = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

describe.each(['HTTP/1.1', 'HTTP/2 over TLS'])("Flexisip's request sequences (%s)", (transport) => {
  const h2 = transport !== 'HTTP/1.1';
  let w: AdminWorld;
  let dir: string;
  let session: ClientHttp2Session | undefined;
  const sent: { method: string; path: string; status: number }[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'flexistats-'));
    const cert = h2 ? selfSignedCertificate(dir) : undefined;
    w = await adminWorld(cert ? { APP_TLS_CERT_PATH: cert.cert, APP_TLS_KEY_PATH: cert.key } : {});
    if (cert) session = await h2Session(w.t.url, cert.cert);
  });
  afterAll(async () => {
    session?.close();
    await w.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** One FlexiStats request: `x-api-key`, `accept` and `content-type` as its RestClient sets them, the body as nlohmann::json dumps it. */
  async function flexiStats(method: 'post' | 'patch', path: string, body: unknown): Promise<{ status: number; text: string }> {
    const headers = { 'x-api-key': w.admin.key, accept: 'application/json', 'content-type': 'application/json' };
    const res = session
      ? await h2Request(session, `${PREFIX}${path}`, { method: method.toUpperCase(), headers, body: JSON.stringify(body) })
      : await request(w.t.url)[method](`${PREFIX}${path}`).set('Host', HOST).set(headers).send(JSON.stringify(body));
    sent.push({ method: method.toUpperCase(), path, status: res.status });
    return res;
  }

  const rows = (table: string, columns: string[], where: string, parameters: unknown[]) =>
    statisticsRows(w.t.db, table, columns, where, parameters);

  it("a direct message to a user with two devices: the POST, then each device's answer", async () => {
    const from = `alice@${DOMAIN}`;
    const to = `bob@${DOMAIN}`;
    const id = eventId(from, to, 'msg-call-id-1');
    const sentAt = new Date('2024-12-10T10:26:40Z');
    const devices = ['urn:uuid:6d3c1a4f-2a2b-4c3d-8e9f-0a1b2c3d4e5f', 'fs-gen-AbCdEf012345'];

    // MessageSentEventLog, Cardinality::Direct: the recipient with its devices, no answer yet
    const posted = await flexiStats('post', 'messages', {
      id,
      from,
      to: { [to]: Object.fromEntries(devices.map((device) => [device, null])) },
      sent_at: flexisipDate(sentAt),
      encrypted: false,
      conference_id: null,
    });
    expect([posted.status, posted.text]).toEqual([200, '1']);
    // MessageResponseFromRecipientEventLog, per device: MessageDeviceResponse
    const answers = [
      { last_status: 200, received_at: flexisipDate(new Date(sentAt.getTime() + 1000)) },
      { last_status: 408, received_at: flexisipDate(new Date(sentAt.getTime() + 30_000)) },
    ];
    for (const [i, device] of devices.entries()) {
      const res = await flexiStats('patch', `messages/${id}/to/${to}/devices/${device}`, answers[i]);
      expect([device, res.status]).toEqual([device, 201]);
    }

    expect(
      await rows('statistics_messages', ['from_username', 'from_domain', 'sent_at', 'encrypted', 'conference_id'], 'id = ?', [id]),
    ).toEqual([{ from_username: 'alice', from_domain: DOMAIN, sent_at: '2024-12-10T10:26:40.000Z', encrypted: 0, conference_id: null }]);
    expect(
      await rows('statistics_message_devices', ['to_username', 'to_domain', 'device_id', 'last_status', 'received_at'], 'message_id = ?', [
        id,
      ]),
    ).toEqual([
      { to_username: 'bob', to_domain: DOMAIN, device_id: devices[0], last_status: 200, received_at: '2024-12-10T10:26:41.000Z' },
      { to_username: 'bob', to_domain: DOMAIN, device_id: devices[1], last_status: 408, received_at: '2024-12-10T10:27:10.000Z' },
    ]);
  });

  it('a group chat message through the conference server: an empty `to` and a conference id', async () => {
    const id = eventId(`alice@${DOMAIN}`, `chatroom-xyz@conference.${DOMAIN}`, 'msg-call-id-2');
    const res = await flexiStats('post', 'messages', {
      id,
      from: `alice@${DOMAIN}`,
      to: {},
      sent_at: '2024-12-10T10:26:40Z',
      encrypted: false,
      conference_id: 'iHVDMq6MxSKp60bT',
    });
    expect(res.status).toBe(200);
    expect(await rows('statistics_messages', ['conference_id'], 'id = ?', [id])).toEqual([{ conference_id: 'iHVDMq6MxSKp60bT' }]);
  });

  it('a call forked to three devices, answered on one; then its end', async () => {
    const from = `alice@${DOMAIN}`;
    const to = `bob@${DOMAIN}`;
    const id = eventId(from, to, 'call-id-3');
    const devices = [
      'urn:uuid:11111111-1111-4111-8111-111111111111',
      'urn:uuid:22222222-2222-4222-8222-222222222222',
      'fs-gen-ZyXwVu987654',
    ];

    // CallStartedEventLog: every device, no state yet
    const posted = await flexiStats('post', 'calls', {
      id,
      sip_call_id: 'call-id-3',
      from,
      to,
      devices: Object.fromEntries(devices.map((device) => [device, null])),
      initiated_at: '2024-12-10T10:20:00Z',
      ended_at: null,
      conference_id: null,
    });
    expect([posted.status, posted.text]).toEqual([200, '1']);
    // CallRingingEventLog per device: CallDeviceState(rang_at)
    for (const [i, device] of devices.entries()) {
      expect((await flexiStats('patch', `calls/${id}/devices/${device}`, { rang_at: `2024-12-10T10:20:0${i + 1}Z` })).status).toBe(201);
    }
    // CallLog per device: CallDeviceState(Terminated) alone; the second answers, the others are cancelled
    const states = ['accepted_elsewhere', 'accepted', 'accepted_elsewhere'];
    for (const [i, device] of devices.entries()) {
      const res = await flexiStats('patch', `calls/${id}/devices/${device}`, {
        invite_terminated: { at: '2024-12-10T10:20:07Z', state: states[i] },
      });
      expect([device, res.status]).toEqual([device, 200]);
    }
    // CallEndedEventLog
    const ended = await flexiStats('patch', `calls/${id}`, { ended_at: '2024-12-10T10:26:40Z' });
    expect(ended.status).toBe(200);

    expect(await rows('statistics_calls', ['from_username', 'to_username', 'initiated_at', 'ended_at'], 'id = ?', [id])).toEqual([
      { from_username: 'alice', to_username: 'bob', initiated_at: '2024-12-10T10:20:00.000Z', ended_at: '2024-12-10T10:26:40.000Z' },
    ]);
    // the ringing survives the termination sent after it
    expect(
      await rows('statistics_call_devices', ['device_id', 'rang_at', 'invite_terminated_at', 'invite_terminated_state'], 'call_id = ?', [
        id,
      ]),
    ).toEqual(
      devices.map((device, i) => ({
        device_id: device,
        rang_at: `2024-12-10T10:20:0${i + 1}.000Z`,
        invite_terminated_at: '2024-12-10T10:20:07.000Z',
        invite_terminated_state: states[i],
      })),
    );
  });

  it("a call declined on its only device, posted with its end, and FlexiStats' empty device state", async () => {
    const id = eventId(`alice@${DOMAIN}`, `carol@${DOMAIN}`, 'call-id-4');
    // Call with every optional member (its tester's postCallFullTest)
    const posted = await flexiStats('post', 'calls', {
      id,
      sip_call_id: 'call-id-4',
      from: `alice@${DOMAIN}`,
      to: `carol@${DOMAIN}`,
      devices: { d1: { rang_at: '2024-12-10T10:20:01Z', invite_terminated: { at: '2024-12-10T10:20:05Z', state: 'declined' } } },
      initiated_at: '2024-12-10T10:20:00Z',
      ended_at: '2024-12-10T10:20:05Z',
      conference_id: 'iHVDMq6MxSKp60bT',
    });
    expect(posted.status).toBe(200);
    expect(
      (
        await flexiStats('patch', `calls/${id}/devices/d1`, {
          rang_at: '2024-12-10T10:20:01Z',
          invite_terminated: { at: '2024-12-10T10:20:05Z', state: 'declined' },
        })
      ).status,
    ).toBe(201);
    expect((await flexiStats('patch', `calls/${id}/devices/d2`, {})).status).toBe(201);
    expect((await flexiStats('patch', `calls/${id}`, { ended_at: '2024-12-10T10:20:05Z' })).status).toBe(200);
    expect(await rows('statistics_calls', ['ended_at', 'conference_id'], 'id = ?', [id])).toEqual([
      { ended_at: '2024-12-10T10:20:05.000Z', conference_id: 'iHVDMq6MxSKp60bT' },
    ]);
    expect(await rows('statistics_call_devices', ['device_id', 'invite_terminated_state', 'rang_at'], 'call_id = ?', [id])).toEqual([
      { device_id: 'd1', invite_terminated_state: 'declined', rang_at: '2024-12-10T10:20:01.000Z' },
      { device_id: 'd2', invite_terminated_state: null, rang_at: null },
    ]);
  });

  it('a conference: created, a participant added, a device invited, ended (the routes no FlexiAPI had)', async () => {
    const id = 'iHVDMq6MxSKp60bT';
    const participant = `bob@${DOMAIN}`;
    expect(
      (await flexiStats('post', 'conferences', { id, created_at: '2024-12-10T10:00:00Z', ended_at: null, schedule: 'string' })).status,
    ).toBe(200);
    expect(
      (await flexiStats('post', `conferences/${id}/participants/${participant}/events`, { type: 'added', at: '2024-12-10T10:00:01Z' }))
        .status,
    ).toBe(201);
    expect(
      (
        await flexiStats(
          'post',
          `conferences/${id}/participants/${participant}/devices/urn:uuid:33333333-3333-4333-8333-333333333333/events`,
          { type: 'invited', at: '2024-12-10T10:00:02Z' },
        )
      ).status,
    ).toBe(201);
    expect((await flexiStats('patch', `conferences/${id}`, { ended_at: '2024-12-10T11:00:00Z' })).status).toBe(200);

    expect(await rows('statistics_conferences', ['created_at', 'ended_at', 'schedule'], 'id = ?', [id])).toEqual([
      { created_at: '2024-12-10T10:00:00.000Z', ended_at: '2024-12-10T11:00:00.000Z', schedule: 'string' },
    ]);
    expect(
      await rows('statistics_conference_participant_events', ['participant_username', 'type', 'at'], 'conference_id = ?', [id]),
    ).toEqual([{ participant_username: 'bob', type: 'added', at: '2024-12-10T10:00:01.000Z' }]);
    expect(await rows('statistics_conference_participant_device_events', ['device_id', 'type'], 'conference_id = ?', [id])).toEqual([
      { device_id: 'urn:uuid:33333333-3333-4333-8333-333333333333', type: 'invited' },
    ]);
  });

  it('every request of the sequences was answered 2xx', () => {
    expect(sent.filter((r) => r.status >= 300)).toEqual([]);
    expect(sent.length).toBeGreaterThan(15);
  });
});
