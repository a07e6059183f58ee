import { Option } from 'nest-commander';
import { AccountsMaintenanceRepository } from '../../accounts/core/accounts-maintenance.repository';
import { AccountsRepository } from '../../accounts/core/accounts.repository';
import { ApiKeysService } from '../../auth/api-keys.service';
import { DigestService } from '../../auth/digest/digest.service';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { now } from '../../database/timestamps';
import { BaseCommand, ConsoleCommand, ConsoleError, wholeNumber } from '../console-command';

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
    const deleted = await this.apiKeys.clearUnused(minutes);
    this.line(`${deleted} api keys deleted`);
  }
}

@ConsoleCommand({ name: 'digest:clear-nonces', arguments: '<minutes>', description: 'Deletes DIGEST nonces older than that' })
export class ClearNoncesCommand extends BaseCommand {
  constructor(private readonly digest: DigestService) {
    super();
  }

  async run([given]: string[]): Promise<void> {
    const deleted = await this.digest.clearOlderThan(wholeNumber(given, 'minutes'));
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
    const deleted = await this.maintenance.deleteCreatedBefore(before, andConfirmed);
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
    this.line(`${await this.maintenance.deleteTombstonesBefore(before)} tombstones deleted`);
  }

  @Option({ flags: '--apply', description: 'Really delete' })
  parseApply(): boolean {
    return true;
  }
}
