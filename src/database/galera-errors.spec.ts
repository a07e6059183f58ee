import { QueryFailedError } from 'typeorm';
import { databaseFault, isConnectionFailure, isDeadlock } from './database-errors';
import { retryTransaction } from './retry';

/**
 * How the errors a Galera node gives are answered, on errors shaped as mysql2
 * reports them (code, errno, sqlState, sqlMessage as MariaDB 10.11 words
 * them); test/scale/galera.e2e-spec.ts meets the real ones on a real cluster.
 */
const mysqlError = (code: string, errno: number, sqlState: string, message: string) =>
  new QueryFailedError('COMMIT', [], Object.assign(new Error(message), { code, errno, sqlState, sqlMessage: message }));

const certificationConflict = () =>
  mysqlError('ER_LOCK_DEADLOCK', 1213, '40001', 'Deadlock found when trying to get lock; try restarting transaction');
const notPrimary = () => mysqlError('ER_UNKNOWN_COM_ERROR', 1047, '08S01', 'WSREP has not yet prepared node for application use');
const killed = () => mysqlError('ER_CONNECTION_KILLED', 1927, '70100', 'Connection was killed');

describe('Galera errors', () => {
  it('a certification conflict (1213) is a deadlock: the transaction runs again and its second attempt commits', async () => {
    let attempts = 0;
    const result = await retryTransaction(() => {
      attempts++;
      if (attempts === 1) return Promise.reject(certificationConflict());
      return Promise.resolve('committed');
    });
    expect(result).toBe('committed');
    expect(attempts).toBe(2);
    // by errno alone too (a driver that names it otherwise)
    expect(isDeadlock({ errno: 1213 })).toBe(true);
  });

  it('a conflict left after every attempt is a 503 (retry later), not a 500', async () => {
    let attempts = 0;
    const failure = await retryTransaction(
      () => {
        attempts++;
        return Promise.reject(certificationConflict());
      },
      { attempts: 3 },
    ).catch((error: unknown) => error);
    expect(attempts).toBe(3);
    expect(databaseFault(failure)).toEqual({ unavailable: true });
  });

  it('a node out of the primary component (1047) and a killed session (1927) are the database away: 503, and waited for at start', () => {
    for (const error of [notPrimary(), killed()]) {
      expect(databaseFault(error)).toEqual({ unavailable: true });
      expect(isConnectionFailure(error)).toBe(true);
    }
  });

  it('they are not retried as deadlocks, and other errors stay what they were', async () => {
    let attempts = 0;
    await expect(
      retryTransaction(() => {
        attempts++;
        return Promise.reject(notPrimary());
      }),
    ).rejects.toBeInstanceOf(QueryFailedError);
    expect(attempts).toBe(1);
    expect(databaseFault(mysqlError('ER_PARSE_ERROR', 1064, '42000', 'You have an error in your SQL syntax'))).toBeUndefined();
    // a mail server's refusal is no database fault
    expect(databaseFault(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toBeUndefined();
  });
});
