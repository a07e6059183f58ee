import { turnConfigured, turnCredentials, turnPassword } from './turn-credentials';

const settings = { coturnServerHost: 'turn.example.org', coturnStaticAuthSecret: 'north-wind&secret', coturnSessionTtlMinutes: 1440 };

describe('TURN REST credentials (draft-uberti-behave-turn-rest-00)', () => {
  it('password = Base64(HMAC-SHA1(secret, username)): a vector computed with openssl', () => {
    // printf '%s' '1733916400:h2Kq8ZpLmX0aBcDe' | openssl dgst -sha1 -hmac 'north-wind&secret' -binary | base64
    expect(turnPassword('north-wind&secret', '1733916400:h2Kq8ZpLmX0aBcDe')).toBe('FCRjmjhgsITlvvfn6O5j4kIp+Xk=');
  });

  it('username = expiry (now + ttl, unix seconds) : random part; ttl in seconds; the turn: URI', () => {
    const credentials = turnCredentials(settings, 1733830000_500, 'h2Kq8ZpLmX0aBcDe');
    expect(credentials).toEqual({
      username: '1733916400:h2Kq8ZpLmX0aBcDe',
      password: 'FCRjmjhgsITlvvfn6O5j4kIp+Xk=',
      ttl: 86400,
      uris: ['turn:turn.example.org'],
    });
  });

  it('draws a fresh 16-character random part each time', () => {
    const a = turnCredentials(settings);
    const b = turnCredentials(settings);
    expect(a.username).toMatch(/^\d+:[A-Za-z0-9]{16}$/);
    expect(a.username).not.toBe(b.username);
  });

  it('is configured only with a positive ttl, a host and a secret', () => {
    expect(turnConfigured(settings)).toBe(true);
    expect(turnConfigured({ ...settings, coturnSessionTtlMinutes: 0 })).toBe(false);
    expect(turnConfigured({ ...settings, coturnServerHost: '' })).toBe(false);
    expect(turnConfigured({ ...settings, coturnStaticAuthSecret: '' })).toBe(false);
  });
});
