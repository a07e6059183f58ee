import { Option } from 'nest-commander';
import { AccountsMaintenanceRepository } from '../account-core/accounts-maintenance.repository';
import { AccountsRepository } from '../account-core/accounts.repository';
import { ApiKeysService } from '../auth/api-keys.service';
import { DigestService } from '../auth/digest/digest.service';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { now } from '../database/timestamps';
import { randomToken } from '../common/random';
import { SpacesService } from '../spaces/spaces.service';
import { BaseCommand, ConsoleCommand, ConsoleError, wholeNumber } from '../common/console-command';
import { Seeder } from './seeder';
import { readSeedFile } from './seed-file';
import { withProgress } from '../common/progress';
import { creationDomain } from '../account-core/creation-domain';

const DAY_MS = 24 * 3600 * 1000;
const daysAgo = (days: number): Date => new Date(now().getTime() - days * DAY_MS);

@ConsoleCommand({ name: 'accounts:set-admin', arguments: '<id>', description: 'Makes an account admin' })
export class SetAdminCommand extends BaseCommand {
  constructor(private readonly accounts: AccountsRepository) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    const account = /^\d+$/.test(id) ? await this.accounts.findById(Number(id)) : null;
    if (!account) throw new ConsoleError('Account not found, please use an existing account id');
    if (account.admin) throw new ConsoleError('The account is already having the admin role');
    await this.accounts.update(account, { admin: true });
    this.line(`Account ${account.username}@${account.domain} is now admin`);
  }
}

@ConsoleCommand({
  name: 'accounts:clear-api-keys',
  arguments: '[minutes]',
  description: 'Deletes API keys unused for that long (default: APP_API_KEY_EXPIRATION_MINUTES)',
})
export class ClearApiKeysCommand extends BaseCommand {
  constructor(
    private readonly apiKeys: ApiKeysService,
    @InjectSettings() private readonly settings: Settings,
  ) {
    super();
  }

  async run([given]: string[]): Promise<void> {
    const minutes = given === undefined ? this.settings.apiKeyExpirationMinutes : wholeNumber(given, 'minutes');
    if (minutes === 0) {
      this.line('Expiration time is set to 0, nothing to clear');
      return;
    }
    this.line(`Deleting api keys unused after ${minutes} minutes`);
    const deleted = await withProgress('Deleting api keys', (report) => this.apiKeys.clearUnused(minutes, report));
    this.line(`${deleted} api keys deleted`);
  }
}

@ConsoleCommand({
  name: 'digest:clear-nonces',
  arguments: '<minutes>',
  description: 'Refuses DIGEST nonces issued more than <minutes> ago, on every instance, then deletes their counts',
})
export class ClearNoncesCommand extends BaseCommand {
  constructor(private readonly digest: DigestService) {
    super();
  }

  async run([given]: string[]): Promise<void> {
    const minutes = wholeNumber(given, 'minutes');
    const deleted = await withProgress('Deleting nonces', (report) => this.digest.clearOlderThan(minutes, report));
    this.line(`${deleted} expired nonces deleted`);
  }
}

@ConsoleCommand({
  name: 'accounts:clear-unconfirmed',
  arguments: '<days>',
  description: 'Deletes unactivated accounts created more than <days> days ago (dry run without --apply)',
})
export class ClearUnconfirmedCommand extends BaseCommand {
  constructor(private readonly maintenance: AccountsMaintenanceRepository) {
    super();
  }

  async run([given]: string[], options: { apply?: boolean; andConfirmed?: boolean }): Promise<void> {
    const before = daysAgo(wholeNumber(given, 'days'));
    const andConfirmed = options.andConfirmed ?? false;
    const count = await this.maintenance.countCreatedBefore(before, andConfirmed);
    if (!options.apply) {
      this.line(`${count} accounts to delete`);
      return;
    }
    this.line(`${count} accounts in deletion…`);
    const deleted = await withProgress('Deleting accounts', (report) => this.maintenance.deleteCreatedBefore(before, andConfirmed, report));
    this.line(`${deleted} accounts deleted`);
  }

  @Option({ flags: '--apply', description: 'Really delete' })
  parseApply(): boolean {
    return true;
  }

  @Option({ flags: '--and-confirmed', description: 'Also the activated accounts' })
  parseAndConfirmed(): boolean {
    return true;
  }
}

