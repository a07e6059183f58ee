import { Option } from 'nest-commander';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { BaseCommand, ConsoleCommand, ConsoleError } from '../console-command';
import { Seeder } from '../seeder';
import { readSeedFile } from '../seed-file';

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
    const domain = options.domain ?? this.settings.sipDomain;
    const { created } = await this.seeder.seed(domain, count);
    this.line(`${created} accounts created in ${domain}`);
  }

  @Option({ flags: '-d, --domain <domain>', description: 'SIP domain (default: APP_SIP_DOMAIN); its Space is created when missing' })
  parseDomain(value: string): string {
    if (value === '') throw new ConsoleError('The domain cannot be empty');
    return value;
  }
}
