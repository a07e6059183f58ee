import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Rows an upper module keeps for an account by its address, not by a
 * foreign key (no cascade reaches them), deleted with the account
 * (accounts.md §6: its statistics). The owning module registers one with
 * `AccountDeletions.register` in its `onModuleInit`; the account core never
 * imports it.
 */
export interface AccountDeletionParticipant {
  /** for errors and debugging: the rows' name */
  readonly key: string;
  /** Inside the deletion's transaction, after the account row is gone. */
  deleteOwnedBy(manager: EntityManager, username: string, domain: string): Promise<void>;
}

/** The participants of every account deletion: one by one (AccountsRepository.remove) or the console's. */
@Injectable()
export class AccountDeletions {
  private readonly participants: AccountDeletionParticipant[] = [];

  register(participant: AccountDeletionParticipant): void {
    if (this.participants.some((p) => p.key === participant.key)) throw new Error(`account deletion ${participant.key} registered twice`);
    this.participants.push(participant);
  }

  /** Each participant's statements in registration order, in the caller's transaction. */
  async deleteOwnedBy(manager: EntityManager, username: string, domain: string): Promise<void> {
    for (const participant of this.participants) await participant.deleteOwnedBy(manager, username, domain);
  }
}
