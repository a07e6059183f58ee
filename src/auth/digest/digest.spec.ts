import { challenge, challengeAlgorithms, digestResponse, parseAuthorization, parseFrom, parseNc, safeEqual } from './digest';
import { ha1, hash } from '../../common/digest-hash';

/** auth.md §3.5, worked example. */
const EXAMPLE = {
  username: 'foo',
  realm: 'sip.example.org',
  password: 'testtest',
  method: 'GET',
  uri: '/api/accounts/me',
  nonce: '0123456789abcdefghijklmnopqrstuv',
  nc: '00000001',
  cnonce: 'cnonce123',
  qop: 'auth',
};

describe('digest maths (auth.md §3.5 worked example)', () => {
  it('computes the MD5 HA1', () => {
    expect(ha1('MD5', EXAMPLE.username, EXAMPLE.realm, EXAMPLE.password)).toBe('284f5ee1ac3ce11b7a485052f80c8f91');
  });

  it('computes the MD5 HA2', () => {
    expect(hash('MD5', `${EXAMPLE.method}:${EXAMPLE.uri}`)).toBe('780b1b57bee69e12a6d1428874573821');
  });

  it('computes the MD5 response', () => {
    const response = digestResponse('MD5', { ...EXAMPLE, ha1: '284f5ee1ac3ce11b7a485052f80c8f91' });
    expect(response).toBe('10093481c255add8417051fac97b86d1');
  });

  it('computes the SHA-256 HA1', () => {
    expect(ha1('SHA-256', EXAMPLE.username, EXAMPLE.realm, EXAMPLE.password)).toBe(
      '8b581a3804e6f4cfe75444722cdaa897a04dc3d8aef1b3149611f7e27195db39',
    );
  });

  it('computes the SHA-256 response', () => {
    const response = digestResponse('SHA-256', {
      ...EXAMPLE,
      ha1: '8b581a3804e6f4cfe75444722cdaa897a04dc3d8aef1b3149611f7e27195db39',
    });
    expect(response).toBe('30ba4ff0fd72eff224db48179d9d56f7f94cf51beee35c584e23d3488215ac0f');
  });

  it('uses nc exactly as sent (leading zeros matter)', () => {
    const ha = ha1('MD5', EXAMPLE.username, EXAMPLE.realm, EXAMPLE.password);
    expect(digestResponse('MD5', { ...EXAMPLE, ha1: ha, nc: '1' })).not.toBe('10093481c255add8417051fac97b86d1');
  });
});

describe('safeEqual', () => {
  it('is true for equal strings only, case-sensitively', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'ABC')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
    expect(safeEqual('', '')).toBe(true);
  });
});

describe('parseAuthorization', () => {
  it('is undefined for a missing or non-Digest header', () => {
    expect(parseAuthorization(undefined)).toBeUndefined();
    expect(parseAuthorization('')).toBeUndefined();
    expect(parseAuthorization('Bearer abc')).toBeUndefined();
    expect(parseAuthorization('Basic Zm9vOmJhcg==')).toBeUndefined();
  });

  it('reads quoted and unquoted values of every known parameter', () => {
    const header =
      'Digest username="foo", realm="sip.example.org", nonce="0123456789abcdefghijklmnopqrstuv", uri="/api/accounts/me", ' +
      'algorithm=SHA-256, qop=auth, nc=00000001, cnonce="cnonce123", response="abcdef", opaque="mV3Yt0bq2Qk8yF1uZ9aXcW4rE7sP0nLhGdJ6TfKoBvI"';
    expect(parseAuthorization(header)).toEqual({
      username: 'foo',
      realm: 'sip.example.org',
      nonce: '0123456789abcdefghijklmnopqrstuv',
      uri: '/api/accounts/me',
      algorithm: 'SHA-256',
      qop: 'auth',
      nc: '00000001',
      cnonce: 'cnonce123',
      response: 'abcdef',
      opaque: 'mV3Yt0bq2Qk8yF1uZ9aXcW4rE7sP0nLhGdJ6TfKoBvI',
    });
  });

  it('accepts single quotes', () => {
    expect(parseAuthorization("Digest username='foo', realm='sip.example.org'")).toMatchObject({
      username: 'foo',
      realm: 'sip.example.org',
    });
  });

  it('cuts a value at the first comma, even inside quotes', () => {
    expect(parseAuthorization('Digest uri="/api/a,b", username="foo"')).toMatchObject({ uri: '/api/a', username: 'foo' });
  });

  it('cuts a value at the first quote of either kind', () => {
    expect(parseAuthorization(`Digest username="o'brien", realm="r"`)).toMatchObject({ username: 'o', realm: 'r' });
  });

  it('lets a later duplicate win', () => {
    expect(parseAuthorization('Digest realm="first", realm="second"')!.realm).toBe('second');
  });

  it('tells cnonce apart from nonce', () => {
    expect(parseAuthorization('Digest cnonce="c1", nonce="n1"')).toMatchObject({ cnonce: 'c1', nonce: 'n1' });
    expect(parseAuthorization('Digest nonce="n1", cnonce="c1"')).toMatchObject({ cnonce: 'c1', nonce: 'n1' });
  });

  it('defaults the algorithm to MD5', () => {
    expect(parseAuthorization('Digest username="foo"')!.algorithm).toBe('MD5');
  });

  it('ignores unknown parameters', () => {
    expect(parseAuthorization('Digest username="foo", userhash=false, charset="UTF-8"')).toEqual({
      username: 'foo',
      algorithm: 'MD5',
    });
  });
});

