import { ObjectLiteral, Repository, SelectQueryBuilder } from 'typeorm';

/** Rows deleted per statement: short transactions on MySQL, a few statements for a big purge. */
export const DELETE_CHUNK = 5000;

/**
 * Deletes the rows that `filter` selects, by id chunks in id order (each
 * statement its own short transaction), reporting the rows deleted so far of
 * those counted at the start (rows matching meanwhile are deleted too).
 */
export async function deleteInChunks<T extends ObjectLiteral & { id: number }>(
  repository: Repository<T>,
  filter: (select: SelectQueryBuilder<T>) => unknown,
  onProgress?: (done: number, total: number) => void,
  chunkSize = DELETE_CHUNK,
): Promise<number> {
  let total = 0;
  if (onProgress) {
    const count = repository.createQueryBuilder();
    filter(count);
    total = await count.getCount();
  }
  let deleted = 0;
  for (;;) {
    const chunk = repository.createQueryBuilder().select('id').orderBy('id').limit(chunkSize);
    filter(chunk);
    const ids = (await chunk.getRawMany<{ id: number }>()).map((row) => row.id);
    if (ids.length === 0) break;
    deleted += (await repository.delete(ids)).affected ?? ids.length;
    onProgress?.(deleted, Math.max(total, deleted));
    if (ids.length < chunkSize) break;
  }
  return deleted;
}
