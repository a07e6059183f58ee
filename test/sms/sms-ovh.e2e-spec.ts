import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { startApp, TestApp } from '../support/app';
import { activateCountries, createValidatedAccount, http } from '../support/fixtures';
import { PhoneChangeCode } from '../../src/account-core/entities/phone-change-code.entity';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A local HTTP server answering as OVH's API does, recording what it is sent. */
async function startFakeOvh(): Promise<{ server: Server; base: string; received: Received[]; clock: number; failJobs: { on: boolean } }> {
  const received: Received[] = [];
  const failJobs = { on: false };
  // OVH's clock, 1000 s ahead of ours: the driver must sign with it
  const clock = Math.floor(Date.now() / 1000) + 1000;
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      res.setHeader('content-type', 'application/json');
      if (req.url === '/1.0/auth/time') return res.end(String(clock));
      if (req.method === 'GET' && req.url === '/1.0/sms') return res.end(JSON.stringify(['sms-ab12345-1']));
      if (req.method === 'POST' && req.url === '/1.0/sms/sms-ab12345-1/jobs' && failJobs.on) {
        res.statusCode = 500;
        return res.end(JSON.stringify({ message: 'Internal error' }));
      }
      if (req.method === 'POST' && req.url === '/1.0/sms/sms-ab12345-1/jobs')
        return res.end(JSON.stringify({ ids: [1], validReceivers: ['+33612345678'] }));
      res.statusCode = 404;
      res.end(JSON.stringify({ message: 'not found' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}/1.0`, received, clock, failJobs };
}

describe('SMS through the OVH driver (a local server standing in for OVH)', () => {
  let t: TestApp;
  let ovh: Awaited<ReturnType<typeof startFakeOvh>>;
  const credentials = { key: 'app-key', secret: 'app-secret', consumer: 'consumer-key' };

  beforeAll(async () => {
    ovh = await startFakeOvh();
    t = await startApp({
      APP_NAME: 'FlexiTest',
      OVH_APP_KEY: credentials.key,
      OVH_APP_SECRET: credentials.secret,
      OVH_APP_CONSUMER_KEY: credentials.consumer,
      OVH_APP_ENDPOINT: ovh.base,
      OVH_APP_SENDER: 'FlexiTest',
    });
    await activateCountries(t.db, 'FR');
  });
  afterAll(async () => {
    await t.close();
    await new Promise((r) => ovh.server.close(r));
  });

  it("a phone change code is posted as a job of the first SMS service, signed with OVH's clock", async () => {
    const { apiKey, account } = await createValidatedAccount(t.db);
    const res = await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612345678' });
    expect(res.status).toBe(200);
    const row = await t.db.getRepository(PhoneChangeCode).findOneByOrFail({ account_id: account.id });

    for (let i = 0; i < 60 && !ovh.received.some((r) => r.method === 'POST'); i++) await new Promise((r) => setTimeout(r, 50));
    expect(ovh.received.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /1.0/auth/time',
      'GET /1.0/sms',
      'POST /1.0/sms/sms-ab12345-1/jobs',
    ]);

    const job = ovh.received[2];
    expect(JSON.parse(job.body)).toMatchObject({
      receivers: ['+33612345678'],
      sender: 'FlexiTest',
      message: expect.stringContaining(`Your FlexiTest validation code is ${row.code}.`),
    });

    // the signature OVH checks: $1$ + SHA1(secret+consumer+method+url+body+timestamp)
    const timestamp = Number(job.headers['x-ovh-timestamp']);
    expect(Math.abs(timestamp - ovh.clock)).toBeLessThan(30);
    const expected = createHash('sha1')
      .update(
        [credentials.secret, credentials.consumer, 'POST', `${ovh.base}/sms/sms-ab12345-1/jobs`, job.body, String(timestamp)].join('+'),
      )
      .digest('hex');
    expect(job.headers).toMatchObject({
      'x-ovh-application': credentials.key,
      'x-ovh-consumer': credentials.consumer,
      'x-ovh-signature': `$1$${expected}`,
    });
  });

  it('an OVH failure is logged and the request still succeeds (misc.md); the pending change is kept', async () => {
    ovh.failJobs.on = true;
    try {
      const { apiKey, account } = await createValidatedAccount(t.db);
      const before = ovh.received.length;
      const res = await http(t).post('/api/accounts/me/phone/request').set('x-api-key', apiKey).send({ phone: '+33612345679' });
      expect([res.status, res.text]).toEqual([200, '']);
      for (let i = 0; i < 60 && !ovh.received.slice(before).some((r) => r.method === 'POST'); i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(ovh.received.slice(before).some((r) => r.method === 'POST')).toBe(true);
      expect(await t.db.getRepository(PhoneChangeCode).countBy({ account_id: account.id })).toBe(1);
    } finally {
      ovh.failJobs.on = false;
    }
  });
});
