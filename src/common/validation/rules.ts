import { ValidateIf, ValidationArguments } from 'class-validator';
import { rule, RuleCheck, RuleMessage } from './rule';

export const isBlank = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

const has = (args: ValidationArguments, field: string): boolean => (args.object as Record<string, unknown>)[field] !== undefined;

/** Absent or null: skip every other rule of the field. */
export const Nullable = (): PropertyDecorator => ValidateIf((_object, value) => value !== null && value !== undefined);

export const Required = (): PropertyDecorator =>
  rule('required', (v) => !isBlank(v), { rule: 'required', implicit: true, structured: true });

/** Required when another field is absent. */
export const RequiredWithout = (...others: string[]): PropertyDecorator =>
  rule(
    'required_without',
    (v, args) => !isBlank(v) || others.every((o) => has(args, o)),
    // `:values` is rendered by the translator from these names, in the request's language
    { rule: 'required_without', implicit: true, structured: true, params: { fields: others.join(',') } },
  );

export const Filled = (): PropertyDecorator => rule('filled', (v) => !isBlank(v), { rule: 'filled', structured: true });

export const IsString = (): PropertyDecorator => rule('string', (v) => typeof v === 'string', { rule: 'string' });

// beyond 2^53 a number is no longer exact (the reference stops at PHP_INT_MAX)
export const isIntegerLike = (v: unknown): boolean =>
  (typeof v === 'number' && Number.isSafeInteger(v)) || (typeof v === 'string' && /^[+-]?\d+$/.test(v) && Number.isSafeInteger(Number(v)));

export const IsInteger = (): PropertyDecorator => rule('integer', isIntegerLike, { rule: 'integer' });

/** An integer that fits its column (`int`: 32 bits signed by default); judged only once it is an integer. */
export const IntRange = (min = -2147483648, max = 2147483647): PropertyDecorator =>
  rule('int_range', (v) => !isIntegerLike(v) || (Number(v) >= min && Number(v) <= max), {
    dynamic: (v): Omit<RuleMessage, 'seq'> =>
      Number(v) < min ? { rule: 'min.numeric', params: { min } } : { rule: 'max.numeric', params: { max } },
  });

export const BOOLEAN_VALUES: unknown[] = [true, false, 0, 1, '0', '1'];
export const IsBoolean = (): PropertyDecorator => rule('boolean', (v) => BOOLEAN_VALUES.includes(v), { rule: 'boolean' });

/** A text is measured in characters; a number by its decimal text (reference). */
const lengthOf = (v: unknown): number | undefined =>
  typeof v === 'string' ? [...v].length : typeof v === 'number' ? String(v).length : undefined;

export const MinLength = (min: number): PropertyDecorator =>
  rule('min', (v) => (lengthOf(v) ?? min) >= min, { rule: 'min.string', params: { min } });

export const MaxLength = (max: number): PropertyDecorator =>
  rule('max', (v) => (lengthOf(v) ?? 0) <= max, { rule: 'max.string', params: { max } });

export const Size = (size: number): PropertyDecorator =>
  rule('size', (v) => lengthOf(v) === size, { rule: 'size.string', params: { size } });

export const Digits = (digits: number): PropertyDecorator =>
  rule('digits', (v) => new RegExp(`^\\d{${digits}}$`).test(String(v)), { rule: 'digits', params: { digits } });

export const IsIn = (values: readonly unknown[], key = 'in'): PropertyDecorator => rule('in', (v) => values.includes(v), { rule: key });

