import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { placeholders } from '../database/fixed-sql';
import { selectRows } from '../database/statements';

/**
 * One row of the account JSON's relations statement: every relation's rows of
 * a page come in ONE statement, a UNION ALL of one SELECT per relation in
 * these generic columns (issue 9). `kind` names the relation (unique across
 * loaders); strings go in `s1`…`s4`, datetimes in `d1`…`d3` (kept apart so
 * that MySQL's UNION keeps them DATETIME), NULL where a relation has nothing.
 */
export interface RelationRow {
  kind: string;
  account_id: number;
  id: number;
  s1: string | null;
  s2: string | null;
  s3: string | null;
  s4: string | null;
  d1: unknown;
  d2: unknown;
  d3: unknown;
}

/** The statement's rows by kind, each kind in `id` order. */
export type RelationRows = ReadonlyMap<string, RelationRow[]>;

/** A loader's member of the UNION ALL: its SELECT text and its parameters. */
export interface RelationSelect {
  sql: string;
  parameters: unknown[];
}

type Slots = { account_id: string; id: string } & Partial<Record<'s1' | 's2' | 's3' | 's4' | 'd1' | 'd2' | 'd3', string>>;
const SLOTS = ['s1', 's2', 's3', 's4', 'd1', 'd2', 'd3'] as const;

/** `'kind' AS kind, … AS account_id, … AS id, … AS s1 …` for a member's SELECT. */
export function relationColumns(kind: string, slots: Slots): string {
  return [
    `'${kind}' AS kind`,
    `${slots.account_id} AS account_id`,
    `${slots.id} AS id`,
    ...SLOTS.map((slot) => `${slots[slot] ?? 'NULL'} AS ${slot}`),
  ].join(', ');
}

/**
 * A member's text, built once per (page length, variant flag): `sql` gets the
 * `?, ?, …` placeholders of the ids. Page sizes are few; an unusual length is
 * built again rather than kept.
 */
export class MemberText {
  private readonly texts = new Map<string, string>();

  constructor(private readonly sql: (ids: string, flag: boolean) => string) {}

  select(ids: readonly number[], flag = false): RelationSelect {
    const key = `${ids.length}:${flag}`;
    let text = this.texts.get(key);
    if (text === undefined) {
      text = this.sql(placeholders(ids.length), flag);
      if (this.texts.size < 64) this.texts.set(key, text);
    }
    return { sql: text, parameters: [...ids] };
  }
}

/**
 * Runs the members as one statement. No ORDER BY: over a UNION it makes
 * MariaDB materialize the rows in a temporary table; each kind's few rows are
 * sorted by id here instead.
 */
export async function readRelationRows(dataSource: DataSource, selects: readonly RelationSelect[]): Promise<RelationRows> {
  const sql = selects.map((s) => s.sql).join(' UNION ALL ');
  const rows = (await selectRows(
    dataSource,
    sql,
    selects.flatMap((s) => s.parameters),
  )) as unknown as RelationRow[];
  const out = new Map<string, RelationRow[]>();
  for (const row of rows) {
    row.account_id = Number(row.account_id);
    row.id = Number(row.id);
    const list = out.get(row.kind);
    if (list) list.push(row);
    else out.set(row.kind, [row]);
  }
  for (const list of out.values()) if (list.length > 1) list.sort((a, b) => a.id - b.id);
  return out;
}

/** Converts a datetime slot as TypeORM hydrates that entity's column (SQLite's strings, MySQL's Dates). */
export function dateReader<T extends ObjectLiteral>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  property: keyof T & string,
): (raw: unknown) => Date | null {
  const column = dataSource.getMetadata(target).findColumnWithPropertyName(property)!;
  return (raw) => (raw === null || raw === undefined ? null : (dataSource.driver.prepareHydratedValue(raw, column) as Date));
}
