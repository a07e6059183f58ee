import { isDeadlock, isUniqueViolation } from './database-errors';

/**
 * Runs a transaction again when InnoDB chose it as a deadlock victim (two
 * concurrent inserts into one index gap), as MySQL expects. With
 * `orDuplicate`, also when a concurrent transaction inserted the same unique
 * key first: for "replace this row" writes, whose next attempt deletes it.
 */
export async function retryTransaction<T>(work: () => Promise<T>, options: { orDuplicate?: boolean; attempts?: number } = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const retryable = isDeadlock(error) || (options.orDuplicate === true && isUniqueViolation(error));
      if (!retryable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
