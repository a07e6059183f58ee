import { createHash } from 'node:crypto';
import { OvhSmsDriver } from './ovh.driver';

const credentials = { appKey: 'AK', appSecret: 'AS', consumerKey: 'CK', endpoint: 'ovh-eu', sender: 'Linphone' };

describe('OvhSmsDriver', () => {
  it('signs as OVH documents it', () => {
    const headers = OvhSmsDriver.sign(credentials, 'GET', 'https://eu.api.ovh.com/1.0/sms', '', 1700000000);
    const expected = createHash('sha1').update('AS+CK+GET+https://eu.api.ovh.com/1.0/sms++1700000000').digest('hex');
    expect(headers).toEqual({
      'X-Ovh-Application': 'AK',
      'X-Ovh-Consumer': 'CK',
      'X-Ovh-Timestamp': '1700000000',
      'X-Ovh-Signature': `$1$${expected}`,
    });
  });

  it("posts the job to the first SMS service, with OVH's clock", async () => {
    const calls: { url: string; init?: RequestInit }[] = [];
    const ovhNow = Math.floor(Date.now() / 1000) + 100;
    const fake = ((url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const body = url.endsWith('/auth/time') ? String(ovhNow) : url.endsWith('/sms') ? '["sms-ab1234-1","other"]' : '{"ids":[1]}';
      return Promise.resolve(new Response(body, { status: 200 }));
    }) as typeof fetch;
    await new OvhSmsDriver(credentials, fake).send('+33612345678', 'Your code is 1234.');

    expect(calls.map((c) => c.url)).toEqual([
      'https://eu.api.ovh.com/1.0/auth/time',
      'https://eu.api.ovh.com/1.0/sms',
      'https://eu.api.ovh.com/1.0/sms/sms-ab1234-1/jobs',
    ]);
    const job = calls[2];
    expect(job.init?.method).toBe('POST');
    expect(JSON.parse(job.init?.body as string)).toEqual({
      charset: 'UTF-8',
      class: 'phoneDisplay',
      coding: '7bit',
      message: 'Your code is 1234.',
      noStopClause: true,
      priority: 'high',
      receivers: ['+33612345678'],
      sender: 'Linphone',
      senderForResponse: false,
      validityPeriod: 2880,
    });
    const headers = job.init?.headers as Record<string, string>;
    expect(Math.abs(Number(headers['X-Ovh-Timestamp']) - ovhNow)).toBeLessThanOrEqual(2);
    expect(headers['X-Ovh-Signature']).toEqual(
      OvhSmsDriver.sign(credentials, 'POST', job.url, job.init?.body as string, Number(headers['X-Ovh-Timestamp']))['X-Ovh-Signature'],
    );
  });

  it('fails on an OVH error (the service logs it)', async () => {
    const fake = ((url: string) =>
      Promise.resolve(
        url.endsWith('/auth/time') ? new Response('1700000000') : new Response('{"message":"Invalid signature"}', { status: 400 }),
      )) as typeof fetch;
    await expect(new OvhSmsDriver(credentials, fake).send('+33612345678', 'x')).rejects.toThrow(/400/);
  });
});