// RFC 5322 addr-spec without DNS: local part and domain, `a@b` accepted; no
// control character (NUL, CR, LF, TAB …): an address ends up in mail headers
const EMAIL = /^[^\s\p{Cc}@"(),:;<>[\\\]]+(\.[^\s\p{Cc}@"(),:;<>[\\\]]+)*@[^\s\p{Cc}@"(),:;<>[\\\]]+$/u;
export const IsEmail = (): PropertyDecorator =>
  rule('email', (v) => typeof v === 'string' && EMAIL.test(v) && !v.includes('..'), { rule: 'email' });

export const Matches = (pattern: RegExp, text: string): PropertyDecorator =>
  rule('regex', (v) => typeof v === 'string' && pattern.test(v), { text });

// A DNS name (RFC 1123 labels): letters, digits and inner '-', dot-separated
const LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOSTNAME = new RegExp(`^${LABEL}(?:\\.${LABEL})*$`);
const PORT = /^[1-9]\d{0,4}$/;

// the length is the columns' `max` rule
export const isHostname = (v: unknown): boolean => typeof v === 'string' && HOSTNAME.test(v);

/** `name` or `name:port` (1-65535), as a Host header names a server. */
export function isHostWithPort(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const [name, port, ...rest] = v.split(':');
  return rest.length === 0 && isHostname(name) && (port === undefined || (PORT.test(port) && Number(port) <= 65535));
}

/**
 * Hostnames land in the DIGEST challenge and in URLs: nothing that could
 * quote or break a header. Only strings are judged: the field's type rule
 * reports the others.
 */
export const Hostname = (options: { port?: boolean } = {}): PropertyDecorator =>
  rule('regex', (v) => typeof v !== 'string' || (options.port ? isHostWithPort(v) : isHostname(v)), { rule: 'regex' });

/** A rule with a literal (never translated) message. */
export const Custom = (name: string, check: RuleCheck, text: string): PropertyDecorator => rule(name, check, { text });

/** `YYYY-MM-DD HH:mm:ss`, a real calendar time. */
export function parseDateTime(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  // Date.UTC rolls overflowing fields over (month 13, second 60): a real time reads back the same
  const same =
    date.getUTCFullYear() === +m[1] &&
    date.getUTCMonth() === +m[2] - 1 &&
    date.getUTCDate() === +m[3] &&
    date.getUTCHours() === +m[4] &&
    date.getUTCMinutes() === +m[5] &&
    date.getUTCSeconds() === +m[6];
  return same ? date : undefined;
}

export const IsDateTimeFormat = (): PropertyDecorator =>
  rule('date_format', (v) => parseDateTime(v) !== undefined, { rule: 'date_format', params: { format: 'Y-m-d H:i:s' } });

/** Dates as the reference's strtotime sees them: `YYYY-MM-DD[ HH:mm[:ss]]` or ISO 8601. */
export function parseDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  if (date.getUTCDate() !== +m[3] || date.getUTCMonth() !== +m[2] - 1) return undefined;
  if (m[4] !== undefined && (+m[4] > 23 || +m[5] > 59 || +(m[6] ?? 0) > 59)) return undefined;
  const parsed = new Date(m[4] === undefined ? `${m[1]}-${m[2]}-${m[3]}T00:00:00Z` : value.replace(' ', 'T') + (m[7] ? '' : 'Z'));
  return Number.isNaN(parsed.getTime()) ? undefined : parsed;
}

export const IsDate = (): PropertyDecorator => rule('date', (v) => parseDate(v) !== undefined, { rule: 'date' });

export const AfterOrEqualToday = (): PropertyDecorator =>
  rule(
    'after_or_equal',
    (v) => {
      const date = parseDate(v);
      if (!date) return false;
      const today = new Date();
      today.setUTCHours(0, 0, 0, 0);
      return date.getTime() >= today.getTime();
    },
    { rule: 'after_or_equal', params: { date: 'today' } },
  );

/** A string, or a number judged as its text (the reference's `alpha_*` rules take both). */
const textOf = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;

/** The reference's `alpha_dash`: Unicode letters, combining marks, numbers, `_` and `-`. */
export const AlphaDash = (): PropertyDecorator =>
  rule('alpha_dash', (v) => /^[\p{L}\p{M}\p{N}_-]+$/u.test(textOf(v) ?? ''), { rule: 'alpha_dash' });

/** The reference's `alpha_num`: Unicode letters, combining marks and numbers. */
export const AlphaNum = (): PropertyDecorator =>
  rule('alpha_num', (v) => /^[\p{L}\p{M}\p{N}]+$/u.test(textOf(v) ?? ''), { rule: 'alpha_num' });
