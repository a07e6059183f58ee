import { DIGEST_ALGORITHMS } from '../../common/digest-hash';
import { hasControlCharacters } from '../../common/control-characters';
import { applyDecorators } from '@nestjs/common';
import { rule } from '../../common/validation/rule';
import { requestOf } from '../../common/validation/validation-request';
import { Filled, IsEmail, MaxLength, MinLength, Nullable, Required } from '../../common/validation/rules';
import {
  AccountRulesMode,
  asText,
  AccountColumnFreeConstraint,
  DomainExistsConstraint,
  NotBlacklistedConstraint,
  NotPhoneLikeConstraint,
  NotTombstonedConstraint,
  parsePhone,
  PhoneCountryAuthorizedConstraint,
  PhoneUniqueAmongUsernamesConstraint,
  SipUsernameConstraint,
  UsernameUniqueConstraint,
} from './account-constraints';

export type { AccountRulesMode } from './account-constraints';

/**
 * The account field rules of accounts.md §3 as class-validator decorators
 * (those that need services check through `account-constraints.ts`).
 * Every factory must be called in the DTO body (never hoisted into a
 * constant): a rule takes its place in the message order when it is created.
 */

// ---------------------------------------------------------------- username

export const NoUppercase = (): PropertyDecorator =>
  rule('no_uppercase', (v) => !/[A-Z]/.test(asText(v) ?? ''), { text: 'No uppercase letters are allowed.' });

/** `admin`: skipped when APP_ALLOW_PHONE_NUMBER_USERNAME_ADMIN_API is on. */
export const NotPhoneLike = (options: { admin?: boolean } = {}): PropertyDecorator =>
  rule('not_phone', NotPhoneLikeConstraint, { text: 'The :attribute should not be a phone number', constraints: [options.admin === true] });

export const NotBlacklisted = (): PropertyDecorator => rule('blacklist', NotBlacklistedConstraint, { text: 'Username already used.' });

/** ACCOUNT_USERNAME_REGEX, as given (no implicit anchors), Unicode-aware. */
export const SipUsername = (): PropertyDecorator =>
  rule('sip_username', SipUsernameConstraint, { text: 'The :attribute should be a valid SIP username' });

/** No account has this username in the target domain (an update ignores its own account). */
export const UsernameUnique = (mode: AccountRulesMode): PropertyDecorator =>
  rule('unique', UsernameUniqueConstraint, { rule: 'unique', constraints: [mode] });

/** Creation only: the identity was not deleted before (§6). */
export const NotTombstoned = (): PropertyDecorator => rule('tombstone', NotTombstonedConstraint, { rule: 'unique' });

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

/** A valid number (libphonenumber full metadata), national with the request's `phone_country`. */
export const PhoneValid = (): PropertyDecorator =>
  rule('phone', (v, args) => parsePhone(v, requestOf(args)) !== undefined, { rule: 'phone' });

/** The number's region is an activated phone country (undetermined region → fail). */
export const PhoneCountryAuthorized = (): PropertyDecorator =>
  rule('phone_country', PhoneCountryAuthorizedConstraint, { text: 'The phone number must belong to an authorized country.' });

/** No account (any domain) has this phone; `ignoreSelf`: the route's account is ignored. */
export const PhoneUniqueAmongPhones = (options: { ignoreSelf?: boolean } = {}): PropertyDecorator =>
  rule('unique', AccountColumnFreeConstraint, { rule: 'unique', constraints: ['phone', options.ignoreSelf === true] });

/**
 * No account has this number as username: in any domain, or (`scope:
 * 'update'`) in the update's target domain ignoring the route's account.
 */
export const PhoneUniqueAmongUsernames = (scope: 'any' | 'update' = 'any'): PropertyDecorator =>
  rule('unique', PhoneUniqueAmongUsernamesConstraint, { rule: 'unique', constraints: [scope] });

// ------------------------------------------------------------------- email

/** Only when ACCOUNT_EMAIL_UNIQUE: no account (any domain) has it; an update ignores its account. */
export const EmailUniqueIfConfigured = (options: { ignoreSelf?: boolean } = {}): PropertyDecorator =>
  rule('unique', AccountColumnFreeConstraint, { rule: 'unique', constraints: ['email', options.ignoreSelf === true] });

// ------------------------------------------------------------ other fields

export const PasswordAlgorithm = (): PropertyDecorator =>
  rule('algorithm', (v) => (DIGEST_ALGORITHMS as readonly unknown[]).includes(v), {
    text: `The password algorithm must be in ${DIGEST_ALGORITHMS.join(', ')}`,
    typed: true,
  });

export const DTMF_PROTOCOLS = ['sipinfo', 'rfc2833', 'sipmessage'] as const;

export const DtmfProtocol = (): PropertyDecorator => rule('in', (v) => (DTMF_PROTOCOLS as readonly unknown[]).includes(v), { rule: 'in' });

/** A Space serves this domain. */
export const DomainExists = (): PropertyDecorator => rule('exists', DomainExistsConstraint, { rule: 'exists' });

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

/** The texts a free-text field holds: the string, or a dictionary's keys and values. */
function textsOf(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
  return Object.entries(v)
    .flat()
    .filter((text): text is string => typeof text === 'string');
}

/**
 * Ours (issue 15): free text ends up in the provisioning XML, and Linphone
 * writes it to its configuration file as a `key=value` line, where a line
 * break starts a new section; no control character is taken in.
 */
export const NoControlCharacters = (): PropertyDecorator =>
  rule('no_control_characters', (v) => !textsOf(v).some(hasControlCharacters), { rule: 'no_control_characters', structured: true });

/** A string or a number (measured and stored as its text); ours, where the reference casts. */
export const StringOrNumber = (): PropertyDecorator =>
  rule('string', (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)), { rule: 'string' });

/** Passwords are hashed on every login: at most 255 characters (deviation 27). */
export const PASSWORD_MAX = 255;

// ------------------------------------------------- fields as creations take them

/** `password` of a creation: required, 3 to 255 characters, a string or a number. */
export const NewPasswordRules = (): PropertyDecorator =>
  applyDecorators(Required(), MinLength(3), StringOrNumber(), MaxLength(PASSWORD_MAX));

/** An optional `email` (§3.5); `ignoreSelf`: an update ignores its own account. */
export const OptionalEmailRules = (options: { ignoreSelf?: boolean } = {}): PropertyDecorator =>
  applyDecorators(Nullable(), IsEmail(), EmailUniqueIfConfigured(options), MaxLength(64));

export const OptionalDtmfRules = (): PropertyDecorator => applyDecorators(Nullable(), DtmfProtocol());

/** An optional `phone` of a creation (§3.4), in the reference's order: unique first, then valid. */
export const CreationPhoneRules = (): PropertyDecorator =>
  applyDecorators(Nullable(), PhoneUniqueAmongPhones(), PhoneUniqueAmongUsernames('any'), PhoneValid(), PhoneCountryAuthorized());
