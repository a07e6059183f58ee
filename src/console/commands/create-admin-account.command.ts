import { Option } from 'nest-commander';
import { DataSource } from 'typeorm';
import { Account } from '../../accounts/entities/account.entity';
import { AccountsService } from '../../accounts/accounts.service';
import { Password } from '../../accounts/entities/password.entity';
import { ApiKeysService } from '../../auth/api-keys.service';
import { ha1 } from '../../auth/digest/digest';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { now } from '../../database/timestamps';
import { SpacesService } from '../../spaces/spaces.service';
import { BaseCommand, ConsoleCommand, ConsoleError } from '../console-command';

interface Options {
  username?: string;
  password?: string;
  domain?: string;
  apiKey?: string;
}

const THREE_YEARS_MS = 3 * 365 * 24 * 3600 * 1000;

@ConsoleCommand({
  name: 'accounts:create-admin-account',
  description: '(Re)creates an activated admin account in an existing Space',
})
export class CreateAdminAccountCommand extends BaseCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly spaces: SpacesService,
    private readonly apiKeys: ApiKeysService,
    private readonly accounts: AccountsService,
    @InjectSettings() private readonly settings: Settings,
  ) {
    super();
  }

  async run(_args: string[], options: Options): Promise<void> {
    const spaces = await this.spaces.list();
    const username = options.username ?? 'admin';
    const password = options.password ?? 'change_me';
    const domain = options.domain ?? spaces[0]?.domain;
    if (domain === undefined || !spaces.some((space) => space.domain === domain)) {
      throw new ConsoleError(`The domain must be one of the following ones: ${spaces.map((s) => s.domain).join(', ')}`);
    }

    const account = await this.dataSource.transaction(async (manager) => {
      // deleted without tombstone: the database cascades remove what hangs on it
      await manager.delete(Account, { username, domain });
      const created = manager.create(Account, {
        username,
        domain,
        // no shared address: with JWT on, an email claim alone would log in as every such admin (issue 7)
        email: null,
        activated: true,
        admin: true,
        blocked: false,
        user_agent: 'Test',
        ip_address: '0.0.0.0',
        // old enough for the purges to keep it
        created_at: new Date(now().getTime() - THREE_YEARS_MS),
        updated_at: now(),
      });
      await manager.save(created);
      const algorithm = this.settings.defaultPasswordAlgorithm;
      await manager.insert(Password, {
        account_id: created.id,
        algorithm,
        password: ha1(algorithm, username, this.settings.accountRealm ?? domain, password),
      });
      await this.accounts.newProvisioningToken(created, null, manager);
      return created;
    });

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

  @Option({ flags: '-p, --password <password>', description: 'Password (default: change_me)' })
  parsePassword(value: string): string {
    return value;
  }

  @Option({ flags: '-d, --domain <domain>', description: "An existing Space's domain (default: the first Space)" })
  parseDomain(value: string): string {
    return value;
  }

  @Option({ flags: '-k, --api-key <key>', description: 'That API key, usable from any IP and never expiring' })
  parseApiKey(value: string): string {
    if (value === '') throw new ConsoleError('The API key cannot be empty');
    return value;
  }
}
