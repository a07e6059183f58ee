import { FindOptionsWhere, IsNull } from 'typeorm';
import type { Space } from './entities/space.entity';

/**
 * The rows a Space may use (deviation 22): its own; a super Space also
 * those made before rows had a Space. Any other row is unknown there.
 */
export function inSpace<T extends { space_id: number | null }>(space: Space, where: FindOptionsWhere<NoInfer<T>>): FindOptionsWhere<T>[] {
  const own = { ...where, space_id: space.id } as FindOptionsWhere<T>;
  return space.super ? [own, { ...where, space_id: IsNull() }] : [own];
}
