import { Injectable } from '@nestjs/common';
import type { Account } from '../account-core/entities/account.entity';
import { DeviceList, DeviceResponse } from './dto/device.response';
import { parseRegistrarContact } from './registrar-contact';
import { RegistrarRedis } from './registrar-redis';
import { ApiError } from '../common/errors';

const REGISTRAR_RETRY_AFTER_SECONDS = 5;

const aorOf = (account: Account): string => `${account.username}@${account.domain}`;

/** An account's registrations in Flexisip's registrar (devices.md): read, and removed one by one. */
@Injectable()
export class DevicesService {
  constructor(private readonly registrar: RegistrarRedis) {}

  /** Keyed by uuid in Redis's order, a repeated uuid keeping the last; `{}` also when Redis is unavailable (logged). */
  async list(account: Account): Promise<DeviceList> {
    const devices = new Map<string, DeviceResponse>();
    const record = (await this.registrar.hashOf(aorOf(account))) ?? {};
    for (const value of Object.values(record)) {
      const contact = parseRegistrarContact(value);
      if (contact) devices.set(contact.uuid, DeviceResponse.of(contact));
    }
    // own properties whatever the uuid (a client chooses it, `__proto__` included)
    return Object.fromEntries(devices);
  }

  /**
   * The field is the uuid as Flexisip names it, `"<uuid>"`; nothing to remove is no error. Redis unavailable is
   * a 503 (decisions: the spec's 200 would tell the client a device is gone while it still receives calls).
   */
  async remove(account: Account, uuid: string): Promise<void> {
    if (!(await this.registrar.removeField(aorOf(account), `"<${uuid}>"`))) {
      throw new ApiError(503, 'Device registry unavailable', { 'retry-after': String(REGISTRAR_RETRY_AFTER_SECONDS) });
    }
  }
}
