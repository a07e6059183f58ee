import type { DataSource } from 'typeorm';
import { EntityColumns } from '../database/fixed-sql';
import { selectRows } from '../database/statements';
import { Account } from './entities/account.entity';

/**
 * A page of accounts (id order) and the total of the domain (all domains:
 * undefined) in one statement of fixed text, LIMIT and OFFSET bound, run at
 * the driver level (src/database/statements.ts; issue 9):
 * - the total is the one-row sum of `account_counts` (kept by triggers), or
 *   the COUNT(*) of the domain's index entries when the server refused the
 *   triggers (`countsKept` false), so the statement answers a row even past
 *   the last page;
 * - the page's ids come from the `(domain, id)` index alone (a deep OFFSET
 *   skips index entries, never table rows: InnoDB would read every skipped
 *   row of `SELECT * … OFFSET`), then the 20 rows by primary key.
 * Two texts in all: an OFFSET written into the text made one statement per
 * page, which thrashed better-sqlite3's statement cache (100 per runner) and
 * the native memory of the statements it dropped.
 */
export class AccountPages {
  private readonly columns: EntityColumns<Account>;
  private readonly texts: { domain: string; all: string };

  constructor(
    private readonly dataSource: DataSource,
    countsKept: boolean,
  ) {
    this.columns = new EntityColumns(dataSource, Account, 'a');
    const table = this.columns.table;
    const text = (where: string) =>
      `SELECT c.total AS page_total, ${this.columns.select} ` +
      `FROM (${countsKept ? 'SELECT SUM(accounts) AS total FROM account_counts' : `SELECT COUNT(*) AS total FROM ${table}`}${where}) c ` +
      `LEFT JOIN (SELECT id FROM ${table}${where} ORDER BY id LIMIT ? OFFSET ?) p ON 1 = 1 ` +
      `LEFT JOIN ${table} a ON a.id = p.id ORDER BY p.id`;
    this.texts = { domain: text(' WHERE domain = ?'), all: text('') };
  }

  async read(domain: string | undefined, offset: number, limit: number): Promise<{ items: Account[]; total: number }> {
    const rows = await (domain === undefined
      ? selectRows(this.dataSource, this.texts.all, [limit, offset])
      : selectRows(this.dataSource, this.texts.domain, [domain, domain, limit, offset]));
    const total = Number(rows[0]?.page_total ?? 0);
    const items = rows.filter((row) => row.a_id !== null && row.a_id !== undefined).map((row) => this.columns.hydrate(row));
    return { items, total };
  }
}
