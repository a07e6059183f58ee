import type { Account } from './entities/account.entity';
import type { Space } from './entities/space.entity';

/** Who is calling: the authenticated account and whether it is a super admin. */
export interface Caller {
  account: Account;
  superAdmin: boolean;
}

/**
 * What a request may see and where its creations land, computed once by the
 * AuthGuard (src/auth/scope.ts); services and the accounts repository take it.
 */
export interface Scope {
  /** the Space of the Host */
  space: Space;
  /** the one domain the request may see; undefined: every domain (a super admin) */
  domain: string | undefined;
  /**
   * the domain a creation targets (accounts.md §3.7); not a string when a
   * super admin sent a non-string `domain` (refused by validation)
   */
  creationDomain: unknown;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** the Space resolved from the Host header (absent only on host-less routes) */
    space?: Space;
    caller?: Caller;
    /** set by the AuthGuard on every route served in a Space */
    scope?: Scope;
  }
}
