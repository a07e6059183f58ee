import { isPlainObject, mergedInput, normalize } from './input';

describe('normalize (README pipeline step 5)', () => {
  it('trims strings', () => {
    expect(normalize({ username: '  bob ' })).toEqual({ username: 'bob' });
    expect(normalize({ old_password: ' secret ' })).toEqual({ old_password: 'secret' });
  });

  it('turns empty strings into null, after trimming', () => {
    expect(normalize({ email: '' })).toEqual({ email: null });
    expect(normalize({ email: '   ' })).toEqual({ email: null });
  });

  it('keeps a null key present', () => {
    const out = normalize({ email: '' }) as Record<string, unknown>;
    expect('email' in out).toBe(true);
    expect(out.email).toBeNull();
  });

  it('leaves password and password_confirmation untrimmed', () => {
    expect(normalize({ password: '  secret  ', password_confirmation: ' x ' })).toEqual({
      password: '  secret  ',
      password_confirmation: ' x ',
    });
  });

  it('still turns an empty password into null', () => {
    expect(normalize({ password: '' })).toEqual({ password: null });
  });

  it('recurses into objects and arrays', () => {
    expect(normalize({ a: { b: ' c ', d: '' }, list: [' x ', '', { e: ' f ' }] })).toEqual({
      a: { b: 'c', d: null },
      list: ['x', null, { e: 'f' }],
    });
  });

  it('leaves non-strings alone', () => {
    expect(normalize({ n: 0, b: false, nothing: null })).toEqual({ n: 0, b: false, nothing: null });
  });
});

describe('mergedInput', () => {
  it('merges the query under the body: body keys win', () => {
    expect(mergedInput({ a: '1', b: '2' }, { b: '3', c: '4' })).toEqual({ a: '1', b: '3', c: '4' });
  });

  it('normalises both', () => {
    expect(mergedInput({ q: ' x ' }, { username: ' bob ', password: ' p ' })).toEqual({ q: 'x', username: 'bob', password: ' p ' });
  });

  it('treats a body that is not an object as empty input', () => {
    expect(mergedInput({ a: '1' }, [1, 2])).toEqual({ a: '1' });
    expect(mergedInput(undefined, 'text')).toEqual({});
    expect(mergedInput(null, null)).toEqual({});
  });
});

describe('isPlainObject', () => {
  it('accepts objects only', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject('x')).toBe(false);
  });
});

describe('normalize depth (deviation 27)', () => {
  it('refuses input nested deeper than 64 levels with a 400, without overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let i = 0; i < 10_000; i++) deep = [deep];
    expect(() => normalize({ field: deep })).toThrow(
      expect.objectContaining({ status: 400, message: 'Invalid JSON: Maximum stack depth exceeded' }) as Error,
    );
  });

  it('reads 64 levels', () => {
    let deep: unknown = ' leaf ';
    for (let i = 0; i < 63; i++) deep = [deep];
    expect(JSON.stringify(normalize({ field: deep }))).toBe(`{"field":${'['.repeat(63)}"leaf"${']'.repeat(63)}}`);
  });
});
