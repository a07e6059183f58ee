import type { Caller, Scope } from '../account-core/request-scope';
import { isPlainObject } from '../common/input';
import type { Space } from '../account-core/entities/space.entity';
import { creationDomain } from '../account-core/creation-domain';

/** The request's scope: a super admin sees every domain, anyone else the Space's. */
export function scopeOf(space: Space, caller: Caller | undefined, body: unknown): Scope {
  return { space, domain: caller?.superAdmin ? undefined : space.domain, creationDomain: requestedDomain(space, caller, body) };
}

/** A super admin's `domain` input (even a null one, refused by validation), otherwise the Space's domain (a plain admin's `domain` is validated, then ignored). */
function requestedDomain(space: Space, caller: Caller | undefined, body: unknown): unknown {
  const given = isPlainObject(body) && 'domain' in body ? body.domain : undefined;
  return creationDomain<unknown>(given, caller?.superAdmin === true, space.domain);
}
