import { ApiError } from './errors';
import { MAX_JSON_DEPTH, TOO_DEEP } from './json-body';

/**
 * Input normalisation of the reference: strings trimmed (except passwords),
 * empty strings become null, recursively; query parameters merged under the
 * body (body keys win).
 */
const UNTRIMMED = new Set(['password', 'password_confirmation']);

export function normalize(value: unknown, key?: string, depth = 0): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && UNTRIMMED.has(key)) return value === '' ? null : value;
    const trimmed = value.trim();
    return trimmed === '' ? null : trimmed;
  }
  if (value === null || typeof value !== 'object') return value;
  // the JSON parser refuses deeper bodies; this keeps any other source from overflowing the stack
  if (depth >= MAX_JSON_DEPTH) throw new ApiError(400, TOO_DEEP);
  if (Array.isArray(value)) return value.map((item) => normalize(item, undefined, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = normalize(v, k, depth + 1);
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function mergedInput(query: unknown, body: unknown): Record<string, unknown> {
  const q = isPlainObject(query) ? query : {};
  const b = isPlainObject(body) ? body : {};
  return normalize({ ...q, ...b }) as Record<string, unknown>;
}
