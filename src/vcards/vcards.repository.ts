import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { now } from '../database/timestamps';
import { Vcard } from './entities/vcard.entity';

/** The only way to `vcards_storage`; every query names the owning account. */
@Injectable()
export class VcardsRepository {
  constructor(private readonly dataSource: DataSource) {}

  private get rows() {
    return this.dataSource.getRepository(Vcard);
  }

  list(accountId: number): Promise<Vcard[]> {
    return this.rows.find({ where: { account_id: accountId }, order: { id: 'ASC' } });
  }

  async find(accountId: number, uuid: string): Promise<Vcard | undefined> {
    return (await this.rows.findOneBy({ account_id: accountId, uuid })) ?? undefined;
  }

  /** Throws the unique violation when the account already has that UID. */
  async insert(accountId: number, uuid: string, vcard: string): Promise<void> {
    await this.rows.insert(this.rows.create({ account_id: accountId, uuid, vcard }));
  }

  /** 1 when replaced, 0 when the account has no such card. */
  async replace(accountId: number, uuid: string, vcard: string): Promise<number> {
    const result = await this.rows.update({ account_id: accountId, uuid }, { vcard, updated_at: now() });
    return result.affected ?? 0;
  }

  async remove(accountId: number, uuid: string): Promise<number> {
    return (await this.rows.delete({ account_id: accountId, uuid })).affected ?? 0;
  }
}
