import { iso } from '../common/serialize';
import { Space, SPACE_FLAGS } from '../account-core/entities/space.entity';

/** Space JSON: every column but `id`; `expire_at` as its date at midnight. */
export function serializeSpace(space: Space): Record<string, unknown> {
  const expire = space.expire_at ? new Date(space.expire_at) : null;
  expire?.setUTCHours(0, 0, 0, 0);
  const json: Record<string, unknown> = {
    domain: space.domain,
    super: space.super,
    created_at: iso(space.created_at),
    updated_at: iso(space.updated_at),
  };
  for (const flag of SPACE_FLAGS) json[flag] = space[flag];
  return {
    ...json,
    max_account: space.max_account,
    host: space.host,
    max_accounts: space.max_accounts,
    expire_at: iso(expire),
  };
}
