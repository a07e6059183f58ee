import { Injectable } from '@nestjs/common';
import { ValidationArguments, ValidatorConstraint } from 'class-validator';
import type { FastifyRequest } from 'fastify';
import { CountryCode, parsePhoneNumberFromString, PhoneNumber } from 'libphonenumber-js/max';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { RuleConstraint } from '../../common/validation/rule';
import { requestOf } from '../../common/validation/validation-request';
import { PhoneCountriesService } from '../../phone-countries/phone-countries.service';
import { SpacesService } from '../../spaces/spaces.service';
import { AccountsRepository } from '../../account-core/accounts.repository';

/**
 * The account rules that need the settings, the database or the request, as
 * injectable constraints (provided by AccountsModule). Their decorators are in
 * `account-rules.ts`.
 */

type Body = Record<string, unknown>;

const bodyOf = (req: FastifyRequest | undefined): Body =>
  req?.body !== null && typeof req?.body === 'object' && !Array.isArray(req.body) ? (req.body as Body) : {};

/** The account id of `…/accounts/:id` routes (the account an update ignores in unique checks). */
function routeAccountId(req: FastifyRequest | undefined): number | undefined {
  const raw = (req?.params as { id?: unknown } | undefined)?.id;
  return typeof raw === 'string' && /^\d+$/.test(raw) && Number.isSafeInteger(Number(raw)) ? Number(raw) : undefined;
}

/** Where a creation lands (§3.7), computed by the AuthGuard. */
const scopeCreationDomain = (req: FastifyRequest | undefined): unknown => req?.scope?.creationDomain;

/** A username as the rules see it: numbers by their text, anything else is not a username. */
export const asText = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

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

/**
 * Parses a number as the reference's validator does: international format,
 * or national when the request carries a `phone_country` ISO code.
 */
export function parsePhone(value: unknown, req: FastifyRequest | undefined): PhoneNumber | undefined {
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

export type AccountRulesMode = 'create' | 'update';

// ---------------------------------------------------------------- settings

/** `args.constraints[0]` true (admin API): skipped when APP_ALLOW_PHONE_NUMBER_USERNAME_ADMIN_API is on. */
@ValidatorConstraint()
@Injectable()
export class NotPhoneLikeConstraint implements RuleConstraint {
  constructor(@InjectSettings() private readonly settings: Settings) {}

  validate(v: unknown, args: ValidationArguments): boolean {
    if (args.constraints?.[0] === true && this.settings.allowPhoneNumberUsernameAdminApi) return true;
    const text = asText(v);
    return text === undefined || !isPhoneLike(text);
  }
}

@ValidatorConstraint()
@Injectable()
export class NotBlacklistedConstraint implements RuleConstraint {
  constructor(@InjectSettings() private readonly settings: Settings) {}

  validate(v: unknown): boolean {
    return !isBlacklisted(asText(v) ?? '', this.settings.accountBlacklistedUsernames);
  }
}

/** ACCOUNT_USERNAME_REGEX, as given (no implicit anchors), Unicode-aware. */
@ValidatorConstraint()
@Injectable()
export class SipUsernameConstraint implements RuleConstraint {
  private readonly pattern: RegExp;

  constructor(@InjectSettings() settings: Settings) {
    this.pattern = new RegExp(settings.accountUsernameRegex, 'u');
  }

  validate(v: unknown): boolean {
    const text = asText(v);
    return text !== undefined && this.pattern.test(text);
  }
}

// ---------------------------------------------------------------- database

/** The domain an account lands in or keeps, and the account an update ignores in unique checks. */
@Injectable()
export class AccountTarget {
  constructor(private readonly accounts: AccountsRepository) {}

  /** Update: the creation rule when `domain` is present; otherwise the domain the account keeps (its own). */
  async updateDomain(req: FastifyRequest | undefined): Promise<unknown> {
    if ('domain' in bodyOf(req)) return scopeCreationDomain(req);
    const id = routeAccountId(req);
    const account = id === undefined ? null : await this.accounts.findById(id);
    return account?.domain ?? req?.space?.domain;
  }

  domain(mode: AccountRulesMode, req: FastifyRequest | undefined): Promise<unknown> {
    return mode === 'create' ? Promise.resolve(scopeCreationDomain(req)) : this.updateDomain(req);
  }

  self = routeAccountId;
}

/** No account has this username in the target domain (`args.constraints[0]`: the mode; an update ignores its own account). */
@ValidatorConstraint({ async: true })
@Injectable()
export class UsernameUniqueConstraint implements RuleConstraint {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly target: AccountTarget,
  ) {}

  async validate(v: unknown, args: ValidationArguments): Promise<boolean> {
    const mode = args.constraints[0] as AccountRulesMode;
    const req = requestOf(args);
    const username = asText(v);
    const domain = await this.target.domain(mode, req);
    if (username === undefined || typeof domain !== 'string') return true;
    return !(await this.accounts.isTaken({ username, domain }, mode === 'update' ? this.target.self(req) : undefined));
  }
}

