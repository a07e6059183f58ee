import { Column, Entity } from 'typeorm';
import { AccountCode } from './account-code.base';

/** A pending phone change, confirmed by a 4-digit code sent by SMS. */
@Entity('phone_change_codes')
export class PhoneChangeCode extends AccountCode {
  @Column({ type: 'varchar', length: 64 })
  phone: string;
}
