import { createHash } from 'node:crypto';
import { SmsDriver } from './sms-driver';

/** The endpoint names of OVH's API clients; anything else is taken as a base URL. */
const ENDPOINTS: Record<string, string> = {
  'ovh-eu': 'https://eu.api.ovh.com/1.0',
  'ovh-ca': 'https://ca.api.ovh.com/1.0',
  'ovh-us': 'https://api.us.ovhcloud.com/1.0',
  'kimsufi-eu': 'https://eu.api.kimsufi.com/1.0',
  'kimsufi-ca': 'https://ca.api.kimsufi.com/1.0',
  'soyoustart-eu': 'https://eu.api.soyoustart.com/1.0',
  'soyoustart-ca': 'https://ca.api.soyoustart.com/1.0',
};

export interface OvhCredentials {
  appKey: string;
  appSecret: string;
  consumerKey: string;
  endpoint: string;
  sender: string;
}

export type Fetch = typeof fetch;

/**
 * OVH SMS API (misc.md): the service is the first one listed by `GET /sms`,
 * the message a job posted to `/sms/<service>/jobs`. Every call is signed
 * as OVH requires: `$1$` + SHA1(secret+consumer+method+url+body+timestamp),
 * the timestamp being OVH's clock (`GET /auth/time`, unsigned).
 */
export class OvhSmsDriver implements SmsDriver {
  readonly name = 'ovh';
  private readonly base: string;
  /** OVH clock minus ours, in seconds; learnt once */
  private delta?: number;

  constructor(
    private readonly credentials: OvhCredentials,
    private readonly http: Fetch = fetch,
  ) {
    this.base = (ENDPOINTS[credentials.endpoint] ?? credentials.endpoint).replace(/\/+$/, '');
  }

  async send(to: string, message: string): Promise<void> {
    const services = (await this.call('GET', '/sms')) as string[];
    if (!Array.isArray(services) || services.length === 0) throw new Error('OVH: no SMS service on this account');
    await this.call('POST', `/sms/${encodeURIComponent(services[0])}/jobs`, {
      charset: 'UTF-8',
      class: 'phoneDisplay',
      coding: '7bit',
      message,
      noStopClause: true,
      priority: 'high',
      receivers: [to],
      sender: this.credentials.sender,
      senderForResponse: false,
      validityPeriod: 2880,
    });
  }

  /** Headers of a signed call (exposed for the unit test). */
  static sign(credentials: OvhCredentials, method: string, url: string, body: string, timestamp: number): Record<string, string> {
    const signature = createHash('sha1')
      .update([credentials.appSecret, credentials.consumerKey, method, url, body, String(timestamp)].join('+'), 'utf8')
      .digest('hex');
    return {
      'X-Ovh-Application': credentials.appKey,
      'X-Ovh-Consumer': credentials.consumerKey,
      'X-Ovh-Timestamp': String(timestamp),
      'X-Ovh-Signature': `$1$${signature}`,
    };
  }

  private async call(method: 'GET' | 'POST', path: string, payload?: unknown): Promise<unknown> {
    const url = this.base + path;
    const body = payload === undefined ? '' : JSON.stringify(payload);
    const timestamp = Math.floor(Date.now() / 1000) + (await this.timeDelta());
    const response = await this.http(url, {
      method,
      headers: { 'Content-Type': 'application/json', ...OvhSmsDriver.sign(this.credentials, method, url, body, timestamp) },
      body: payload === undefined ? undefined : body,
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`OVH ${method} ${path}: ${response.status} ${text}`);
    return text === '' ? null : JSON.parse(text);
  }

  private async timeDelta(): Promise<number> {
    if (this.delta === undefined) {
      const response = await this.http(`${this.base}/auth/time`);
      if (!response.ok) throw new Error(`OVH GET /auth/time: ${response.status}`);
      this.delta = Number(await response.text()) - Math.floor(Date.now() / 1000);
    }
    return this.delta;
  }
}
