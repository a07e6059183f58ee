import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Settings } from './config/settings';
import { SettingsModule } from './config/settings.module';
import { DatabaseModule } from './database/database.module';
import { AuthModule } from './auth/auth.module';
import { AuthGuard } from './auth/auth.guard';
import { CommonModule } from './common/common.module';
import { LoggingModule } from './common/logging';
import { SpacesModule } from './spaces/spaces.module';
import { AccountsModule } from './accounts/accounts.module';
import { AccountTypesModule } from './account-types/account-types.module';
import { AccountActionsModule } from './account-actions/account-actions.module';
import { PingModule } from './ping/ping.module';
import { HealthModule } from './health/health.module';
import { PhoneCountriesModule } from './phone-countries/phone-countries.module';
import { MailModule } from './mail/mail.module';
import { SmsModule } from './sms/sms.module';
import { TokensModule } from './tokens/tokens.module';
import { PushModule } from './push/push.module';
import { MeAccountModule } from './accounts/me/me-account.module';
import { AdminAccountsModule } from './accounts/admin/admin-accounts.module';
import { PublicAccountsModule } from './accounts/public/public-accounts.module';
import { ProvisioningModule } from './provisioning/provisioning.module';
import { TurnModule } from './turn/turn.module';
import { DevicesModule } from './devices/devices.module';
import { VcardsModule } from './vcards/vcards.module';
import { MessagesModule } from './messages/messages.module';
import { LegacyUserModule } from './user/user.module';
import { StatisticsModule } from './statistics/statistics.module';
import { ContactsModule } from './contacts/contacts.module';
import { ContactsListsModule } from './contacts-lists/contacts-lists.module';

/** The HTTP application; the console reuses the same modules without controllers' traffic. */
@Module({})
export class AppModule {
  static forRoot(settings: Settings): DynamicModule {
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(settings),
        // pino, asynchronous; the request line is common/logging.ts's hook
        LoggingModule,
        DatabaseModule,
        CommonModule,
        AuthModule,
        SpacesModule,
        AccountsModule,
        AccountTypesModule,
        AccountActionsModule,
        PhoneCountriesModule,
        PingModule,
        HealthModule,
        MailModule,
        SmsModule,
        TokensModule,
        PushModule,
        // /api/accounts/me… before /api/accounts/:id (registration order)
        MeAccountModule,
        AdminAccountsModule,
        PublicAccountsModule,
        ProvisioningModule,
        TurnModule,
        DevicesModule,
        VcardsModule,
        LegacyUserModule,
        // misc.md: the route exists only with a daemon to talk to
        ...(settings.linphoneDaemonUnixPath ? [MessagesModule] : []),
        StatisticsModule,
        ContactsModule,
        ContactsListsModule,
      ],
      providers: [{ provide: APP_GUARD, useExisting: AuthGuard }],
    };
  }
}
