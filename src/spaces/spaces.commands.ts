import { Option } from 'nest-commander';
import { SpacesService } from './spaces.service';
import { BaseCommand, ConsoleCommand, ConsoleError } from '../common/console-command';
import { isHostname, isHostWithPort } from '../common/validation/rules';

@ConsoleCommand({
  name: 'spaces:create-update',
  arguments: '<sip_domain> <host>',
  description: 'Creates or updates a Space',
})
export class SpacesCreateUpdateCommand extends BaseCommand {
  constructor(private readonly spaces: SpacesService) {
    super();
  }

  async run([domain, host]: string[], options: { super?: boolean }): Promise<void> {
    // the API's rule (deviation 26): both end up in DIGEST challenges and URLs
    if (!isHostname(domain)) throw new ConsoleError('The domain format is invalid.');
    if (!isHostWithPort(host)) throw new ConsoleError('The host format is invalid.');
    this.line('Your will create or update a Space in the database');
    const isSuper = options.super === true;
    let created: boolean;
    try {
      ({ created } = await this.spaces.createOrUpdate(domain, host, isSuper));
    } catch (error) {
      // the APP_ROOT_DOMAIN rule, or a host already served by another Space
      if (/unique|duplicate/i.test(String(error))) throw new ConsoleError(`The host ${host} is already used by another Space`);
      throw error;
    }
    this.line(created ? 'A new domain will be created' : 'The domain already exists, updating it');
    this.line(isSuper ? 'Set as a super domain' : 'Set as a normal domain');
  }

  @Option({ flags: '--super', description: 'Set the Space as a super Space' })
  parseSuper(): boolean {
    return true;
  }
}
