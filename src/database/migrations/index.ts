import { Foundation1732000000000 } from './1732000000000-foundation';

/** Every migration, in order; listed so that the same array serves ts and js builds. */
export const MIGRATIONS = [Foundation1732000000000];
