import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, TestApp, waitForOutput } from '../support/app';
import { as } from '../support/admin-world';
import { createAccount, http } from '../support/fixtures';
import { DaemonStandIn, RunningDaemon, startDaemonStandIn, startLinphoneDaemon } from '../support/linphone-daemon';
import { describeWith, LINPHONE_DAEMON } from '../support/system-packages';

const SOCKET_ERROR = 'The internal socket cannot be requested properly';
const socketError = { message: SOCKET_ERROR, errors: { 0: [SOCKET_ERROR] } };

/** An app and an admin's client; the app's settings on top of `env`. */
async function appWithAdmin(env: Record<string, string>) {
  const t = await startApp(env);
  const admin = await createAccount(t.db, { username: 'admin', admin: true });
  const user = await createAccount(t.db, { username: 'user' });
  return { t, asAdmin: as(t, admin.apiKey), asUser: as(t, user.apiKey) };
}

describeWith(LINPHONE_DAEMON)('POST /api/messages through a real linphone daemon', () => {
  let daemon: RunningDaemon;
  let t: TestApp;
  let asAdmin: ReturnType<typeof as>;
  let asUser: ReturnType<typeof as>;

  beforeAll(async () => {
    daemon = await startLinphoneDaemon();
    ({ t, asAdmin, asUser } = await appWithAdmin({ APP_LINPHONE_DAEMON_UNIX_PATH: daemon.path, APP_LINPHONE_DAEMON_TIMEOUT_SECONDS: '5' }));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await daemon?.remove();
  });

  const send = (body: unknown) => asAdmin.post('/api/messages', body);

  it('sends the message: 200 with the id the daemon gave it', async () => {
    const res = await send({ to: 'bob@127.0.0.1', body: 'Hello from the operator' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id: expect.stringMatching(/^\S+$/) });
  });

  it('sends any text of one line, accents and emoji included', async () => {
    const res = await send({ to: 'bob@127.0.0.1', body: 'Héllo wörld ☺, tab\there' });
    expect(res.status).toBe(200);
    expect(res.body.id).toEqual(expect.any(String));
  });

  it("answers the daemon's refusal as 422 with its Reason (the reference's test: +badid)", async () => {
    const res = await send({ to: '+badid', body: 'Hello' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ message: 'Bad sip uri.', errors: { 0: ['Bad sip uri.'] } });
  });

  it('sends several messages at once, one after the other to the one-client daemon', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => send({ to: 'bob@127.0.0.1', body: `message ${i}` })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(5);
  });

  it('is for admins only', async () => {
    expect((await asUser.post('/api/messages', { to: 'bob@127.0.0.1', body: 'Hello' })).status).toBe(403);
    const anonymous = await http(t).post('/api/messages').set('Accept', 'application/json').send({ to: 'bob@127.0.0.1', body: 'Hello' });
    expect(anonymous.status).toBe(401);
  });

  describe('validation: nothing but one command line reaches the daemon', () => {
    it.each([
      ['to', { body: 'Hello' }, 'The to field is required.'],
      ['body', { to: 'bob@127.0.0.1' }, 'The body field is required.'],
      ['body', { to: 'bob@127.0.0.1', body: '   ' }, 'The body field is required.'],
      ['to', { to: 12, body: 'Hello' }, 'The to must be a string.'],
      ['body', { to: 'bob@127.0.0.1', body: ['Hello'] }, 'The body must be a string.'],
      ['to', { to: 'bob@127.0.0.1\nquit', body: 'Hello' }, 'The to must not contain line breaks.'],
      ['body', { to: 'bob@127.0.0.1', body: 'Hello\nquit' }, 'The body must not contain line breaks.'],
      ['body', { to: 'bob@127.0.0.1', body: 'Hello\rquit' }, 'The body must not contain line breaks.'],
      ['body', { to: 'bob@127.0.0.1', body: 'Hello\u0000quit' }, 'The body must not contain NUL characters.'],
      ['to', { to: 'bob@127.0.0.1 sip:eve@127.0.0.1', body: 'Hello' }, 'The to must not contain spaces or control characters.'],
      ['to', { to: 'bob@127.0.0.1\tx', body: 'Hello' }, 'The to must not contain spaces or control characters.'],
      ['to', { to: 'bob@127.0.0.1\u0000', body: 'Hello' }, 'The to must not contain spaces or control characters.'],
      ['to', { to: `${'b'.repeat(256)}@127.0.0.1`, body: 'Hello' }, 'The to may not be greater than 255 characters.'],
      ['body', { to: 'bob@127.0.0.1', body: 'x'.repeat(4097) }, 'The body may not be greater than 4096 characters.'],
    ])('%s: %j → 422', async (field, body, message) => {
      const res = await send(body);
      expect(res.status).toBe(422);
      expect(res.body.errors[field]).toEqual([message]);
    });

    it('the daemon is still there after a line break was refused (no `quit` got through)', async () => {
      expect((await send({ to: 'bob@127.0.0.1', body: 'Hello\nquit' })).status).toBe(422);
      expect((await send({ to: 'bob@127.0.0.1', body: 'Still here' })).status).toBe(200);
    });

    it('takes the longest text allowed', async () => {
      expect((await send({ to: 'bob@127.0.0.1', body: '☺'.repeat(4096) })).status).toBe(200);
    });
  });

  it('a daemon that is down (its socket file left behind): 422 at once, in the reference shape', async () => {
    await daemon.stop();
    const started = Date.now();
    const res = await send({ to: 'bob@127.0.0.1', body: 'Hello' });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(socketError);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('POST /api/messages with a daemon that misbehaves (a stand-in)', () => {
  let standIn: DaemonStandIn;
  let t: TestApp;
  let asAdmin: ReturnType<typeof as>;

  beforeAll(async () => {
    standIn = await startDaemonStandIn();
    ({ t, asAdmin } = await appWithAdmin({
      APP_LINPHONE_DAEMON_UNIX_PATH: standIn.path,
      APP_LINPHONE_DAEMON_TIMEOUT_SECONDS: '1',
      LOG_LEVEL: 'warn',
    }));
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await standIn?.close();
  });

  const send = (body = { to: 'bob@sip.example.org', body: 'Hello there' }) => asAdmin.post('/api/messages', body);

  it('sends one command line: message sip:<to> <body>', async () => {
    standIn.behave((socket) => socket.write('Status: Ok\n\nId: 42\n'));
    expect(await send()).toMatchObject({ status: 200, body: { id: '42' } });
    expect(standIn.commands.at(-1)).toBe('message sip:bob@sip.example.org Hello there\n');
  });

  it('a daemon that never answers: 422 after APP_LINPHONE_DAEMON_TIMEOUT_SECONDS', async () => {
    standIn.behave(() => undefined);
    const started = Date.now();
    const res = await send();
    expect(res.status).toBe(422);
    expect(res.body).toEqual(socketError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(Date.now() - started).toBeLessThan(5000);
    await waitForOutput(t.output, 'no answer in time');
  });

  it.each([
    ['in the middle of a line', 'Status: O'],
    ['in the middle of its Id', 'Status: Ok\n\nId: 4'],
  ])('a daemon that closes mid-answer (%s): 422', async (_case, part) => {
    standIn.behave((socket) => socket.end(part));
    const res = await send();
    expect(res.status).toBe(422);
    expect(res.body).toEqual(socketError);
  });

  it('a daemon that sends half an answer and then nothing: 422 after the timeout', async () => {
    standIn.behave((socket) => socket.write('Status: O'));
    expect(await send()).toMatchObject({ status: 422, body: socketError });
  });

  it('an answer that comes in pieces is read whole', async () => {
    standIn.behave((socket) => {
      socket.write('Status: O');
      setTimeout(() => socket.write('k\n\nId: 7\n'), 100);
    });
    expect(await send()).toMatchObject({ status: 200, body: { id: '7' } });
  });

  it('an answer without Status: 422; Status Error without Reason: 422; another Status: 200 with an empty body', async () => {
    standIn.behave((socket) => socket.write('Id: 9\n'));
    expect(await send()).toMatchObject({ status: 422, body: socketError });
    standIn.behave((socket) => socket.write('Status: Error\n'));
    expect(await send()).toMatchObject({ status: 422, body: socketError });
    standIn.behave((socket) => socket.write('Status: Pending\n\nId: 9\n'));
    const other = await send();
    expect([other.status, other.text]).toEqual([200, '']);
  });

  it('a daemon busy with another client (it drops the connection unread) is asked again', async () => {
    let dropped = 0;
    standIn.behave((socket) => {
      if (dropped++ < 2) socket.destroy();
      else socket.write('Status: Ok\n\nId: 11\n');
    });
    expect(await send()).toMatchObject({ status: 200, body: { id: '11' } });
    expect(dropped).toBe(3);
  });

  it('talks to the daemon one connection at a time', async () => {
    standIn.behave((socket) => setTimeout(() => socket.write(`Status: Ok\n\nId: ${standIn.commands.length}\n`), 20));
    standIn.maxConcurrent = 0;
    const answers = await Promise.all(Array.from({ length: 5 }, () => send()));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    expect(standIn.maxConcurrent).toBe(1);
  });

  it('a socket path where nothing listens: 422 at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'no-daemon-'));
    const other = await appWithAdmin({ APP_LINPHONE_DAEMON_UNIX_PATH: join(dir, 'missing.sock') });
    try {
      const res = await other.asAdmin.post('/api/messages', { to: 'bob@sip.example.org', body: 'Hello' });
      expect(res.status).toBe(422);
      expect(res.body).toEqual(socketError);
    } finally {
      await other.t.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('POST /api/messages without APP_LINPHONE_DAEMON_UNIX_PATH', () => {
  let t: TestApp;
  let asAdmin: ReturnType<typeof as>;
  beforeAll(async () => {
    ({ t, asAdmin } = await appWithAdmin({}));
  }, 60_000);
  afterAll(() => t?.close());

  it('does not exist: 404, and the API description does not list it', async () => {
    const res = await asAdmin.post('/api/messages', { to: 'bob@sip.example.org', body: 'Hello' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ message: 'The route api/messages could not be found.' });
    const doc = (await http(t).get('/api/openapi.json')).body as { paths: Record<string, unknown> };
    expect(doc.paths['/api/messages']).toBeUndefined();
  });
});
