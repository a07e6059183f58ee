import Database from 'better-sqlite3';
import type { DataSource } from 'typeorm';
import { registerUpsertFunctions, upsertSql } from './upserts';

/** The SQLite side of upserts.ts on a bare connection (the MySQL side runs in the statistics e2e tests on MariaDB). */
describe('upsertSql on SQLite', () => {
  const db = new Database(':memory:');
  registerUpsertFunctions(db);
  db.exec(`CREATE TABLE parents (id VARCHAR(8) PRIMARY KEY);
    CREATE TABLE children (id INTEGER PRIMARY KEY AUTOINCREMENT, parent_id VARCHAR(8) NOT NULL REFERENCES parents (id), name VARCHAR(8) NOT NULL, value INTEGER, UNIQUE (parent_id, name));
    INSERT INTO parents (id) VALUES ('p1');`);
  const sql = upsertSql({ options: { type: 'better-sqlite3' } } as DataSource, {
    insert: 'INSERT INTO children (parent_id, name, value) SELECT p.id, ?, ? FROM parents p WHERE p.id = ?',
    table: 'children',
    key: ['parent_id', 'name'],
    assignments: (fresh) => [`value = ${fresh('value')}`],
  });
  const upsert = (name: string, value: number, parent = 'p1') => db.prepare(sql).all(name, value, parent);

  it('tells an insert from an update of the same key, an unchanged one included, and gives the id', () => {
    expect(upsert('a', 1)).toEqual([{ id: 1, updated: 0 }]);
    expect(upsert('a', 2)).toEqual([{ id: 1, updated: 1 }]);
    expect(upsert('a', 2)).toEqual([{ id: 1, updated: 1 }]);
    // the mark does not outlive the statement that set it
    expect(upsert('b', 1)).toEqual([{ id: expect.any(Number) as unknown, updated: 0 }]);
    expect(db.prepare('SELECT name, value FROM children ORDER BY id').all()).toEqual([
      { name: 'a', value: 2 },
      { name: 'b', value: 1 },
    ]);
  });

  it('writes nothing and returns no row when the SELECT finds no parent', () => {
    expect(upsert('c', 1, 'nope')).toEqual([]);
    expect(db.prepare("SELECT COUNT(*) AS n FROM children WHERE name = 'c'").get()).toEqual({ n: 0 });
  });
});
