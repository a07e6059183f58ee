import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Nonce } from '../entities/nonce.entity';
import { minutesAgo, now } from '../../database/timestamps';
import { isUniqueViolation } from '../../database/database-errors';
import { changeRows } from '../../database/statements';

/** Highest `nc` a nonce row can record (signed 32-bit column on both engines). */
export const MAX_NC = 2 ** 31 - 1;

/**
 * The last `nc` seen per nonce (RFC 7616 §3.4), written only once a request
 * has authenticated (deviation 24): the first use inserts the row, later
 * uses raise it with one conditional UPDATE (deviation 20). The unique
 * (account_id, nonce) index makes concurrent first uses race on the INSERT,
 * so exactly one of them wins on both engines.
 */
@Injectable()
export class NonceCounts {
  constructor(@InjectRepository(Nonce) private readonly nonces: Repository<Nonce>) {}

  /** true when nc is greater than any count seen for this nonce, which is then recorded. */
  async record(accountId: number, nonce: string, nc: number): Promise<boolean> {
    if (nc >= 1 && nc <= MAX_NC) {
      // a client's first request uses nc 1, so only a later count looks for a row first
      if (nc > 1 && (await this.advance(accountId, nonce, nc))) return true;
      if (await this.insert(accountId, nonce, nc)) return true;
      // another request inserted the row meanwhile: its count may still be lower
      if (nc > 1 && (await this.advance(accountId, nonce, nc))) return true;
    }
    await this.burn(accountId, nonce);
    return false;
  }

  // fixed SQL text on the hot path (issue 9); `nonces` and its columns need no quoting on either engine
  private async advance(accountId: number, nonce: string, nc: number): Promise<boolean> {
    const sql = 'UPDATE nonces SET nc = ?, updated_at = ? WHERE account_id = ? AND nonce = ? AND nc < ?';
    return (await changeRows(this.nonces.manager.connection, sql, [nc, this.stamp(), accountId, nonce, nc])) > 0;
  }

  private async insert(accountId: number, nonce: string, nc: number): Promise<boolean> {
    try {
      const at = this.stamp();
      const sql = 'INSERT INTO nonces (account_id, nonce, nc, created_at, updated_at) VALUES (?, ?, ?, ?, ?)';
      await changeRows(this.nonces.manager.connection, sql, [accountId, nonce, nc, at, at]);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** now(), as the driver stores a datetime column */
  private stamp(): unknown {
    const column = this.nonces.metadata.findColumnWithPropertyName('updated_at')!;
    return this.nonces.manager.connection.driver.preparePersistentValue(now(), column);
  }

  /**
   * A replayed nonce is spent for good, as the reference deletes it. Deleting
   * the row would instead make the nonce look unused, and its first request
   * could be replayed.
   */
  private async burn(accountId: number, nonce: string): Promise<void> {
    await this.nonces.update({ account_id: accountId, nonce }, { nc: MAX_NC, updated_at: now() });
  }

  /**
   * Rows of nonces still alive are kept whatever is asked: without its row a
   * nonce looks unused, and a request made with it could be replayed.
   */
  async clearOlderThan(minutes: number, lifetimeSeconds: number): Promise<number> {
    const result = await this.nonces
      .createQueryBuilder()
      .delete()
      .where('created_at < :before', { before: minutesAgo(Math.max(minutes, lifetimeSeconds / 60)) })
      .execute();
    return result.affected ?? 0;
  }
}
