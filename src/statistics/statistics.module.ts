import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { StatisticsCallDevice } from './entities/statistics-call-device.entity';
import { StatisticsCall } from './entities/statistics-call.entity';
import { StatisticsConferenceParticipantDeviceEvent } from './entities/statistics-conference-participant-device-event.entity';
import { StatisticsConferenceParticipantEvent } from './entities/statistics-conference-participant-event.entity';
import { StatisticsConference } from './entities/statistics-conference.entity';
import { StatisticsMessageDevice } from './entities/statistics-message-device.entity';
import { StatisticsMessage } from './entities/statistics-message.entity';
import { StatisticsCallsController } from './statistics-calls.controller';
import { StatisticsConferencesController } from './statistics-conferences.controller';
import { StatisticsMessagesController } from './statistics-messages.controller';
import { StatisticsRepository } from './statistics.repository';
import { StatisticsService } from './statistics.service';
import { AccountsCoreModule } from '../account-core/accounts-core.module';
import { AccountDeletions } from '../account-core/account-deletion';
import { AccountStatisticsDeletion } from './account-statistics-deletion';

export const STATISTICS_ENTITIES = [
  StatisticsMessage,
  StatisticsMessageDevice,
  StatisticsCall,
  StatisticsCallDevice,
  StatisticsConference,
  StatisticsConferenceParticipantEvent,
  StatisticsConferenceParticipantDeviceEvent,
];

/** Flexisip's statistics: `/api/statistics/{messages,calls,conferences}…` (statistics.md; conferences are ours). */
@Module({
  imports: [TypeOrmModule.forFeature(STATISTICS_ENTITIES), AccountsCoreModule],
  controllers: [StatisticsMessagesController, StatisticsCallsController, StatisticsConferencesController],
  providers: [StatisticsService, StatisticsRepository, AccountStatisticsDeletion],
})
export class StatisticsModule implements OnModuleInit {
  constructor(
    private readonly deletions: AccountDeletions,
    private readonly statistics: AccountStatisticsDeletion,
  ) {}

  /** An account's deletion (one by one or the console's) takes its statistics rows too. */
  onModuleInit(): void {
    this.deletions.register(this.statistics);
  }
}
