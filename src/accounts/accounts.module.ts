import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Account } from '../account-core/entities/account.entity';
import { AccountDictionaryEntry } from '../account-core/entities/account-dictionary-entry.entity';
import { AccountTombstone } from '../account-core/entities/account-tombstone.entity';
import { ActivationExpiration } from '../account-core/entities/activation-expiration.entity';
import { EmailChangeCode } from '../account-core/entities/email-change-code.entity';
import { Password } from '../account-core/entities/password.entity';
import { PhoneChangeCode } from '../account-core/entities/phone-change-code.entity';
import { ProvisioningToken } from '../account-core/entities/provisioning-token.entity';
import { RecoveryCode } from '../account-core/entities/recovery-code.entity';
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
  imports: [
    TypeOrmModule.forFeature([
      Account,
      Password,
      AccountTombstone,
      AccountDictionaryEntry,
      ActivationExpiration,
      EmailChangeCode,
      PhoneChangeCode,
      ProvisioningToken,
      RecoveryCode,
    ]),
    SpacesModule,
    AccountsCoreModule,
    PhoneCountriesModule,
  ],
  providers: [AccountCoreRelations, AccountSerializer, AccountCreationGuard, ...ACCOUNT_CONSTRAINTS],
  exports: [AccountsCoreModule, AccountSerializer, AccountCreationGuard, SpacesModule, TypeOrmModule],
})
export class AccountsModule {}
