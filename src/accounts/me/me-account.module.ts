import { Module } from '@nestjs/common';
import { AuthModule } from '../../auth/auth.module';
import { MailModule } from '../../mail/mail.module';
import { SmsModule } from '../../sms/sms.module';
import { TokensModule } from '../../tokens/tokens.module';
import { AccountsModule } from '../accounts.module';
import { BlockingService } from './change-codes.blocking.service';
import { ChangeCodesController } from './change-codes.controller';
import { CodeSendingGuard } from './change-codes.guard';
import { ChangeCodesService } from './change-codes.service';
import { MeAccountService } from './me-account.service';
import { MeController } from './me.controller';

/** The authenticated account's own routes (`/api/accounts/me…`): profile, password, deletion, provisioning, email and phone changes. */
@Module({
  imports: [AccountsModule, AuthModule, TokensModule, MailModule, SmsModule],
  controllers: [MeController, ChangeCodesController],
  providers: [MeAccountService, ChangeCodesService, BlockingService, CodeSendingGuard],
})
export class MeAccountModule {}
