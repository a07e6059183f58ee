import { isDeadlock, violatedIndex } from './database-errors';

/**
 * Runs a transaction again when InnoDB chose it as a deadlock victim (two
 * concurrent inserts into one index gap), as MySQL expects; and, for writes
 * that replace a row (delete, then insert), when a concurrent one inserted
 * the same key of one of the `replacing` unique indexes first: the next
 * attempt deletes that row, so the last write wins.
 */
export async function retryTransaction<T>(work: () => Promise<T>, options: { replacing?: string[]; attempts?: number } = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      const index = violatedIndex(error);
      const retryable = isDeadlock(error) || (index !== undefined && (options.replacing ?? []).includes(index));
      if (!retryable || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20 * attempt));
    }
  }
}
