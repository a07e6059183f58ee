import { AccountTombstone } from '../../src/account-core/entities/account-tombstone.entity';
import { Account } from '../../src/account-core/entities/account.entity';
import { ApiKey } from '../../src/account-core/entities/api-key.entity';
import { now } from '../../src/database/timestamps';
import { DOMAIN } from '../support/app';
import { ConsoleFixture, freshConsole, progressLines, withoutProgress } from '../support/cli';
import { createAccount } from '../support/fixtures';

jest.setTimeout(120_000);

const DAY = 24 * 3600_000;
const ago = (ms: number): Date => new Date(now().getTime() - ms);

/**
 * Issue 18 item 6: console commands that work on many rows show their
 * progress on stderr; run here as from a log (stderr is a pipe, not a
 * terminal): one line per tenth done, the results alone on stdout. The
 * terminal form is src/common/progress.spec.ts's.
 */
describe('progress of the console commands on many rows (stderr not a terminal)', () => {
  let c: ConsoleFixture;
  beforeAll(async () => {
    ({ fixture: c } = await freshConsole());
  });
  afterAll(() => c?.close());

  it('accounts:seed 2000 writes ten progress lines, one per tenth', async () => {
    const result = await c.cli('accounts:seed', '2000');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`2000 accounts created in ${DOMAIN}\n`);
    expect(result.stderr).toBe(
      Array.from({ length: 10 }, (_, i) => `Creating accounts: ${(i + 1) * 200}/2000 (${(i + 1) * 10}%)\n`).join(''),
    );
    expect(await c.db.getRepository(Account).countBy({ user_agent: 'FlexiAPI Seeder' })).toBe(2000);
  });

  it('accounts:clear-unconfirmed --and-confirmed --apply ends its progress at the count deleted (one chunk: one line)', async () => {
    // made two days ago, for the command's days
    await c.db.getRepository(Account).update({ user_agent: 'FlexiAPI Seeder' }, { created_at: ago(2 * DAY) });
    const result = await c.cli('accounts:clear-unconfirmed', '1', '--and-confirmed', '--apply');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('2000 accounts in deletion…\n2000 accounts deleted\n');
    expect(result.stderr).toBe('Deleting accounts: 2000/2000 (100%)\n');
  });

  it('accounts:clear-tombstones and accounts:clear-api-keys show theirs', async () => {
    const tombstones = c.db.getRepository(AccountTombstone);
    await tombstones.save(
      Array.from({ length: 3 }, (_, i) => tombstones.create({ username: `gone${i}`, domain: DOMAIN, created_at: ago(20 * DAY) })),
    );
    const cleared = await c.cli('accounts:clear-tombstones', '10', '--apply');
    expect({ stdout: cleared.stdout, progress: progressLines(cleared.stderr), rest: withoutProgress(cleared.stderr) }).toEqual({
      stdout: '3 tombstones deleted\n',
      progress: ['Deleting tombstones: 3/3 (100%)'],
      rest: '',
    });

    const old = await createAccount(c.db, { username: 'oldkey' });
    await c.db.getRepository(ApiKey).update({ account_id: old.account.id }, { last_used_at: ago(DAY) });
    const keys = await c.cli('accounts:clear-api-keys', '60');
    expect(keys.stdout).toBe('Deleting api keys unused after 60 minutes\n1 api keys deleted\n');
    expect(keys.stderr).toBe('Deleting api keys: 1/1 (100%)\n');
  });

  it('writes nothing on stderr when there is nothing to do', async () => {
    const result = await c.cli('accounts:clear-tombstones', '10', '--apply');
    expect(result).toMatchObject({ code: 0, stdout: '0 tombstones deleted\n', stderr: '' });
  });
});