describe('parseFrom', () => {
  it('reads user and domain and drops the parameters', () => {
    expect(parseFrom('sip:foo@sip.example.org;tag=x')).toEqual({ username: 'foo', domain: 'sip.example.org' });
  });

  it('percent-decodes but keeps a plus sign', () => {
    expect(parseFrom('sip:%2B33612345678@sip.example.org')).toEqual({ username: '+33612345678', domain: 'sip.example.org' });
    expect(parseFrom('sip:+33612@sip.example.org')).toEqual({ username: '+33612', domain: 'sip.example.org' });
  });

  it('ignores parts after a second @', () => {
    expect(parseFrom('sip:foo@bar@baz')).toEqual({ username: 'foo', domain: 'bar' });
  });

  it('drops the first four characters whatever they are', () => {
    expect(parseFrom('xyz:foo@sip.example.org')).toEqual({ username: 'foo', domain: 'sip.example.org' });
  });

  it('is undefined without an @ or without a header', () => {
    expect(parseFrom('sip:foo')).toBeUndefined();
    expect(parseFrom(undefined)).toBeUndefined();
    expect(parseFrom('')).toBeUndefined();
  });
});

describe('parseNc', () => {
  it('reads hexadecimal counts', () => {
    expect(parseNc('00000001')).toBe(1);
    expect(parseNc('0000000a')).toBe(10);
    expect(parseNc('000000FF')).toBe(255);
  });

  it('counts unreadable values as 0', () => {
    expect(parseNc(undefined)).toBe(0);
    expect(parseNc('')).toBe(0);
    expect(parseNc('zz')).toBe(0);
    expect(parseNc('123456789')).toBe(0);
  });
});

describe('challengeAlgorithms', () => {
  it('offers MD5 then SHA-256 for a CLRTXT password', () => {
    expect(challengeAlgorithms(['CLRTXT'])).toEqual(['MD5', 'SHA-256']);
  });

  it('offers one challenge per hashed password, in row order', () => {
    expect(challengeAlgorithms(['SHA-256'])).toEqual(['SHA-256']);
    expect(challengeAlgorithms(['MD5', 'SHA-256'])).toEqual(['MD5', 'SHA-256']);
    expect(challengeAlgorithms(['SHA-256', 'MD5'])).toEqual(['SHA-256', 'MD5']);
  });

  it('offers nothing without a password', () => {
    expect(challengeAlgorithms([])).toEqual([]);
  });
});

describe('challenge', () => {
  it('has the exact reference format', () => {
    expect(challenge('sip.example.org', 'MD5', '0123456789abcdefghijklmnopqrstuv', 'mV3Yt0bq2Qk8yF1uZ9aXcW4rE7sP0nLhGdJ6TfKoBvI')).toBe(
      'Digest realm="sip.example.org",qop="auth",algorithm=MD5,nonce="0123456789abcdefghijklmnopqrstuv",opaque="mV3Yt0bq2Qk8yF1uZ9aXcW4rE7sP0nLhGdJ6TfKoBvI"',
    );
  });

  it('ends with an unquoted stale=true for an expired nonce', () => {
    expect(challenge('sip.example.org', 'SHA-256', 'n', 'o', true)).toBe(
      'Digest realm="sip.example.org",qop="auth",algorithm=SHA-256,nonce="n",opaque="o",stale=true',
    );
  });
});
