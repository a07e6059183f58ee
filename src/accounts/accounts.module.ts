import { Module } from '@nestjs/common';
import { SpacesModule } from '../spaces/spaces.module';
import { AccountsCoreModule } from '../account-core/accounts-core.module';
import { AccountSerializer } from './account.serializer';
import { AccountCoreRelations } from '../account-core/account-relations.loader';
import { AccountCreationGuard } from './account-creation.guard';
import { ACCOUNT_CONSTRAINTS } from './dto/account-constraints';
import { PhoneCountriesModule } from '../phone-countries/phone-countries.module';

/**
 * What the account routes share: the core (repository), the account JSON,
 * the creation guard and the field rules' constraints. The routes are in
 * `admin/`, `me/` and `public/`, one module each.
 */
@Module({
  imports: [SpacesModule, AccountsCoreModule, PhoneCountriesModule],
  providers: [AccountCoreRelations, AccountSerializer, AccountCreationGuard, ...ACCOUNT_CONSTRAINTS],
  exports: [AccountsCoreModule, AccountSerializer, AccountCreationGuard, SpacesModule],
})
export class AccountsModule {}
