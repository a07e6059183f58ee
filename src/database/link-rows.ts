import type { DataSource, ObjectLiteral } from 'typeorm';
import { notFound } from '../common/errors';
import { isForeignKeyViolation, isUniqueViolation } from './database-errors';

/**
 * Inserts a row of a link table: false when the pair is there already (a
 * concurrent request won); 404 when a row it refers to was deleted meanwhile.
 */
export async function insertLink<T extends ObjectLiteral>(dataSource: DataSource, entity: new () => T, row: Partial<T>): Promise<boolean> {
  try {
    await dataSource.getRepository(entity).insert(row);
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    if (isForeignKeyViolation(error)) throw notFound();
    throw error;
  }
}
