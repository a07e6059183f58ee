import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { ha1 } from '../auth/digest/digest';
import { now } from '../database/timestamps';
import { Space } from '../spaces/entities/space.entity';

/** Rows per INSERT statement: 7 parameters each, well under SQLite's 32,766 and MySQL's limits. */
const ROWS_PER_STATEMENT = 1000;
/** Rows per transaction: few commits (fsyncs on MySQL) without one huge transaction. */
const ROWS_PER_TRANSACTION = 10_000;

/** A datetime parameter for raw SQL, stored exactly as TypeORM stores it (UTC) on both engines. */
export const sqlDate = (date: Date): string => DateUtils.mixedDateToUtcDatetimeString(date) as string;

/**
 * `accounts:seed`: bulk creation of benchmark accounts with multi-row INSERTs
 * (accounts, then their passwords once the ids are read back), never one
 * entity save per row.
 */
@Injectable()
export class Seeder {
  constructor(
    private readonly dataSource: DataSource,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /** The Space of `domain`, created with host = domain when missing. */
  async ensureSpace(domain: string): Promise<void> {
    const spaces = this.dataSource.getRepository(Space);
    if (!(await spaces.existsBy({ domain }))) await spaces.save(spaces.create({ domain, host: domain }));
  }

  /** Creates `count` accounts `seed<i>` in `domain`, i from the first index after every existing seed<i>. */
  async seed(domain: string, count: number): Promise<{ first: number; created: number }> {
    await this.ensureSpace(domain);
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const first = await this.firstFreeIndex(runner, domain);
      const algorithm = this.settings.defaultPasswordAlgorithm;
      const realm = this.settings.accountRealm ?? domain;
      const stamp = sqlDate(now());
      let created = 0;
      while (created < count) {
        const inTransaction = Math.min(ROWS_PER_TRANSACTION, count - created);
        await runner.startTransaction();
        try {
          for (let done = 0; done < inTransaction; ) {
            const n = Math.min(ROWS_PER_STATEMENT, inTransaction - done);
            const start = first + created + done;
            const usernames = Array.from({ length: n }, (_, i) => `seed${start + i}`);
            await this.insertBatch(runner, domain, usernames, stamp, (username) => ha1(algorithm, username, realm, 'secret'), algorithm);
            done += n;
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
        const ids = batch.map((row) => row.id);
        await runner.query(`DELETE FROM accounts WHERE id IN (${placeholders(ids.length)})`, ids);
        const accountParams: unknown[] = [];
        for (const row of batch) {
          accountParams.push(
            row.id, row.username, row.domain, `${encodeURIComponent(row.username)}@${row.domain}`, row.phone,
            row.activated ? 1 : 0, row.confirmation_key, '', 'FlexiAPI Seeder', stamp, stamp,
          );
        }
        await runner.query(
          'INSERT INTO accounts (id, username, domain, email, phone, activated, confirmation_key, ip_address, user_agent, created_at, updated_at) ' +
            `VALUES ${rows(batch.length, 11)}`,
          accountParams,
        );
        const passwordParams: unknown[] = [];
        for (const row of batch) for (const p of row.passwords) passwordParams.push(row.id, p.hash, p.algorithm);
        if (passwordParams.length > 0) {
          await runner.query(`INSERT INTO passwords (account_id, password, algorithm) VALUES ${rows(passwordParams.length / 3, 3)}`, passwordParams);
        }
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

  private async insertBatch(
    runner: QueryRunner,
    domain: string,
    usernames: string[],
    stamp: string,
    hash: (username: string) => string,
    algorithm: string,
  ): Promise<void> {
    const accountParams: unknown[] = [];
    for (const username of usernames) accountParams.push(username, domain, 1, '', 'FlexiAPI Seeder', stamp, stamp);
    await runner.query(
      `INSERT INTO accounts (username, domain, activated, ip_address, user_agent, created_at, updated_at) VALUES ${rows(usernames.length, 7)}`,
      accountParams,
    );
    // the ids just given, through the (username, domain) unique index: right whatever the auto-increment mode
    const inserted: { id: number | string; username: string }[] = await runner.query(
      `SELECT id, username FROM accounts WHERE domain = ? AND username IN (${placeholders(usernames.length)})`,
      [domain, ...usernames],
    );
    const passwordParams: unknown[] = [];
    for (const row of inserted) passwordParams.push(Number(row.id), hash(row.username), algorithm);
    await runner.query(`INSERT INTO passwords (account_id, password, algorithm) VALUES ${rows(inserted.length, 3)}`, passwordParams);
  }

  /** 0 for a domain without seeded accounts, else 1 + the highest `seed<i>`. */
  private async firstFreeIndex(runner: QueryRunner, domain: string): Promise<number> {
    const mysql = this.dataSource.options.type === 'mysql';
    // only names made of `seed` and digits count
    const digits = mysql ? "username REGEXP '^seed[0-9]+$'" : "username GLOB 'seed[0-9]*' AND username NOT GLOB 'seed*[^0-9]*'";
    const cast = mysql ? 'CAST(SUBSTRING(username, 5) AS UNSIGNED)' : 'CAST(SUBSTR(username, 5) AS INTEGER)';
    const [row]: { highest: number | string | null }[] = await runner.query(
      `SELECT MAX(${cast}) AS highest FROM accounts WHERE domain = ? AND username LIKE 'seed%' AND ${digits}`,
      [domain],
    );
    return row?.highest === null || row?.highest === undefined ? 0 : Number(row.highest) + 1;
  }
}

/** One account of the reference's JSON seed file, with its id given. */
export interface SeedRow {
  id: number;
  username: string;
  domain: string;
  phone: string | null;
  activated: boolean;
  confirmation_key: string | null;
  passwords: { hash: string; algorithm: string }[];
}

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

function rows(count: number, columns: number): string {
  const row = `(${placeholders(columns)})`;
  return Array.from({ length: count }, () => row).join(', ');
}
