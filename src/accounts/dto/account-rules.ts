import { DIGEST_ALGORITHMS } from '../../auth/digest/digest';
import { applyDecorators } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CountryCode, parsePhoneNumberFromString, PhoneNumber } from 'libphonenumber-js/max';
import { Not } from 'typeorm';
import { rule } from '../../common/validation/rule';
import { Filled, MaxLength, Required } from '../../common/validation/rules';
import { db, request, settings } from '../../common/validation/context';
import { Account } from '../entities/account.entity';
import { AccountTombstone } from '../entities/account-tombstone.entity';
import { Space } from '../../spaces/entities/space.entity';
import { PhoneCountry } from '../../phone-countries/entities/phone-country.entity';

/**
 * The account field rules of accounts.md §3 as class-validator decorators.
 * Every factory must be called in the DTO body (never hoisted into a
 * constant): a rule takes its place in the message order when it is created.
 */

type Body = Record<string, unknown>;

const bodyOf = (req: FastifyRequest | undefined): Body =>
  req?.body !== null && typeof req?.body === 'object' && !Array.isArray(req.body) ? (req.body as Body) : {};

/** The account id of `…/accounts/:id` routes (the account an update ignores in unique checks). */
function routeAccountId(req: FastifyRequest | undefined): number | undefined {
  const raw = (req?.params as { id?: unknown } | undefined)?.id;
  return typeof raw === 'string' && /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined;
}

/**
 * Target domain of a creation (§3.7): a super admin's `domain` key, otherwise
 * the current domain (a plain admin's `domain` is validated, then ignored).
 * Not a string when a super admin sent a non-string `domain` (then invalid).
 */
export function creationDomain(req: FastifyRequest | undefined = request()): unknown {
  const body = bodyOf(req);
  if (req?.caller?.superAdmin && 'domain' in body) return body.domain;
  return req?.space?.domain;
}

/**
 * Target domain of an admin update: the creation rule when `domain` is
 * present; otherwise the domain the account keeps (its own).
 */
async function updateDomain(req: FastifyRequest | undefined): Promise<unknown> {
  if ('domain' in bodyOf(req)) return creationDomain(req);
  const id = routeAccountId(req);
  const account = id === undefined ? null : await db().getRepository(Account).findOne({ where: { id }, select: { id: true, domain: true } });
  return account?.domain ?? req?.space?.domain;
}

export type AccountRulesMode = 'create' | 'update';

const targetDomain = (mode: AccountRulesMode): Promise<unknown> =>
  mode === 'create' ? Promise.resolve(creationDomain()) : updateDomain(request());

/** A username as the rules see it: numbers by their text, anything else is not a username. */
const asText = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

// ---------------------------------------------------------------- username

/** §3.2, the reference validator library's pattern (a PCRE conditional rewritten). */
const X = '((\\d{3,5})[. -]?(\\d{2}[. -]?\\d{2})|(\\d{2}[. -]?){4})';
const PHONE_LIKE = new RegExp(`^\\+?(\\d{0,3})? ?(?:(?=\\()\\(\\d{1,3}\\) ?${X}|(?!\\()[. -]?(\\d{1,3}[. -]*)?${X})$`);

export const isPhoneLike = (username: string): boolean => username.startsWith('+') || PHONE_LIKE.test(username);

/** §3.3: equal to an entry, or matched anywhere by an entry that is a regular expression. */
export function isBlacklisted(username: string, entries: string[]): boolean {
  for (const entry of entries) {
    // an empty entry (a stray comma) would otherwise black-list everything
    if (entry === '') continue;
    if (username === entry) return true;
    let pattern: RegExp;
    try {
      pattern = new RegExp(entry, 'u');
    } catch {
      continue;
    }
    if (pattern.test(username)) return true;
  }
  return false;
}

let usernamePattern: { source: string; regex: RegExp } | undefined;
function usernameRegex(): RegExp {
  const source = settings().accountUsernameRegex;
  if (usernamePattern?.source !== source) usernamePattern = { source, regex: new RegExp(source, 'u') };
  return usernamePattern.regex;
}

