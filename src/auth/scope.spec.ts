import type { Caller } from '../account-core/request-scope';
import type { Space } from '../account-core/entities/space.entity';
import { scopeOf } from './scope';

const space = { domain: 'sip.example.org' } as Space;
const caller = (superAdmin: boolean) => ({ superAdmin, account: {} }) as Caller;

describe('scopeOf', () => {
  it('a super admin sees every domain and creates in the `domain` it sends', () => {
    expect(scopeOf(space, caller(true), { domain: 'other.org' })).toEqual({ space, domain: undefined, creationDomain: 'other.org' });
  });

  it('keeps a super admin’s non-string `domain` (validation refuses it)', () => {
    expect(scopeOf(space, caller(true), { domain: null }).creationDomain).toBeNull();
  });

  it('an admin, a user or a public caller sees and creates in the Space’s domain only', () => {
    for (const who of [caller(false), undefined]) {
      expect(scopeOf(space, who, { domain: 'other.org' })).toEqual({ space, domain: 'sip.example.org', creationDomain: 'sip.example.org' });
    }
  });

  it('a super admin without `domain` creates in the Space’s domain', () => {
    expect(scopeOf(space, caller(true), {}).creationDomain).toBe('sip.example.org');
  });
});
