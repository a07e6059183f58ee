import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountCreationToken } from './entities/account-creation-token.entity';
import { AccountCreationRequestToken } from './entities/account-creation-request-token.entity';
import { AccountCreationTokensController } from './account-creation-tokens.controller';
import { AccountCreationTokensService } from './account-creation-tokens.service';
import { AccountCreationRequestTokensController } from './account-creation-request-tokens.controller';
import { AccountCreationRequestTokensService } from './account-creation-request-tokens.service';
import { CreationTokenPageController } from './creation-token-page.controller';
import { CreationTokenPageService } from './creation-token-page.service';
import { HcaptchaService } from './hcaptcha.service';
import { SendByPushService } from './send-by-push.service';
import { PushModule } from '../push/push.module';
import { CommonModule } from '../common/common.module';
import { AccountCreationTokenConstraint, AccountCreationTokenExpiryConstraint } from './account-creation-token.rules';

@Module({
  imports: [TypeOrmModule.forFeature([AccountCreationToken, AccountCreationRequestToken]), PushModule, CommonModule],
  controllers: [AccountCreationTokensController, AccountCreationRequestTokensController, CreationTokenPageController],
  providers: [
    AccountCreationTokensService,
    AccountCreationTokenConstraint,
    AccountCreationTokenExpiryConstraint,
    AccountCreationRequestTokensService,
    CreationTokenPageService,
    HcaptchaService,
    SendByPushService,
  ],
  exports: [AccountCreationTokensService],
})
export class TokensModule {}
