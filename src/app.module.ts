import { DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { AcceptLanguageResolver, I18nModule } from 'nestjs-i18n';
import { LoggerModule } from 'nestjs-pino';
import { join } from 'node:path';
import { Settings } from './config/settings';
import { SettingsModule } from './config/settings.module';
import { DatabaseModule } from './database/database.module';
import { AuthModule } from './auth/auth.module';
import { AuthGuard } from './auth/auth.guard';
import { CommonModule } from './common/common.module';
import { redactingRequestSerializer } from './common/log-redaction';
import { RouteRegistry } from './common/route-registry';
import { SpacesModule } from './spaces/spaces.module';
import { AccountsModule } from './accounts/accounts.module';
import { AccountTypesModule } from './account-types/account-types.module';
import { PingModule } from './ping/ping.module';
import { HealthModule } from './health/health.module';
import { PhoneCountriesModule } from './phone-countries/phone-countries.module';
import { MailModule } from './mail/mail.module';
import { SmsModule } from './sms/sms.module';
import { TokensModule } from './tokens/tokens.module';
import { MeAccountModule } from './accounts/me-account.module';
import { PublicAccountsModule } from './accounts/public-accounts.module';

/** The HTTP application; the console reuses the same modules without controllers' traffic. */
@Module({})
export class AppModule {
  static forRoot(settings: Settings): DynamicModule {
    const limit = settings.apiRateLimitPerMinute;
    return {
      module: AppModule,
      imports: [
        SettingsModule.forRoot(settings),
        LoggerModule.forRootAsync({
          imports: [CommonModule],
          inject: [RouteRegistry],
          useFactory: (routes: RouteRegistry) => ({
            pinoHttp: {
              level: process.env.LOG_LEVEL ?? 'info',
              // credentials never reach the log: headers here, tokens and codes of the URL in the serializer
              redact: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'res.headers["set-cookie"]'],
              serializers: { req: redactingRequestSerializer(routes) },
            },
          }),
        }),
        I18nModule.forRoot({
          fallbackLanguage: 'en',
          loaderOptions: { path: join(__dirname, 'i18n'), watch: false },
          resolvers: [AcceptLanguageResolver],
          logging: false,
        }),
        // its storage counts the requests of the rate-limit hook (common/rate-limit.ts)
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: Math.max(limit, 1) }]),
        DatabaseModule,
        CommonModule,
        AuthModule,
        SpacesModule,
        AccountsModule,
        AccountTypesModule,
        PhoneCountriesModule,
        PingModule,
        HealthModule,
        MailModule,
        SmsModule,
        TokensModule,
        MeAccountModule,
        PublicAccountsModule,
      ],
      providers: [{ provide: APP_GUARD, useExisting: AuthGuard }],
    };
  }
}
