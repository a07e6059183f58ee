import { Module } from '@nestjs/common';
import { DangerousCreationGuard, DangerousEndpointsGuard } from './public-accounts.guards';
import { MailModule } from '../../mail/mail.module';
import { SmsModule } from '../../sms/sms.module';
import { TokensModule } from '../../tokens/tokens.module';
import { AccountsModule } from '../accounts.module';
import { PublicAccountsController } from './public-accounts.controller';
import { PublicAccountsService } from './public-accounts.service';
import { DangerousAccountsService } from './public-accounts-dangerous.service';
import { TokenPaidWrites } from './public-accounts.creation';
import { PhoneOfAnAccountConstraint, UsernameFreeInDomainConstraint } from './dto/public-accounts-dangerous.dto';

/** Account routes without authentication (accounts.md §8). */
@Module({
  imports: [AccountsModule, TokensModule, MailModule, SmsModule],
  controllers: [PublicAccountsController],
  providers: [
    PublicAccountsService,
    DangerousAccountsService,
    TokenPaidWrites,
    DangerousEndpointsGuard,
    DangerousCreationGuard,
    UsernameFreeInDomainConstraint,
    PhoneOfAnAccountConstraint,
  ],
})
export class PublicAccountsModule {}
