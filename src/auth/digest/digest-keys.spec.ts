import { createHmac, hkdfSync } from 'node:crypto';
import { digestKeys } from './digest-keys';

const APP_KEY = `base64:${Buffer.alloc(32, 1).toString('base64')}`;

describe('digestKeys', () => {
  const keys = digestKeys(APP_KEY);

  it('makes the opaque of deviation 32: unpadded Base64url of HMAC-SHA256(APP_KEY, "flexiapi digest opaque")', () => {
    const mac = createHmac('sha256', APP_KEY).update('flexiapi digest opaque').digest();
    expect(keys.opaque).toBe(mac.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    expect(keys.opaque).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('derives the nonce key by HKDF-SHA256 with its own label, neither APP_KEY nor the opaque', () => {
    expect(keys.nonceKey).toEqual(Buffer.from(hkdfSync('sha256', APP_KEY, '', 'flexiapi digest nonce', 32)));
    expect(keys.nonceKey.equals(Buffer.from(APP_KEY))).toBe(false);
    expect(keys.nonceKey.equals(Buffer.from(APP_KEY.slice(7), 'base64'))).toBe(false);
    expect(keys.nonceKey.toString('base64url')).not.toBe(keys.opaque);
  });

  it('changes with the key', () => {
    const other = digestKeys(`base64:${Buffer.alloc(32, 2).toString('base64')}`);
    expect(other.opaque).not.toBe(keys.opaque);
    expect(other.nonceKey.equals(keys.nonceKey)).toBe(false);
  });
});