export const NoUppercase = (): PropertyDecorator =>
  rule('no_uppercase', (v) => !/[A-Z]/.test(asText(v) ?? ''), { text: 'No uppercase letters are allowed.' });

/** `admin`: skipped when APP_ALLOW_PHONE_NUMBER_USERNAME_ADMIN_API is on. */
export const NotPhoneLike = (options: { admin?: boolean } = {}): PropertyDecorator =>
  rule(
    'not_phone',
    (v) => {
      if (options.admin && settings().allowPhoneNumberUsernameAdminApi) return true;
      const text = asText(v);
      return text === undefined || !isPhoneLike(text);
    },
    { text: 'The :attribute should not be a phone number' },
  );

export const NotBlacklisted = (): PropertyDecorator =>
  rule('blacklist', (v) => !isBlacklisted(asText(v) ?? '', settings().accountBlacklistedUsernames), { text: 'Username already used.' });

/** ACCOUNT_USERNAME_REGEX, as given (no implicit anchors), Unicode-aware. */
export const SipUsername = (): PropertyDecorator =>
  rule(
    'sip_username',
    (v) => {
      const text = asText(v);
      return text !== undefined && usernameRegex().test(text);
    },
    { text: 'The :attribute should be a valid SIP username' },
  );

/** No account has this username in the target domain (an update ignores its own account). */
export const UsernameUnique = (mode: AccountRulesMode): PropertyDecorator =>
  rule(
    'unique',
    async (v) => {
      const username = asText(v);
      const domain = await targetDomain(mode);
      if (username === undefined || typeof domain !== 'string') return true;
      const self = mode === 'update' ? routeAccountId(request()) : undefined;
      return !(await db()
        .getRepository(Account)
        .existsBy(self === undefined ? { username, domain } : { username, domain, id: Not(self) }));
    },
    { rule: 'unique' },
  );

/** Creation only: the identity was not deleted before (§6). */
export const NotTombstoned = (): PropertyDecorator =>
  rule(
    'tombstone',
    async (v) => {
      const username = asText(v);
      const domain = creationDomain();
      if (username === undefined || typeof domain !== 'string') return true;
      return !(await db().getRepository(AccountTombstone).existsBy({ username, domain }));
    },
    { rule: 'unique' },
  );

/** §3.1 in its order, for the admin create/update. */
export const AdminUsernameRules = (mode: AccountRulesMode): PropertyDecorator =>
  applyDecorators(
    Required(),
    NoUppercase(),
    NotPhoneLike({ admin: true }),
    NotBlacklisted(),
    SipUsername(),
    UsernameUnique(mode),
    ...(mode === 'create' ? [NotTombstoned()] : []),
    Filled(),
    MaxLength(64),
  );

// ------------------------------------------------------------------- phone

/**
 * Parses a number as the reference's validator does: international format,
 * or national when the request carries a `phone_country` ISO code.
 */
