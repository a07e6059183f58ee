/**
 * The domain a creation targets (accounts.md §3.7), decided here for every
 * route and command: the domain the creator gave (`undefined`: none), when it
 * may choose one (a super admin, the dangerous route, the console), else the
 * default (the Space's, or the console's).
 */
export function creationDomain<T>(given: T | undefined, mayChoose: boolean, fallback: T): T {
  return mayChoose && given !== undefined ? given : fallback;
}
