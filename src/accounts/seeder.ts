import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { now } from '../database/timestamps';
import { Space } from '../account-core/entities/space.entity';
import { AccountsMaintenanceRepository, SeedRow, sqlDate } from '../account-core/accounts-maintenance.repository';
import type { OnProgress } from '../common/progress';

/** Rows per INSERT statement: 7 parameters each, well under SQLite's 32,766 and MySQL's limits. */
const ROWS_PER_STATEMENT = 1000;
/** Rows per transaction: few commits (fsyncs on MySQL) without one huge transaction. */
const ROWS_PER_TRANSACTION = 10_000;

/**
 * `accounts:seed`: bulk creation of benchmark accounts with multi-row INSERTs
 * (accounts, then their passwords once the ids are read back), never one
 * entity save per row.
 */
@Injectable()
export class Seeder {
  constructor(
    private readonly dataSource: DataSource,
    private readonly accounts: AccountsMaintenanceRepository,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** The Space of `domain`, created with host = domain when missing. */
  async ensureSpace(domain: string): Promise<void> {
    const spaces = this.dataSource.getRepository(Space);
    if (!(await spaces.existsBy({ domain }))) await spaces.save(spaces.create({ domain, host: domain }));
  }

  /** Creates `count` accounts `seed<i>` in `domain`, i from the first index after every existing seed<i>. */
  async seed(domain: string, count: number, onProgress?: OnProgress): Promise<{ first: number; created: number }> {
    await this.ensureSpace(domain);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const first = await this.accounts.firstFreeSeedIndex(runner, domain);
      const algorithm = this.settings.defaultPasswordAlgorithm;
      const stamp = sqlDate(now());
      // at least ten statements: the progress moves by tenths at most
      const perStatement = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.ceil(count / 10)));
      let created = 0;
      while (created < count) {
        const inTransaction = Math.min(ROWS_PER_TRANSACTION, count - created);
        await runner.startTransaction();
        try {
          for (let done = 0; done < inTransaction;) {
            const n = Math.min(perStatement, inTransaction - done);
            const start = first + created + done;
            const usernames = Array.from({ length: n }, (_, i) => `seed${start + i}`);
            await this.accounts.insertSeeds(runner, domain, usernames, stamp, 'secret', algorithm);
            done += n;
            onProgress?.(created + done, count);
          }
          await runner.commitTransaction();
        } catch (error) {
          await runner.rollbackTransaction();
          throw error;
        }
        created += inTransaction;
      }
      return { first, created };
    } finally {
      await runner.release();
    }
  }

  /**
   * The reference's JSON form: accounts with given ids, replacing the accounts
   * that had those ids; created_at `2010-01-03 04:30:43`; missing Spaces created.
   */
  async seedRows(source: Iterable<SeedRow>): Promise<number> {
    const stamp = sqlDate(new Date(Date.UTC(2010, 0, 3, 4, 30, 43)));
    const knownSpaces = new Set<string>();
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    let created = 0;
    let batch: SeedRow[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      for (const domain of new Set(batch.map((row) => row.domain))) {
        if (!knownSpaces.has(domain)) await this.ensureSpace(domain);
        knownSpaces.add(domain);
      }
      await runner.startTransaction();
      try {
        await this.accounts.replaceSeedRows(runner, batch, stamp);
        await runner.commitTransaction();
      } catch (error) {
        await runner.rollbackTransaction();
        throw error;
      }
      created += batch.length;
      batch = [];
    };
    try {
      for (const row of source) {
        batch.push(row);
        if (batch.length === ROWS_PER_STATEMENT) await flush();
      }
      await flush();
    } finally {
      await runner.release();
    }
    return created;
  }
}
