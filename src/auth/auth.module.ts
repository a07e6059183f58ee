import { Module } from '@nestjs/common';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccountsCoreModule } from '../account-core/accounts-core.module';
import { AuthToken } from './entities/auth-token.entity';
import { Nonce } from './entities/nonce.entity';
import { ApiKeysService } from './api-keys.service';
import { ApiKeyUsage } from './api-key-usage';
import { AuthTokensController } from './auth-tokens.controller';
import { AuthTokensService } from './auth-tokens.service';
import { AuthGuard } from './auth.guard';
import { Authenticator } from './authenticator.service';
import { DigestService } from './digest/digest.service';
import { NonceCounts } from './digest/nonce-counts';
import { JwtAuthenticator } from './jwt/jwt-authenticator.service';
import { JwtStrategy } from './jwt/jwt.strategy';

@Module({
  imports: [PassportModule, AccountsCoreModule, TypeOrmModule.forFeature([Nonce, AuthToken])],
  controllers: [AuthTokensController],
  providers: [
    ApiKeysService,
    ApiKeyUsage,
    AuthTokensService,
    DigestService,
    NonceCounts,
    JwtStrategy,
    JwtAuthenticator,
    Authenticator,
    AuthGuard,
  ],
  exports: [ApiKeysService, AuthTokensService, DigestService, AuthGuard, TypeOrmModule],
})
export class AuthModule {}
