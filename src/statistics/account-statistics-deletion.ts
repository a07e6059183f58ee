import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import type { AccountDeletionParticipant } from '../account-core/account-deletion';
import { StatisticsCall } from './entities/statistics-call.entity';
import { StatisticsConferenceParticipantDeviceEvent } from './entities/statistics-conference-participant-device-event.entity';
import { StatisticsConferenceParticipantEvent } from './entities/statistics-conference-participant-event.entity';
import { StatisticsMessage } from './entities/statistics-message.entity';

/**
 * accounts.md §6: an account's deletion takes the messages and calls it sent
 * (their device rows go by cascade); ours: its conference participant events
 * too. They hang on its address, not its id, so no foreign key reaches them.
 * The address compares as the engine collates it, as every account lookup does.
 */
@Injectable()
export class AccountStatisticsDeletion implements AccountDeletionParticipant {
  readonly key = 'statistics';

  async deleteOwnedBy(manager: EntityManager, username: string, domain: string): Promise<void> {
    await manager.delete(StatisticsMessage, { from_username: username, from_domain: domain });
    await manager.delete(StatisticsCall, { from_username: username, from_domain: domain });
    await manager.delete(StatisticsConferenceParticipantEvent, { participant_username: username, participant_domain: domain });
    await manager.delete(StatisticsConferenceParticipantDeviceEvent, { participant_username: username, participant_domain: domain });
  }
}
