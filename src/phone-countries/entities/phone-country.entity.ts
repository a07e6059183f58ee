import { Column, Entity, PrimaryColumn } from 'typeorm';
import { Timestamped } from '../../database/timestamps';

/** A country whose phone numbers may be used, when activated. */
@Entity('phone_countries')
export class PhoneCountry extends Timestamped {
  /** ISO 3166-1 alpha-2 */
  @PrimaryColumn({ type: 'varchar', length: 2 })
  code: string;

  /** international dialling code, e.g. `33` */
  @Column({ type: 'varchar', length: 3 })
  country_code: string;

  @Column({ type: 'boolean', default: false })
  activated: boolean;
}
