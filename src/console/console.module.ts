import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';
import { AppModule } from '../app.module';
import { Settings } from '../config/settings';
import { AccountsCoreModule } from '../account-core/accounts-core.module';
import { AuthModule } from '../auth/auth.module';
import { SpacesModule } from '../spaces/spaces.module';
import { PhoneCountriesModule } from '../phone-countries/phone-countries.module';
import { APPLIED_MIGRATIONS, DbMigrateCommand } from '../database/database.commands';
import { SpacesCreateUpdateCommand } from '../spaces/spaces.commands';
import {
  ClearApiKeysCommand,
  ClearNoncesCommand,
  ClearTombstonesCommand,
  ClearUnconfirmedCommand,
  CreateAdminAccountCommand,
  SeedCommand,
  SetAdminCommand,
} from '../accounts/accounts.commands';
import { PhoneCountriesActivateCommand, PhoneCountriesDeactivateCommand } from '../phone-countries/phone-countries.commands';
import { Seeder } from '../accounts/seeder';

/** Every console command, in one place; each is written in its domain's `<domain>.commands.ts`. */
export const COMMANDS = [
  DbMigrateCommand,
  SpacesCreateUpdateCommand,
  CreateAdminAccountCommand,
  SetAdminCommand,
  ClearApiKeysCommand,
  ClearNoncesCommand,
  ClearUnconfirmedCommand,
  ClearTombstonesCommand,
  SeedCommand,
  PhoneCountriesActivateCommand,
  PhoneCountriesDeactivateCommand,
];

/** The help shows how the console is run. */
@Injectable()
export class CliName {
  constructor(@InjectCommander() commander: { name(name: string): unknown }) {
    commander.name('npm run cli --');
  }
}

/** The server's modules (same settings, same services) plus the commands; no HTTP. */
@Module({})
export class ConsoleModule {
  static forRoot(settings: Settings, appliedMigrations: string[]): DynamicModule {
    return {
      module: ConsoleModule,
      imports: [AppModule.forRoot(settings), AccountsCoreModule, AuthModule, SpacesModule, PhoneCountriesModule],
      providers: [{ provide: APPLIED_MIGRATIONS, useValue: appliedMigrations }, Seeder, CliName, ...COMMANDS],
    };
  }
}
