import { JoinColumn, ManyToOne } from 'typeorm';
import type { DataSource, FindOptionsWhere, ObjectLiteral, ObjectType } from 'typeorm';
import { notFound } from '../common/errors';
import { isForeignKeyViolation, isUniqueViolation } from './database-errors';

/**
 * One end of a link row (an entity whose key is the pair it links): the
 * relation on `column`, the row deleted with the row it points at.
 */
export function LinkTo<T>(target: () => ObjectType<T>, column: string): PropertyDecorator {
  return (prototype, property) => {
    ManyToOne(target, { onDelete: 'CASCADE' })(prototype, property);
    JoinColumn({ name: column })(prototype, property);
  };
}

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

/** Deletes the link row(s) matching `where`: how many went (0 when it was not there). */
export async function deleteLink<T extends ObjectLiteral>(
  dataSource: DataSource,
  entity: new () => T,
  where: FindOptionsWhere<T>,
): Promise<number> {
  return (await dataSource.getRepository(entity).delete(where)).affected ?? 0;
}
