import type { Caller, Scope } from '../account-core/request-scope';
import { isPlainObject } from '../common/input';
import type { Space } from '../account-core/entities/space.entity';

/**
 * The domain a creation targets (accounts.md §3.7): a super admin's `domain`
 * input, otherwise the Space's domain (a plain admin's `domain` is
 * validated, then ignored).
 */
export function creationDomain(space: Space, caller: Caller | undefined, body: unknown): unknown {
  return caller?.superAdmin && isPlainObject(body) && 'domain' in body ? body.domain : space.domain;
}

/** The request's scope: a super admin sees every domain, anyone else the Space's. */
export function scopeOf(space: Space, caller: Caller | undefined, body: unknown): Scope {
  return { space, domain: caller?.superAdmin ? undefined : space.domain, creationDomain: creationDomain(space, caller, body) };
}
