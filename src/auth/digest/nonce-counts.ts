import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { Nonce } from '../entities/nonce.entity';
import { now } from '../../database/timestamps';
import { isUniqueViolation } from '../../database/database-errors';
import { changeRows, selectRows } from '../../database/statements';
import { CLOCK_SKEW_SECONDS } from './nonce';
import { deleteInChunks } from '../../database/chunked-delete';
import type { OnProgress } from '../../common/progress';

/** Highest `nc` a nonce row can record (signed 32-bit column on both engines). */
export const MAX_NC = 2 ** 31 - 1;

/** What recording a count found. */
export type NonceUse = 'recorded' | 'replayed' | 'cut-off';

// fixed SQL texts of the hot path (issue 9); the tables and their columns need no quoting on either engine
/** no `digest:clear-nonces` cut-off after the nonce's issue time (the last parameter) */
const NOT_CUT_OFF = 'NOT EXISTS (SELECT 1 FROM nonce_cutoffs WHERE issued_before > ?)';
const ADVANCE = `UPDATE nonces SET nc = ?, updated_at = ? WHERE account_id = ? AND nonce = ? AND nc < ? AND ${NOT_CUT_OFF}`;
// a derived table of one row, as INSERT … SELECT without FROM is not portable
const INSERT =
  'INSERT INTO nonces (account_id, nonce, nc, created_at, updated_at) ' +
  `SELECT ?, ?, ?, ?, ? FROM (SELECT 1 AS one) AS one_row WHERE ${NOT_CUT_OFF}`;

/**
 * The last `nc` seen per nonce (RFC 7616 §3.4), written only once a request
 * has authenticated (deviation 24): the first use inserts the row, later
 * uses raise it with one conditional UPDATE (deviation 20). The unique
 * (account_id, nonce) index makes concurrent first uses race on the INSERT,
 * so exactly one of them wins on both engines.
 *
 * `digest:clear-nonces` records a cut-off (`nonce_cutoffs`): a nonce issued
 * before it is refused, so its row can go without the nonce looking unused.
 * Both writes carry that check, so it costs no statement of its own.
 */
@Injectable()
export class NonceCounts {
  constructor(@InjectRepository(Nonce) private readonly nonces: Repository<Nonce>) {}

  /** Records nc when it is greater than any count seen for this nonce and no cut-off came after `issuedAt`. */
  async record(accountId: number, nonce: string, nc: number, issuedAt: number): Promise<NonceUse> {
    if (nc >= 1 && nc <= MAX_NC) {
      // a client's first request uses nc 1, so only a later count looks for a row first
      if (nc > 1 && (await this.advance(accountId, nonce, nc, issuedAt))) return 'recorded';
      const inserted = await this.insert(accountId, nonce, nc, issuedAt);
      if (inserted !== 'exists') return inserted;
      // another request inserted the row meanwhile: its count may still be lower
      if (nc > 1 && (await this.advance(accountId, nonce, nc, issuedAt))) return 'recorded';
    }
    // the refusal's reason, off the hot path
    if (await this.cutOff(issuedAt)) return 'cut-off';
    await this.burn(accountId, nonce);
    return 'replayed';
  }

  private async advance(accountId: number, nonce: string, nc: number, issuedAt: number): Promise<boolean> {
    return (await changeRows(this.connection, ADVANCE, [nc, this.stamp(), accountId, nonce, nc, issuedAt])) > 0;
  }

  private async insert(accountId: number, nonce: string, nc: number, issuedAt: number): Promise<NonceUse | 'exists'> {
    try {
      const at = this.stamp();
      return (await changeRows(this.connection, INSERT, [accountId, nonce, nc, at, at, issuedAt])) > 0 ? 'recorded' : 'cut-off';
    } catch (error) {
      if (isUniqueViolation(error)) return 'exists';
      throw error;
    }
  }

  private async cutOff(issuedAt: number): Promise<boolean> {
    return (await selectRows(this.connection, 'SELECT 1 AS cut FROM nonce_cutoffs WHERE issued_before > ? LIMIT 1', [issuedAt])).length > 0;
  }

  private get connection() {
    return this.nonces.manager.connection;
  }

  /** now(), as the driver stores a datetime column */
  private stamp(at = now()): unknown {
    const column = this.nonces.metadata.findColumnWithPropertyName('updated_at')!;
    return this.connection.driver.preparePersistentValue(at, column);
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
   * `digest:clear-nonces`: nonces issued more than `minutes` ago are refused
   * from now on, on every instance (the cut-off is in the database), then
   * their rows are deleted. A cut-off never moves back: only the latest is
   * kept. Rows of the last few seconds before it stay, in case the instance
   * that issued their nonce has a clock ahead of the one that wrote the row.
   */
  async clearOlderThan(minutes: number, onProgress?: OnProgress): Promise<number> {
    const issuedBefore = Math.floor(now().getTime() / 1000) - minutes * 60;
    await changeRows(this.connection, 'INSERT INTO nonce_cutoffs (issued_before, created_at) VALUES (?, ?)', [issuedBefore, this.stamp()]);
    const [latest] = await selectRows(this.connection, 'SELECT MAX(issued_before) AS latest FROM nonce_cutoffs', []);
    await changeRows(this.connection, 'DELETE FROM nonce_cutoffs WHERE issued_before < ?', [Number(latest.latest)]);
    const rowsBefore = new Date((issuedBefore - CLOCK_SKEW_SECONDS) * 1000);
    return deleteInChunks(this.nonces, (select) => select.where('created_at < :before', { before: rowsBefore }), onProgress);
  }
}