export function parsePhone(value: unknown, req: FastifyRequest | undefined = request()): PhoneNumber | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const country = bodyOf(req).phone_country;
  const region = typeof country === 'string' && /^[A-Za-z]{2}$/.test(country) ? (country.toUpperCase() as CountryCode) : undefined;
  try {
    const parsed = parsePhoneNumberFromString(value, { defaultCountry: region, extract: false });
    return parsed?.isValid() ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** A valid number (libphonenumber full metadata). */
export const PhoneValid = (): PropertyDecorator => rule('phone', (v) => parsePhone(v) !== undefined, { rule: 'phone' });

/** The number's region is an activated phone country (undetermined region → fail). */
export const PhoneCountryAuthorized = (): PropertyDecorator =>
  rule(
    'phone_country',
    async (v) => {
      const region = parsePhone(v)?.country;
      if (!region) return false;
      return db().getRepository(PhoneCountry).existsBy({ code: region, activated: true });
    },
    { text: 'The phone number must belong to an authorized country.' },
  );

/** No account (any domain) has this phone; `ignoreSelf`: the route's account is ignored. */
export const PhoneUniqueAmongPhones = (options: { ignoreSelf?: boolean; self?: () => number | undefined } = {}): PropertyDecorator =>
  rule(
    'unique',
    async (v) => {
      if (typeof v !== 'string') return true;
      const self = options.self?.() ?? (options.ignoreSelf ? routeAccountId(request()) : undefined);
      return !(await db()
        .getRepository(Account)
        .existsBy(self === undefined ? { phone: v } : { phone: v, id: Not(self) }));
    },
    { rule: 'unique' },
  );

/**
 * No account has this number as username: in any domain, or (`scope:
 * 'update'`) in the update's target domain ignoring the route's account.
 */
export const PhoneUniqueAmongUsernames = (scope: 'any' | 'update' = 'any'): PropertyDecorator =>
  rule(
    'unique',
    async (v) => {
      if (typeof v !== 'string') return true;
      if (scope === 'any') return !(await db().getRepository(Account).existsBy({ username: v }));
      const domain = await updateDomain(request());
      if (typeof domain !== 'string') return true;
      const self = routeAccountId(request());
      return !(await db()
        .getRepository(Account)
        .existsBy(self === undefined ? { username: v, domain } : { username: v, domain, id: Not(self) }));
    },
    { rule: 'unique' },
  );

// ------------------------------------------------------------------- email

/** Only when ACCOUNT_EMAIL_UNIQUE: no account (any domain) has it; an update ignores its account. */
export const EmailUniqueIfConfigured = (options: { ignoreSelf?: boolean; self?: () => number | undefined } = {}): PropertyDecorator =>
  rule(
    'unique',
    async (v) => {
      if (!settings().accountEmailUnique || typeof v !== 'string') return true;
      const self = options.self?.() ?? (options.ignoreSelf ? routeAccountId(request()) : undefined);
      return !(await db()
        .getRepository(Account)
        .existsBy(self === undefined ? { email: v } : { email: v, id: Not(self) }));
    },
    { rule: 'unique' },
  );

// ------------------------------------------------------------ other fields

export const PasswordAlgorithm = (): PropertyDecorator =>
  rule('algorithm', (v) => (DIGEST_ALGORITHMS as readonly unknown[]).includes(v), {
    text: `The password algorithm must be in ${DIGEST_ALGORITHMS.join(', ')}`,
    typed: true,
  });

export const DTMF_PROTOCOLS = ['sipinfo', 'rfc2833', 'sipmessage'] as const;

export const DtmfProtocol = (): PropertyDecorator =>
  rule('in', (v) => (DTMF_PROTOCOLS as readonly unknown[]).includes(v), { rule: 'in' });

/** A Space serves this domain. */
export const DomainExists = (): PropertyDecorator =>
  rule('exists', async (v) => typeof v === 'string' && (await db().getRepository(Space).existsBy({ domain: v })), { rule: 'exists' });

/** Keys and values are stored in 255-character columns. */
const DICTIONARY_TEXT_MAX = 255;

/**
 * An object of strings (`{}` and `[]` accepted; null, a scalar, a list with
 * items, nested objects or null values rejected).
 */
export function isDictionary(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  if (v === null || typeof v !== 'object') return false;
  return Object.entries(v).every(
    ([key, value]) => typeof value === 'string' && [...key].length <= DICTIONARY_TEXT_MAX && [...value].length <= DICTIONARY_TEXT_MAX,
  );
}

export const DictionaryRule = (): PropertyDecorator =>
  rule('dictionary', isDictionary, { text: 'The dictionary must be an associative dictionary of strings', structured: true, typed: true });

/** `[]` (the reference's empty PHP array) is an empty dictionary. */
export const toDictionary = (v: unknown): Record<string, string> =>
  Array.isArray(v) || v === null || v === undefined ? {} : (v as Record<string, string>);

/** A string or a number (measured and stored as its text); ours, where the reference casts. */
export const StringOrNumber = (): PropertyDecorator =>
  rule('string', (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)), { rule: 'string' });

/** Passwords are hashed on every login: at most 255 characters (deviation 27). */
export const PASSWORD_MAX = 255;
