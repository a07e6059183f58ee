import Redis from 'ioredis';

/** One registration as Flexisip's registrar stores it in Redis (devices.md §Redis layout). */
export interface SeededDevice {
  uuid: string;
  /** Unix seconds */
  updatedAt: number;
  userAgent: string;
}

/**
 * The hash value Flexisip writes for a contact (ExtendedContact::serializeAsUrlEncodedParams):
 * the contact URI with its push parameters and Flexisip's own, the headers as
 * its query, then the header parameters with `+sip.instance`.
 */
export function registrarValue(aor: string, device: SeededDevice): string {
  const user = aor.split('@')[0];
  return (
    `<sip:${user}@192.0.2.10:43712;transport=tls;pn-provider=fcm;pn-prid=dGhpcyBpcyBhIHRva2Vu;pn-param=linphone-android` +
    `;fs-conn-id=169505b0b7ccdf6;callid=Zt7Tq~QfRi;expires=3600;cseq=21;updatedAt=${device.updatedAt};alias=no;usedAsRoute=no` +
    `?path=%3Csip%3Aproxy.example.org%3Blr%3E&accept=&user-agent=${encodeURIComponent(device.userAgent)}>` +
    `;+sip.instance="<${device.uuid}>";+org.linphone.specs="lime,groupchat/1.1"`
  );
}

/** The hash field Flexisip names a contact by: its instance id in `"<` `>"`. */
export const registrarField = (uuid: string): string => `"<${uuid}>"`;

/** Registers the devices of `aor` (`user@domain`) as Flexisip would. */
export async function registerDevices(redis: Redis, aor: string, ...devices: SeededDevice[]): Promise<void> {
  for (const device of devices) await redis.hset(`fs:${aor}`, registrarField(device.uuid), registrarValue(aor, device));
}

/** The device JSON the API answers for a seeded device. */
export const deviceJson = (device: SeededDevice) => ({
  uuid: device.uuid,
  update_time: new Date(device.updatedAt * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z'),
  user_agent: device.userAgent,
});
