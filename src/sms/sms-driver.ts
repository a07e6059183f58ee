/** Where an SMS goes: the OVH API, or the log when OVH is not configured. */
export interface SmsDriver {
  readonly name: string;
  send(to: string, message: string): Promise<void>;
}

export const SMS_DRIVER = Symbol('SMS_DRIVER');
