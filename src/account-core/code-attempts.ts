import { DataSource, EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { now } from '../database/timestamps';

/** Wrong codes a pending change (or a confirmation key) survives (deviation 23). */
export const MAX_CODE_ATTEMPTS = 5;

/** Where a guessable code lives: its row, its column, and the column counting the tries. */
export interface GuardedCode {
  entity: EntityTarget<ObjectLiteral>;
  id: number;
  code: string;
  attempts: string;
}

/**
 * Takes one try of a code still set, in one conditional update, before the
 * code is compared: of parallel guesses at most MAX_CODE_ATTEMPTS get
 * compared at all. False: no try left (or the code is gone).
 */
export async function claimAttempt(db: DataSource | EntityManager, guarded: GuardedCode): Promise<boolean> {
  const { entity, id, code, attempts } = guarded;
  const result = await db
    .createQueryBuilder()
    .update(entity)
    .set({ [attempts]: () => `${attempts} + 1` })
    .where(`id = :id AND ${code} IS NOT NULL AND ${attempts} < :max`, { id, max: MAX_CODE_ATTEMPTS })
    .execute();
  return (result.affected ?? 0) === 1;
}

/** After a wrong code: once every try is spent the code is cleared, so nothing is pending any more. */
export async function clearIfSpent(db: DataSource | EntityManager, guarded: GuardedCode): Promise<void> {
  const { entity, id, code, attempts } = guarded;
  await db
    .createQueryBuilder()
    .update(entity)
    .set({ [code]: null, updated_at: now() })
    .where(`id = :id AND ${code} IS NOT NULL AND ${attempts} >= :max`, { id, max: MAX_CODE_ATTEMPTS })
    .execute();
}
