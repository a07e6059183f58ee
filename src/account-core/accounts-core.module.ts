import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Account } from './entities/account.entity';
import { AccountDictionaryEntry } from './entities/account-dictionary-entry.entity';
import { AccountTombstone } from './entities/account-tombstone.entity';
import { ActivationExpiration } from './entities/activation-expiration.entity';
import { Password } from './entities/password.entity';
import { ProvisioningToken } from './entities/provisioning-token.entity';
import { AccountsMaintenanceRepository } from './accounts-maintenance.repository';
import { AccountsRepository } from './accounts.repository';
import { ChangeCodesRepository } from './change-codes.repository';
import { PasswordsRepository } from './passwords.repository';
import { AccountDictionaryRepository } from './account-dictionary.repository';
import { ProvisioningTokensRepository } from './provisioning-tokens.repository';
import { ApiKeysRepository } from './api-keys.repository';
import { ApiKey } from './entities/api-key.entity';
import { EmailChangeCode } from './entities/email-change-code.entity';
import { PhoneChangeCode } from './entities/phone-change-code.entity';
import { RecoveryCode } from './entities/recovery-code.entity';
import { AccountDeletions } from './account-deletion';

/** What every layer above may use: the repositories and the deletion participants' registry. */
const PROVIDERS = [
  AccountDeletions,
  AccountsRepository,
  AccountsMaintenanceRepository,
  ChangeCodesRepository,
  ApiKeysRepository,
  PasswordsRepository,
  AccountDictionaryRepository,
  ProvisioningTokensRepository,
];

/**
 * The accounts core: the one place that queries `accounts` and the rows an
 * account owns. It depends on nothing but the database and the settings, so
 * Spaces, auth and the account modules all import it without cycles.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      Account,
      Password,
      AccountTombstone,
      AccountDictionaryEntry,
      ActivationExpiration,
      ProvisioningToken,
      EmailChangeCode,
      PhoneChangeCode,
      RecoveryCode,
      ApiKey,
    ]),
  ],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class AccountsCoreModule {}
