import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, MoreThanOrEqual, Repository } from 'typeorm';
import { ApiError } from '../common/errors';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { minutesAgo } from '../database/timestamps';
import { pushNotSent, PusherService } from '../push/pusher.service';
import type { Space } from '../account-core/entities/space.entity';
import { AccountCreationTokensService } from './account-creation-tokens.service';
import type { RequestOrigin } from '../common/request-origin';
import { AccountCreationToken } from './entities/account-creation-token.entity';

export interface PushDevice {
  pn_provider: string;
  pn_param: string | null;
  pn_prid: string | null;
}

/**
 * tokens.md §2.2: a creation token delivered by a push, proving the app runs
 * on a real device. Saved only once the pusher says it was sent (deviation 5).
 */
@Injectable()
export class SendByPushService {
  constructor(
    @InjectRepository(AccountCreationToken) private readonly tokens: Repository<AccountCreationToken>,
    private readonly creationTokens: AccountCreationTokensService,
    private readonly pusher: PusherService,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  async send(device: PushDevice, origin: RequestOrigin, space: Space): Promise<void> {
    if (await this.recentlyUsed(device)) throw new ApiError(429, 'Last token requested too recently');
    const token = this.creationTokens.build(origin, space, device);
    // saved only once sent: a push refused (busy) or failed leaves nothing behind
    const outcome = await this.pusher.send(
      {
        provider: device.pn_provider,
        param: device.pn_param,
        prid: device.pn_prid,
        type: 'background',
        payload: JSON.stringify({ token: token.token }),
      },
      [token.token],
    );
    if (outcome !== 'sent') throw pushNotSent('Token not sent', outcome);
    await this.creationTokens.save(token);
  }

  /**
   * Only a token the device already used throttles it (reference); per
   * device, whatever the Space: what is protected is the device.
   */
  private async recentlyUsed(device: PushDevice): Promise<boolean> {
    const found = await this.tokens.findOne({
      select: { id: true },
      where: {
        pn_provider: device.pn_provider,
        pn_param: device.pn_param ?? IsNull(),
        pn_prid: device.pn_prid ?? IsNull(),
        used: true,
        created_at: MoreThanOrEqual(minutesAgo(this.settings.accountCreationTokenRetryMinutes)),
      },
    });
    return found !== null;
  }
}
