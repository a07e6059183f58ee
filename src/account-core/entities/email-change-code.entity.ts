import { Column, Entity } from 'typeorm';
import { AccountCode } from './account-code.base';

/** A pending email change, confirmed by a 4-digit code sent to the new address. */
@Entity('email_change_codes')
export class EmailChangeCode extends AccountCode {
  @Column({ type: 'varchar', length: 255 })
  email: string;
}
