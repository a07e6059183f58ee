/** `2024-12-10T09:31:07.000000Z`: ISO 8601 UTC with six fractional digits (reference). */
export function iso(date: Date | string | null | undefined): string | null {
  if (date === null || date === undefined) return null;
  const d = date instanceof Date ? date : new Date(date);
  if (Number.isNaN(d.getTime())) return null;
  const text = d.toISOString();
  // years 0-9999 (24 characters): no regular expression on the account JSON's hot path
  return text.length === 24 ? `${text.slice(0, 23)}000Z` : text.replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** `YYYY-MM-DD HH:mm:ss` (UTC), the reference's plain datetime form. */
export function plainDateTime(date: Date | string | null | undefined): string | null {
  if (date === null || date === undefined) return null;
  const d = date instanceof Date ? date : new Date(date);
  return d.toISOString().slice(0, 19).replace('T', ' ');
}

/** PHP truthiness, used where the reference casts an input with (bool). */
export function truthy(value: unknown): boolean {
  return !(value === false || value === 0 || value === '0' || value === '' || value === null || value === undefined);
}