@ConsoleCommand({
  name: 'accounts:clear-tombstones',
  aliases: ['accounts:clear-accounts-tombstones'],
  arguments: '<days>',
  description: 'Deletes tombstones of accounts deleted more than <days> days ago (dry run without --apply)',
})
export class ClearTombstonesCommand extends BaseCommand {
  constructor(private readonly maintenance: AccountsMaintenanceRepository) {
    super();
  }

  async run([given]: string[], options: { apply?: boolean }): Promise<void> {
    const before = daysAgo(wholeNumber(given, 'days'));
    if (!options.apply) {
      this.line(`${await this.maintenance.countTombstonesBefore(before)} tombstones to delete`);
      return;
    }
    const deleted = await withProgress('Deleting tombstones', (report) => this.maintenance.deleteTombstonesBefore(before, report));
    this.line(`${deleted} tombstones deleted`);
  }

  @Option({ flags: '--apply', description: 'Really delete' })
  parseApply(): boolean {
    return true;
  }
}

interface Options {
  username?: string;
  password?: string;
  domain?: string;
  apiKey?: string;
}

const THREE_YEARS_MS = 3 * 365 * 24 * 3600 * 1000;
const API_KEY_MIN_LENGTH = 32;
const GENERATED_PASSWORD_LENGTH = 24;

@ConsoleCommand({
  name: 'accounts:create-admin-account',
  description: '(Re)creates an activated admin account in an existing Space',
})
export class CreateAdminAccountCommand extends BaseCommand {
  constructor(
    private readonly spaces: SpacesService,
    private readonly apiKeys: ApiKeysService,
    private readonly maintenance: AccountsMaintenanceRepository,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const spaces = await this.spaces.list();
    const username = options.username ?? 'admin';
    // no well-known default: printed once below, never stored in clear
    const password = options.password ?? randomToken(GENERATED_PASSWORD_LENGTH);
    const domain = creationDomain(options.domain, true, spaces[0]?.domain);
    if (domain === undefined || !spaces.some((space) => space.domain === domain)) {
      throw new ConsoleError(`The domain must be one of the following ones: ${spaces.map((s) => s.domain).join(', ')}`);
    }

    // old enough for the purges to keep it
    const account = await this.maintenance.recreateAdmin(username, domain, password, new Date(now().getTime() - THREE_YEARS_MS));

    const apiKey =
      options.apiKey !== undefined
        ? await this.apiKeys.generate(account.id, null, { key: options.apiKey, expires: false })
        : await this.apiKeys.generate(account.id, '127.0.0.1');

    this.line(`Admin test account created: "${username}@${domain}" | Password: "${password}" | API Key: "${apiKey}"`);
  }

  @Option({ flags: '-u, --username <username>', description: 'Username (default: admin)' })
  parseUsername(value: string): string {
    return value;
  }

  @Option({ flags: '-p, --password <password>', description: 'Password (default: a random one, printed once)' })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '-d, --domain <domain>', description: "An existing Space's domain (default: the first Space)" })
  parseDomain(value: string): string {
    return value;
  }

  @Option({ flags: '-k, --api-key <key>', description: 'That API key, usable from any IP and never expiring' })
  parseApiKey(value: string): string {
    // it never expires and works from any IP: as strong as the generated ones (40 characters)
    if (value.length < API_KEY_MIN_LENGTH) throw new ConsoleError(`The API key must be at least ${API_KEY_MIN_LENGTH} characters long`);
    return value;
  }
}

@ConsoleCommand({
  name: 'accounts:seed',
  arguments: '<count|json-file>',
  description: 'Bulk-creates <count> test accounts seed<i> (password "secret") for benchmarks, or the accounts of a JSON file',
})
export class SeedCommand extends BaseCommand {
  constructor(
    private readonly seeder: Seeder,
    @InjectSettings() private readonly settings: Settings,
  ) {
    super();
  }

  async run([given]: string[], options: { domain?: string }): Promise<void> {
    if (!/^\d+$/.test(given)) {
      // the reference's form: a JSON file describing the accounts
      const created = await this.seeder.seedRows(readSeedFile(given));
      this.line(`${created} accounts created from ${given}`);
      return;
    }
    const count = Number(given);
    const domain = creationDomain(options.domain, true, this.settings.sipDomain);
    const { created } = await withProgress('Creating accounts', (report) => this.seeder.seed(domain, count, report));
    this.line(`${created} accounts created in ${domain}`);
  }

  @Option({ flags: '-d, --domain <domain>', description: 'SIP domain (default: APP_SIP_DOMAIN); its Space is created when missing' })
  parseDomain(value: string): string {
    if (value === '') throw new ConsoleError('The domain cannot be empty');
    return value;
  }
}
