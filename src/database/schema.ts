import { TableColumnOptions, TableForeignKeyOptions } from 'typeorm';

/** Column shorthands for the QueryRunner schema API: one definition, both engines. */
export const id = (): TableColumnOptions => ({
  name: 'id',
  type: 'integer',
  isPrimary: true,
  isGenerated: true,
  generationStrategy: 'increment',
});

export const timestamps = (): TableColumnOptions[] => [
  { name: 'created_at', type: 'datetime', isNullable: true },
  { name: 'updated_at', type: 'datetime', isNullable: true },
];

export const accountRef = (nullable = false): TableColumnOptions => ({
  name: 'account_id',
  type: 'integer',
  isNullable: nullable,
});

export const string = (name: string, length = 255, nullable = true): TableColumnOptions => ({
  name,
  type: 'varchar',
  length: String(length),
  isNullable: nullable,
});

export const bool = (name: string, fallback: boolean): TableColumnOptions => ({
  name,
  type: 'boolean',
  default: fallback ? 1 : 0,
});

export const cascadeTo = (columnName: string, table = 'accounts', referencedColumn = 'id'): TableForeignKeyOptions => ({
  columnNames: [columnName],
  referencedTableName: table,
  referencedColumnNames: [referencedColumn],
  onDelete: 'CASCADE',
});
