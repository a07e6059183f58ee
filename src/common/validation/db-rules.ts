import { EntityTarget, ObjectLiteral } from 'typeorm';
import { rule } from './rule';
import { db } from './context';

/** No row of `entity` has `column` = value (optionally except one found by `except`). */
export const Unique = <T extends ObjectLiteral>(
  entity: EntityTarget<T>,
  column: string,
  except?: (object: Record<string, unknown>) => Record<string, unknown> | undefined,
): PropertyDecorator =>
  rule(
    'unique',
    async (value, args) => {
      const qb = db().getRepository(entity).createQueryBuilder('t').where(`t.${column} = :value`, { value });
      const exclusion = except?.(args.object as Record<string, unknown>);
      if (exclusion) {
        for (const [key, v] of Object.entries(exclusion)) qb.andWhere(`t.${key} != :${key}`, { [key]: v });
      }
      return !(await qb.getExists());
    },
    { rule: 'unique' },
  );

/** A row of `entity` has `column` = value. */
export const Exists = <T extends ObjectLiteral>(entity: EntityTarget<T>, column: string): PropertyDecorator =>
  rule('exists', async (value) => db().getRepository(entity).existsBy({ [column]: value } as never), { rule: 'exists' });
