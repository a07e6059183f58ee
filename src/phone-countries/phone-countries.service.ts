import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { notFound } from '../common/errors';
import { now } from '../database/timestamps';
import { PhoneCountry } from './entities/phone-country.entity';

export class UnknownPhoneCountry extends Error {
  constructor(readonly codes: string[]) {
    super(`Unknown phone country code${codes.length > 1 ? 's' : ''}: ${codes.join(', ')}`);
  }
}

/** The countries whose numbers are accepted (misc.md §Phone countries). */
@Injectable()
export class PhoneCountriesService {
  constructor(@InjectRepository(PhoneCountry) private readonly countries: Repository<PhoneCountry>) {}

  /** Every row, `code` ascending (the order MySQL returns for the primary key). */
  all(): Promise<PhoneCountry[]> {
    return this.countries.find({ order: { code: 'ASC' } });
  }

  isActivated(code: string): Promise<boolean> {
    return this.countries.existsBy({ code: code.toUpperCase(), activated: true });
  }

  /**
   * (De)activates every row sharing the dialling code of `code` (activating
   * US activates the 25 regions of +1); returns those rows. Unknown → 404.
   */
  async setActivated(code: string, activated: boolean): Promise<PhoneCountry[]> {
    const country = await this.countries.findOneBy({ code: code.toUpperCase() });
    if (!country) throw notFound();
    await this.countries.update({ country_code: country.country_code }, { activated, updated_at: now() });
    return this.countries.find({ where: { country_code: country.country_code }, order: { code: 'ASC' } });
  }

  /** Every row; returns them all. */
  async setAllActivated(activated: boolean): Promise<PhoneCountry[]> {
    await this.countries.createQueryBuilder().update().set({ activated, updated_at: now() }).execute();
    return this.all();
  }

  /** The console's `<code…|all>`: each code's dialling-code group, or every row; returns the rows changed. */
  async setActivatedFor(codes: string[], activated: boolean): Promise<PhoneCountry[]> {
    if (codes.some((code) => code.toLowerCase() === 'all')) return this.setAllActivated(activated);
    const unknown: string[] = [];
    for (const code of codes) {
      if (!(await this.countries.existsBy({ code: code.toUpperCase() }))) unknown.push(code);
    }
    if (unknown.length) throw new UnknownPhoneCountry(unknown);
    const changed = new Map<string, PhoneCountry>();
    for (const code of codes) {
      for (const country of await this.setActivated(code, activated)) changed.set(country.code, country);
    }
    return [...changed.values()].sort((a, b) => a.code.localeCompare(b.code));
  }
}

export const serializePhoneCountry = (country: PhoneCountry) => ({
  code: country.code,
  country_code: country.country_code,
  activated: country.activated,
});
