import { DynamicModule, Injectable, Module } from '@nestjs/common';
import { InjectCommander } from 'nest-commander';
import { AppModule } from '../app.module';
import { Settings } from '../config/settings';
import { SpacesModule } from '../spaces/spaces.module';
import { AccountsModule } from '../accounts/accounts.module';
import { PhoneCountriesModule } from '../phone-countries/phone-countries.module';
import { APPLIED_MIGRATIONS, DbMigrateCommand } from './commands/db.commands';
import { SpacesCreateUpdateCommand } from './commands/spaces.commands';
import { CreateAdminAccountCommand } from './commands/create-admin-account.command';
import {
  ClearApiKeysCommand,
  ClearNoncesCommand,
  ClearTombstonesCommand,
  ClearUnconfirmedCommand,
  SetAdminCommand,
} from './commands/accounts.commands';
import { SeedCommand } from './commands/seed.command';
import { Seeder } from './seeder';
import { PhoneCountriesActivateCommand, PhoneCountriesDeactivateCommand } from '../phone-countries/phone-countries.commands';

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
      imports: [AppModule.forRoot(settings), SpacesModule, AccountsModule, PhoneCountriesModule],
      providers: [{ provide: APPLIED_MIGRATIONS, useValue: appliedMigrations }, Seeder, CliName, ...COMMANDS],
    };
  }
}
