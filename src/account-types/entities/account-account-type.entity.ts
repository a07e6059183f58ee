import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { Account } from '../../account-core/entities/account.entity';
import { LinkTo } from '../../database/link-rows';
import { TimestampColumns } from '../../database/timestamps';
import { AccountType } from './account-type.entity';

/** An account type attached to an account. */
@Entity('account_account_type')
@Index('account_account_type_unique', ['account_id', 'account_type_id'], { unique: true })
export class AccountAccountType extends TimestampColumns {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ type: 'int' })
  account_id: number;

  @Column({ type: 'int' })
  account_type_id: number;

  @LinkTo(() => Account, 'account_id')
  account?: Account;

  @LinkTo(() => AccountType, 'account_type_id')
  type?: AccountType;
}
