import { Module } from '@nestjs/common';
import { LegacyUserController } from './user.controller';

/** `GET /api/user`, kept for clients of the reference (misc.md). */
@Module({ controllers: [LegacyUserController] })
export class LegacyUserModule {}
