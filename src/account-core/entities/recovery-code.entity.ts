import { Entity } from 'typeorm';
import { AccountCode } from './account-code.base';

/** A recovery code (web panel); counted by the blocking service. */
@Entity('recovery_codes')
export class RecoveryCode extends AccountCode {}
