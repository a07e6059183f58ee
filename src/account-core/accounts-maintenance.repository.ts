import { Injectable } from '@nestjs/common';
import { DataSource, QueryRunner, WhereExpressionBuilder } from 'typeorm';
import { DateUtils } from 'typeorm/util/DateUtils';
import { Account } from './entities/account.entity';
import { AccountTombstone } from './entities/account-tombstone.entity';
import { DigestAlgorithm } from '../common/digest-hash';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { now } from '../database/timestamps';
import { hashPassword } from './password-hash';
import { AccountDeletions } from './account-deletion';
import { deleteInChunks } from '../database/chunked-delete';
import type { OnProgress } from '../common/progress';
import { PasswordsRepository } from './passwords.repository';
import { ProvisioningTokensRepository } from './provisioning-tokens.repository';

/** A datetime parameter for raw SQL, stored exactly as TypeORM stores it (UTC) on both engines. */
export const sqlDate = (date: Date): string => DateUtils.mixedDateToUtcDatetimeString(date) as string;

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

/**
 * The console's writes on accounts in bulk (purges, seeding, the console
 * admin): the same tables as AccountsRepository, by statements over many
 * rows rather than one aggregate at a time.
 */
@Injectable()
export class AccountsMaintenanceRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: PasswordsRepository,
    private readonly provisioningTokens: ProvisioningTokensRepository,
    private readonly deletions: AccountDeletions,
    @InjectSettings() private readonly settings: Settings,
  ) {}

  /**
   * Deletes `username@domain` without tombstone (the cascades remove what hangs
   * on it, then its statistics: accounts.md §6) and creates it again, activated admin, with its password and
   * provisioning token, in one transaction.
   */
  recreateAdmin(username: string, domain: string, password: string, createdAt: Date): Promise<Account> {
    return this.dataSource.transaction(async (manager) => {
      const deleted = await manager.delete(Account, { username, domain });
      if (deleted.affected) await this.deletions.deleteOwnedBy(manager, username, domain);
      const created = manager.create(Account, {
        username,
        domain,
        // no shared address: with JWT on, an email claim alone would log in as every such admin (issue 7)
        email: null,
        activated: true,
        admin: true,
        blocked: false,
        user_agent: 'Test',
        ip_address: '0.0.0.0',
        created_at: createdAt,
        updated_at: now(),
      });
      await manager.save(created);
      await this.passwords.set(created, password, this.settings.defaultPasswordAlgorithm, manager, { fresh: true });
      await this.provisioningTokens.create(created, null, manager);
      return created;
    });
  }

  /** Accounts created before `before` (only unactivated ones unless `andConfirmed`). */
  countCreatedBefore(before: Date, andConfirmed: boolean): Promise<number> {
    const select = this.dataSource.getRepository(Account).createQueryBuilder();
    createdBefore(select, before, andConfirmed);
    return select.getCount();
  }

  /** Deletes them in id chunks (short transactions on MySQL): database cascades only, no tombstones. */
  deleteCreatedBefore(before: Date, andConfirmed: boolean, onProgress?: OnProgress): Promise<number> {
    return deleteInChunks(this.dataSource.getRepository(Account), (select) => createdBefore(select, before, andConfirmed), onProgress);
  }

  countTombstonesBefore(before: Date): Promise<number> {
    return this.dataSource.getRepository(AccountTombstone).createQueryBuilder().where('created_at < :before', { before }).getCount();
  }

  deleteTombstonesBefore(before: Date, onProgress?: OnProgress): Promise<number> {
    return deleteInChunks(
      this.dataSource.getRepository(AccountTombstone),
      (select) => select.where('created_at < :before', { before }),
      onProgress,
    );
  }

  /** Multi-row inserts of activated accounts `usernames` in `domain`, then their passwords once the ids are read back. */
  async insertSeeds(
    runner: QueryRunner,
    domain: string,
    usernames: string[],
    stamp: string,
    password: string,
    algorithm: DigestAlgorithm,
  ): Promise<void> {
    const accountParams: unknown[] = [];
    for (const username of usernames) accountParams.push(username, domain, 1, '', 'FlexiAPI Seeder', stamp, stamp);
    await runner.query(
      `INSERT INTO accounts (username, domain, activated, ip_address, user_agent, created_at, updated_at) VALUES ${rows(usernames.length, 7)}`,
      accountParams,
    );
    // the ids just given, through the (username, domain) unique index: right whatever the auto-increment mode
    const inserted = (await runner.query(
      `SELECT id, username FROM accounts WHERE domain = ? AND username IN (${placeholders(usernames.length)})`,
      [domain, ...usernames],
    )) as { id: number | string; username: string }[];
    const passwordParams: unknown[] = [];
    for (const row of inserted) {
      passwordParams.push(Number(row.id), hashPassword(this.settings, algorithm, row.username, domain, password), algorithm);
    }
    await runner.query(`INSERT INTO passwords (account_id, password, algorithm) VALUES ${rows(inserted.length, 3)}`, passwordParams);
  }

  /** The reference's seed rows: the accounts with those ids are replaced, passwords stored as given. */
  async replaceSeedRows(runner: QueryRunner, batch: SeedRow[], stamp: string): Promise<void> {
    const ids = batch.map((row) => row.id);
    await runner.query(`DELETE FROM accounts WHERE id IN (${placeholders(ids.length)})`, ids);
    const accountParams: unknown[] = [];
    for (const row of batch) {
      accountParams.push(
        row.id,
        row.username,
        row.domain,
        `${encodeURIComponent(row.username)}@${row.domain}`,
        row.phone,
        row.activated ? 1 : 0,
        row.confirmation_key,
        '',
        'FlexiAPI Seeder',
        stamp,
        stamp,
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
      await runner.query(
        `INSERT INTO passwords (account_id, password, algorithm) VALUES ${rows(passwordParams.length / 3, 3)}`,
        passwordParams,
      );
    }
  }

  /** 0 for a domain without seeded accounts, else 1 + the highest `seed<i>`. */
  async firstFreeSeedIndex(runner: QueryRunner, domain: string): Promise<number> {
    const mysql = this.dataSource.options.type === 'mysql';
    // only names made of `seed` and digits count
    const digits = mysql ? "username REGEXP '^seed[0-9]+$'" : "username GLOB 'seed[0-9]*' AND username NOT GLOB 'seed*[^0-9]*'";
    const cast = mysql ? 'CAST(SUBSTRING(username, 5) AS UNSIGNED)' : 'CAST(SUBSTR(username, 5) AS INTEGER)';
    const [row] = (await runner.query(
      `SELECT MAX(${cast}) AS highest FROM accounts WHERE domain = ? AND username LIKE 'seed%' AND ${digits}`,
      [domain],
    )) as { highest: number | string | null }[];
    return row?.highest === null || row?.highest === undefined ? 0 : Number(row.highest) + 1;
  }
}

function createdBefore(qb: WhereExpressionBuilder, before: Date, andConfirmed: boolean): void {
  qb.where('created_at < :before', { before });
  if (!andConfirmed) qb.andWhere('activated = :activated', { activated: false });
}

const placeholders = (n: number): string => Array.from({ length: n }, () => '?').join(', ');

function rows(count: number, columns: number): string {
  const row = `(${placeholders(columns)})`;
  return Array.from({ length: count }, () => row).join(', ');
}
