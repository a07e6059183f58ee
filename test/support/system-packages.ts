import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join, relative } from 'node:path';

/**
 * Tests that drive a real system program (Chromium, liblinphone, linphone-daemon,
 * a MariaDB or Redis server of their own)
 * run when it is installed and are skipped, with one line saying why, when it is
 * not: `npm ci && npm test` passes on a fresh machine. `.ci/run` installs them and
 * sets CI_REQUIRE_SYSTEM_PACKAGES=1, which turns a missing one into a failure.
 */
export interface SystemPackage {
  /** what is missing, for the skip line: "Chromium (/usr/bin/chromium)" */
  what: string;
  /** the Debian package that provides it */
  debian: string;
  available: () => boolean;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, command)));
}

const chromiumPath = (): string => process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM: SystemPackage = {
  what: `Chromium (${chromiumPath()}, or CHROMIUM_PATH)`,
  debian: 'chromium',
  available: () => executable(chromiumPath()),
};

export const LIBLINPHONE: SystemPackage = {
  what: 'liblinphone (pkg-config linphone) and gcc',
  debian: 'liblinphone-dev gcc pkg-config',
  available: () => onPath('gcc') && spawnSync('pkg-config', ['--exists', 'linphone']).status === 0,
};

export const LINPHONE_DAEMON: SystemPackage = {
  what: 'linphone-daemon',
  debian: 'linphone-cli',
  available: () => onPath('linphone-daemon'),
};

/** a MariaDB server of the test's own (test/support/own-mariadb.ts), killed and stopped by it */
export const MARIADB_SERVER: SystemPackage = {
  what: 'mariadbd and mariadb-install-db',
  debian: 'mariadb-server',
  available: () => executable('/usr/sbin/mariadbd') && onPath('mariadb-install-db'),
};

/** a redis-server of the test's own (test/support/own-redis.ts) */
export const REDIS_SERVER: SystemPackage = {
  what: 'redis-server',
  debian: 'redis-server',
  available: () => onPath('redis-server'),
};

/**
 * `describe` when every package is there, else `describe.skip` and one console
 * line; chosen when the test file loads. Under CI_REQUIRE_SYSTEM_PACKAGES=1 a
 * missing package throws instead, failing the file.
 */
export function describeWith(...packages: SystemPackage[]): jest.Describe {
  const missing = packages.filter((p) => !p.available());
  if (missing.length === 0) return describe;
  const why = `${missing.map((p) => p.what).join(', ')} not installed (Debian: apt-get install ${missing.map((p) => p.debian).join(' ')})`;
  if (process.env.CI_REQUIRE_SYSTEM_PACKAGES === '1') {
    throw new Error(`CI_REQUIRE_SYSTEM_PACKAGES=1 and ${why}`);
  }
  const file = expect.getState().testPath;
  process.stdout.write(`skipped: ${file ? relative(process.cwd(), file) : 'a test file'} needs ${why}\n`);
  return describe.skip;
}
