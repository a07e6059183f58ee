import { createHmac } from 'node:crypto';
import { CLOCK_SKEW_SECONDS, issueNonce, nonceExpired, nonceFromFuture, nonceIssuedAt } from './nonce';

const KEY = Buffer.alloc(32, 9);
const NOW = 1_733_000_000;

describe('issueNonce', () => {
  it('is 40 lower-case hex digits: issue time, salt, 96-bit MAC', () => {
    const nonce = issueNonce(KEY, 7, NOW, '0badcafe');
    expect(nonce).toMatch(/^[0-9a-f]{40}$/);
    expect(nonce.slice(0, 8)).toBe(NOW.toString(16));
    expect(nonce.slice(8, 16)).toBe('0badcafe');
    const mac = createHmac('sha256', KEY)
      .update(`${nonce.slice(0, 16)}:7`)
      .digest('hex')
      .slice(0, 24);
    expect(nonce.slice(16)).toBe(mac);
  });

  it('differs between two challenges of the same second', () => {
    expect(issueNonce(KEY, 7, NOW)).not.toBe(issueNonce(KEY, 7, NOW));
  });
});

describe('nonceIssuedAt', () => {
  const nonce = issueNonce(KEY, 7, NOW);

  it('reads back the issue time of a nonce made for that account', () => {
    expect(nonceIssuedAt(KEY, 7, nonce)).toBe(NOW);
  });

  it('refuses the nonce of another account', () => {
    expect(nonceIssuedAt(KEY, 8, nonce)).toBeUndefined();
  });

  it('refuses a nonce made with another key', () => {
    expect(nonceIssuedAt('another-key', 7, nonce)).toBeUndefined();
  });

  it('refuses a back-dated nonce (time changed, MAC kept)', () => {
    const backDated = (NOW - 10 * 365 * 86400).toString(16).padStart(8, '0') + nonce.slice(8);
    expect(nonceIssuedAt(KEY, 7, backDated)).toBeUndefined();
  });

  it('refuses any single altered digit', () => {
    for (let i = 0; i < nonce.length; i++) {
      const altered = nonce.slice(0, i) + (nonce[i] === '0' ? '1' : '0') + nonce.slice(i + 1);
      expect(nonceIssuedAt(KEY, 7, altered)).toBeUndefined();
    }
  });

  it('refuses other shapes: upper case, truncated, extended, empty, old random nonces', () => {
    for (const bad of [nonce.toUpperCase(), nonce.slice(0, 39), `${nonce}0`, '', 'abcdefghijklmnopqrstuvwxyz012345']) {
      expect(nonceIssuedAt(KEY, 7, bad)).toBeUndefined();
    }
  });
});

describe('nonceFromFuture', () => {
  it('tolerates a clock a few seconds ahead, not more', () => {
    expect(CLOCK_SKEW_SECONDS).toBeLessThanOrEqual(10);
    expect(nonceFromFuture(NOW, NOW)).toBe(false);
    expect(nonceFromFuture(NOW + CLOCK_SKEW_SECONDS, NOW)).toBe(false);
    expect(nonceFromFuture(NOW + CLOCK_SKEW_SECONDS + 1, NOW)).toBe(true);
    expect(nonceFromFuture(0xffffffff, NOW)).toBe(true);
  });
});

describe('nonceExpired', () => {
  it('expires strictly after the lifetime', () => {
    expect(nonceExpired(NOW, NOW + 300, 300)).toBe(false);
    expect(nonceExpired(NOW, NOW + 301, 300)).toBe(true);
  });

  it('does not expire a nonce from a clock slightly ahead', () => {
    expect(nonceExpired(NOW + 2, NOW, 300)).toBe(false);
  });
});
