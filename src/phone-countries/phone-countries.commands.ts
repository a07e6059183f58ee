import { Injectable } from '@nestjs/common';
import { BaseCommand, ConsoleCommand, ConsoleError } from '../common/console-command';
import { PhoneCountriesService, UnknownPhoneCountry } from './phone-countries.service';

/** `phone-countries:activate|deactivate <code…|all>`: the Super Admin routes for operators; prints the countries changed. */
// decorated so that the constructor's parameter types are emitted for the subclasses
@Injectable()
abstract class PhoneCountriesCommand extends BaseCommand {
  protected abstract readonly activated: boolean;

  constructor(private readonly countries: PhoneCountriesService) {
    super();
  }

  async run(codes: string[]): Promise<void> {
    if (codes.length === 0) throw new ConsoleError('Give at least one country code (e.g. FR) or all');
    let changed;
    try {
      changed = await this.countries.setActivatedFor(codes, this.activated);
    } catch (error) {
      if (error instanceof UnknownPhoneCountry) throw new ConsoleError(error.message);
      throw error;
    }
    for (const country of changed) {
      this.line(`${country.code} (+${country.country_code}) ${this.activated ? 'activated' : 'deactivated'}`);
    }
    this.line(`${changed.length} countr${changed.length === 1 ? 'y' : 'ies'} ${this.activated ? 'activated' : 'deactivated'}`);
  }
}

@ConsoleCommand({
  name: 'phone-countries:activate',
  arguments: '<codes...>',
  description: 'Activates phone countries: each ISO code with every country of its dialling code, or all',
})
export class PhoneCountriesActivateCommand extends PhoneCountriesCommand {
  protected readonly activated = true;
}

@ConsoleCommand({
  name: 'phone-countries:deactivate',
  arguments: '<codes...>',
  description: 'Deactivates phone countries: each ISO code with every country of its dialling code, or all',
})
export class PhoneCountriesDeactivateCommand extends PhoneCountriesCommand {
  protected readonly activated = false;
}
