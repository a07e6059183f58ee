import type { FastifyRequest } from 'fastify';
import { requestOrigin } from './request-origin';

const request = (ip: string, userAgent?: string | string[]) =>
  ({ ip, headers: userAgent === undefined ? {} : { 'user-agent': userAgent } }) as unknown as FastifyRequest;

describe('requestOrigin', () => {
  it('keeps what fits', () => {
    expect(requestOrigin(request('2001:db8::1', 'Linphone/6'))).toEqual({ ip: '2001:db8::1', userAgent: 'Linphone/6' });
  });

  it('cuts the User-Agent to 255 characters and the ip to 45', () => {
    expect(requestOrigin(request('x'.repeat(60), 'U'.repeat(2000)))).toEqual({ ip: 'x'.repeat(45), userAgent: 'U'.repeat(255) });
  });

  it('never leaves half of a surrogate pair at the cut', () => {
    const agent = `${'a'.repeat(254)}😀tail`;
    expect(requestOrigin(request('127.0.0.1', agent)).userAgent).toBe('a'.repeat(254));
  });

  it('an absent or empty User-Agent is null', () => {
    expect(requestOrigin(request('127.0.0.1')).userAgent).toBeNull();
    expect(requestOrigin(request('127.0.0.1', '')).userAgent).toBeNull();
  });
});