/** Creation only: the identity was not deleted before (§6). */
@ValidatorConstraint({ async: true })
@Injectable()
export class NotTombstonedConstraint implements RuleConstraint {
  constructor(private readonly accounts: AccountsRepository) {}

  async validate(v: unknown, args: ValidationArguments): Promise<boolean> {
    const username = asText(v);
    const domain = scopeCreationDomain(requestOf(args));
    if (username === undefined || typeof domain !== 'string') return true;
    return !(await this.accounts.isTombstoned(username, domain));
  }
}

/** The number's region is an activated phone country (undetermined region → fail). */
@ValidatorConstraint({ async: true })
@Injectable()
export class PhoneCountryAuthorizedConstraint implements RuleConstraint {
  constructor(private readonly countries: PhoneCountriesService) {}

  async validate(v: unknown, args: ValidationArguments): Promise<boolean> {
    const region = parsePhone(v, requestOf(args))?.country;
    return region ? this.countries.isActivated(region) : false;
  }
}

/**
 * No account (any domain) has this phone or email (`args.constraints`:
 * the column, then whether the route's account is ignored); an email only
 * when ACCOUNT_EMAIL_UNIQUE.
 */
@ValidatorConstraint({ async: true })
@Injectable()
export class AccountColumnFreeConstraint implements RuleConstraint {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly target: AccountTarget,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  async validate(v: unknown, args: ValidationArguments): Promise<boolean> {
    const [column, ignoreSelf] = args.constraints as ['phone' | 'email', boolean];
    if (typeof v !== 'string' || (column === 'email' && !this.settings.accountEmailUnique)) return true;
    const self = ignoreSelf ? this.target.self(requestOf(args)) : undefined;
    return !(await this.accounts.isTaken({ [column]: v }, self));
  }
}

/**
 * No account has this number as username: in any domain, or (`'update'`) in
 * the update's target domain ignoring the route's account.
 */
@ValidatorConstraint({ async: true })
@Injectable()
export class PhoneUniqueAmongUsernamesConstraint implements RuleConstraint {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly target: AccountTarget,
  ) {}

  async validate(v: unknown, args: ValidationArguments): Promise<boolean> {
    if (typeof v !== 'string') return true;
    if (args.constraints[0] !== 'update') return !(await this.accounts.isTaken({ username: v }));
    const req = requestOf(args);
    const domain = await this.target.updateDomain(req);
    if (typeof domain !== 'string') return true;
    return !(await this.accounts.isTaken({ username: v, domain }, this.target.self(req)));
  }
}

/** A Space serves this domain. */
@ValidatorConstraint({ async: true })
@Injectable()
export class DomainExistsConstraint implements RuleConstraint {
  constructor(private readonly spaces: SpacesService) {}

  async validate(v: unknown): Promise<boolean> {
    return typeof v === 'string' && (await this.spaces.findByDomain(v)) !== null;
  }
}

export const ACCOUNT_CONSTRAINTS = [
  AccountTarget,
  NotPhoneLikeConstraint,
  NotBlacklistedConstraint,
  SipUsernameConstraint,
  UsernameUniqueConstraint,
  NotTombstonedConstraint,
  PhoneCountryAuthorizedConstraint,
  AccountColumnFreeConstraint,
  PhoneUniqueAmongUsernamesConstraint,
  DomainExistsConstraint,
];
