import { Injectable } from '@nestjs/common';
import { Account } from '../../account-core/entities/account.entity';
import { AccountsRepository } from '../../account-core/accounts.repository';
import { ChangeCodesRepository } from '../../account-core/change-codes.repository';
import { InjectSettings } from '../../config/settings.module';
import { Settings } from '../../config/settings';
import { forbidden } from '../../common/errors';
import { minutesAgo } from '../../database/timestamps';

/**
 * Protects the endpoints that send codes by mail or SMS (tokens.md §8): too
 * many events in the period blocks the account for good (until an admin
 * unblocks it).
 */
@Injectable()
export class BlockingService {
  constructor(
    private readonly accounts: AccountsRepository,
    private readonly codes: ChangeCodesRepository,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** Throws `403 Account blocked` when the account is, or becomes, blocked. */
  async assertAllowed(account: Account): Promise<void> {
    if (account.blocked) throw forbidden('Account blocked');
    const { amountEvents, periodMinutes } = this.settings.blocking;
    if (amountEvents === 0) return;
    if ((await this.events(account, periodMinutes)) >= amountEvents) {
      await this.accounts.setBlocked(account, true);
      throw forbidden('Account blocked');
    }
  }

  /** Codes created in the period, plus one when the account itself changed in it. */
  private async events(account: Account, periodMinutes: number): Promise<number> {
    const since = minutesAgo(periodMinutes);
    const updated = account.updated_at !== null && new Date(account.updated_at).getTime() > since.getTime() ? 1 : 0;
    return (await this.codes.countSentSince(account.id, since)) + updated;
  }
}
