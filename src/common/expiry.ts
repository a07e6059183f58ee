import { iso } from './serialize';

/** Expired when N > 0 and `now − N min` is strictly after `created_at` (tokens.md §1). */
export function isExpired(createdAt: Date | null, minutes: number, at: Date = new Date()): boolean {
  if (minutes <= 0 || !createdAt) return false;
  return at.getTime() - minutes * 60_000 > new Date(createdAt).getTime();
}

export function expireAt(createdAt: Date | null, minutes: number): string | null {
  if (minutes <= 0 || !createdAt) return null;
  return iso(new Date(new Date(createdAt).getTime() + minutes * 60_000));
}
