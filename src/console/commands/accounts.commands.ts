import { Option } from 'nest-commander';
import { DataSource, WhereExpressionBuilder } from 'typeorm';
import { Account } from '../../accounts/entities/account.entity';
import { AccountTombstone } from '../../accounts/entities/account-tombstone.entity';
import { ApiKeysService } from '../../auth/api-keys.service';
import { DigestService } from '../../auth/digest/digest.service';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { now } from '../../database/timestamps';
import { BaseCommand, ConsoleCommand, ConsoleError, wholeNumber } from '../console-command';

const DAY_MS = 24 * 3600 * 1000;
/** Accounts deleted per statement by accounts:clear-unconfirmed. */
const DELETE_CHUNK = 5000;
const daysAgo = (days: number): Date => new Date(now().getTime() - days * DAY_MS);

@ConsoleCommand({ name: 'accounts:set-admin', arguments: '<id>', description: 'Makes an account admin' })
export class SetAdminCommand extends BaseCommand {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async run([id]: string[]): Promise<void> {
    const accounts = this.dataSource.getRepository(Account);
    const account = /^\d+$/.test(id) ? await accounts.findOneBy({ id: Number(id) }) : null;
    if (!account) throw new ConsoleError('Account not found, please use an existing account id');
    if (account.admin) throw new ConsoleError('The account is already having the admin role');
    await accounts.update({ id: account.id }, { admin: true, updated_at: now() });
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
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async run([given]: string[], options: { apply?: boolean; andConfirmed?: boolean }): Promise<void> {
    const before = daysAgo(wholeNumber(given, 'days'));
    const where = (qb: WhereExpressionBuilder): void => {
      qb.where('created_at < :before', { before });
      if (!options.andConfirmed) qb.andWhere('activated = :activated', { activated: false });
    };
    const select = this.dataSource.getRepository(Account).createQueryBuilder();
    where(select);
    const count = await select.getCount();
    if (!options.apply) {
      this.line(`${count} accounts to delete`);
      return;
    }
    this.line(`${count} accounts in deletion…`);
    // in bulk, by id chunks (short transactions on MySQL): database cascades only, no tombstones
    const accounts = this.dataSource.getRepository(Account);
    let deleted = 0;
    for (;;) {
      const chunk = accounts.createQueryBuilder().select('id').orderBy('id').limit(DELETE_CHUNK);
      where(chunk);
      const ids = (await chunk.getRawMany<{ id: number }>()).map((row) => row.id);
      if (ids.length === 0) break;
      deleted += (await accounts.delete(ids)).affected ?? ids.length;
      if (ids.length < DELETE_CHUNK) break;
    }
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
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async run([given]: string[], options: { apply?: boolean }): Promise<void> {
    const before = daysAgo(wholeNumber(given, 'days'));
    if (!options.apply) {
      const count = await this.dataSource
        .getRepository(AccountTombstone)
        .createQueryBuilder()
        .where('created_at < :before', { before })
        .getCount();
      this.line(`${count} tombstones to delete`);
      return;
    }
    const result = await this.dataSource
      .createQueryBuilder()
      .delete()
      .from(AccountTombstone)
      .where('created_at < :before', { before })
      .execute();
    this.line(`${result.affected ?? 0} tombstones deleted`);
  }

  @Option({ flags: '--apply', description: 'Really delete' })
  parseApply(): boolean {
    return true;
  }
}
