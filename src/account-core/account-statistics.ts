import { EntityManager } from 'typeorm';
import { StatisticsCall } from '../statistics/entities/statistics-call.entity';
import { StatisticsConferenceParticipantDeviceEvent } from '../statistics/entities/statistics-conference-participant-device-event.entity';
import { StatisticsConferenceParticipantEvent } from '../statistics/entities/statistics-conference-participant-event.entity';
import { StatisticsMessage } from '../statistics/entities/statistics-message.entity';

/** The statistics rows an account owns by its address (no foreign key reaches them). */
export const ACCOUNT_STATISTICS = [
  StatisticsMessage,
  StatisticsCall,
  StatisticsConferenceParticipantEvent,
  StatisticsConferenceParticipantDeviceEvent,
];

/**
 * accounts.md §6: the messages and calls the account sent (their device
 * rows go by cascade); ours: its conference participant events too. The
 * address compares as the engine collates it, as every account lookup does.
 */
export async function deleteStatisticsOf(manager: EntityManager, username: string, domain: string): Promise<void> {
  await manager.delete(StatisticsMessage, { from_username: username, from_domain: domain });
  await manager.delete(StatisticsCall, { from_username: username, from_domain: domain });
  await manager.delete(StatisticsConferenceParticipantEvent, { participant_username: username, participant_domain: domain });
  await manager.delete(StatisticsConferenceParticipantDeviceEvent, { participant_username: username, participant_domain: domain });
}
