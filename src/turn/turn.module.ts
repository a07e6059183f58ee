import { Module } from '@nestjs/common';
import { TurnController } from './turn.controller';

/** `GET /api/accounts/me/services/turn`; the provisioning XML uses the same credentials (turn-credentials.ts). */
@Module({ controllers: [TurnController] })
export class TurnModule {}
