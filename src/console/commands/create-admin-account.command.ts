import { Option } from 'nest-commander';
import { AccountsMaintenanceRepository } from '../../accounts/core/accounts-maintenance.repository';
import { ApiKeysService } from '../../auth/api-keys.service';
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
    private readonly spaces: SpacesService,
    private readonly apiKeys: ApiKeysService,
    private readonly maintenance: AccountsMaintenanceRepository,
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
