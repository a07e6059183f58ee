import { Injectable } from '@nestjs/common';
import { DataSource, EntityTarget, IsNull, LessThan, MoreThan, Not } from 'typeorm';
import { now } from '../database/timestamps';
import { AccountPatch, AccountsRepository } from './accounts.repository';
import { claimAttempt, clearIfSpent, GuardedCode, MAX_CODE_ATTEMPTS } from './code-attempts';
import { Account } from './entities/account.entity';
import { EmailChangeCode } from './entities/email-change-code.entity';
import { PhoneChangeCode } from './entities/phone-change-code.entity';
import { RecoveryCode } from './entities/recovery-code.entity';

export type ChangeCode = EmailChangeCode | PhoneChangeCode;

/** What a new code row records besides its account and target. */
export interface CodeFields {
  code: string;
  ip: string | null;
  user_agent: string | null;
}

/**
 * The email and phone change codes (`email_changed_codes`,
 * `phone_change_codes`): an account's pending change is its latest row whose
 * code is not consumed and still has tries (deviation 23).
 */
@Injectable()
export class ChangeCodesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsRepository,
  ) {}

  pending<T extends ChangeCode>(entity: EntityTarget<T>, accountId: number): Promise<T | null> {
    return this.dataSource.getRepository(entity).findOne({
      where: { account_id: accountId, code: Not(IsNull()), attempts: LessThan(MAX_CODE_ATTEMPTS) } as never,
      order: { id: 'DESC' } as never,
    });
  }

  /** Re-uses the pending row or creates one; a new code and (deviation, tokens.md §6) a new `created_at`. */
  async renew<T extends ChangeCode>(entity: EntityTarget<T>, accountId: number, target: Partial<T>, code: CodeFields): Promise<void> {
    const repository = this.dataSource.getRepository(entity);
    const fields = { ...target, ...code, created_at: now(), updated_at: now() };
    const pending = await this.pending(entity, accountId);
    if (pending) {
      // only while still pending: a change cleared meanwhile is not revived
      const renewed = await repository
        .createQueryBuilder()
        .update()
        .set(fields as never)
        .where('id = :id AND code IS NOT NULL AND attempts < :max', { id: pending.id, max: MAX_CODE_ATTEMPTS })
        .execute();
      if ((renewed.affected ?? 0) === 1) return;
    }
    await repository.save(repository.create({ account_id: accountId, ...fields } as T));
  }

  /** One try of the row's code (false: none left); after a wrong code, cleared once every try is spent. */
  claimAttempt<T extends ChangeCode>(entity: EntityTarget<T>, row: T): Promise<boolean> {
    return claimAttempt(this.dataSource, guarded(entity, row));
  }

  clearIfSpent<T extends ChangeCode>(entity: EntityTarget<T>, row: T): Promise<void> {
    return clearIfSpent(this.dataSource, guarded(entity, row));
  }

  /** Consumes the code and applies the change in one transaction; false when another confirmation consumed it first. */
  async apply<T extends ChangeCode>(entity: EntityTarget<T>, row: T, account: Account, change: AccountPatch): Promise<boolean> {
    return this.dataSource.transaction(async (manager) => {
      // conditional: two confirmations of one code apply it once
      const consumed = await manager
        .createQueryBuilder()
        .update(entity)
        .set({ code: null, updated_at: now() })
        .where('id = :id AND code = :code', { id: row.id, code: row.code })
        .execute();
      if ((consumed.affected ?? 0) !== 1) return false;
      await this.accounts.update(account, change, manager);
      return true;
    });
  }

  /** How many codes of every kind (recovery, phone, email) the account was sent after `since`. */
  async countSentSince(accountId: number, since: Date): Promise<number> {
    const where = { account_id: accountId, created_at: MoreThan(since) };
    const counts = await Promise.all(
      [RecoveryCode, PhoneChangeCode, EmailChangeCode].map((entity) => this.dataSource.getRepository(entity).countBy(where)),
    );
    return counts.reduce((sum, n) => sum + n, 0);
  }
}

function guarded<T extends ChangeCode>(entity: EntityTarget<T>, row: T): GuardedCode {
  return { entity, id: row.id, code: 'code', attempts: 'attempts' };
}
