import { Settings } from '../config/settings';
import { driverCode, isConnectionFailure } from './database-errors';

/** Where the database is expected, for the log lines: host:port, or the socket. */
export const databaseAddress = (settings: Settings): string =>
  settings.db.connection === 'sqlite'
    ? settings.db.database
    : settings.db.socket
      ? `socket ${settings.db.socket}`
      : `${settings.db.host}:${settings.db.port}`;

/**
 * Runs `connect` until the database answers, for at most
 * DB_CONNECT_RETRY_SECONDS (a container started beside a database that is
 * still booting): waits 0.5 s, then doubling up to 5 s, one log line per
 * failed attempt. Errors other than "not reachable" (a wrong password …)
 * stop at once.
 */
export async function whenDatabaseReachable<T>(settings: Settings, connect: () => Promise<T>, log: (line: string) => void): Promise<T> {
  const deadline = Date.now() + settings.db.connectRetrySeconds * 1000;
  const address = databaseAddress(settings);
  let delay = 500;
  for (let attempt = 1; ; attempt++) {
    try {
      return await connect();
    } catch (error) {
      // a socket file that does not exist yet is a database still booting
      if (!isConnectionFailure(error) && driverCode(error) !== 'ENOENT') throw error;
      const reason = `${driverCode(error) || 'error'}: ${(error as Error).message}`;
      if (Date.now() + delay > deadline) {
        throw new Error(
          `Database unreachable at ${address} after ${attempt} attempt(s) in ${settings.db.connectRetrySeconds} s (${reason})`,
        );
      }
      log(`Database not reachable at ${address} (attempt ${attempt}, ${reason}); retrying in ${delay / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }
}
