import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { Nonce } from '../../src/auth/entities/nonce.entity';
import { issueNonce } from '../../src/auth/digest/nonce';
import { now } from '../../src/database/timestamps';
import { sleep, startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { authorization, challenges, fromOf, NONCE_KEY } from '../support/digest-client';
import { envOf, progressLines, runCli, withoutProgress } from '../support/cli';

const ME = '/api/accounts/me';
const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Issue 15: `digest:clear-nonces` records a cut-off in the database; a nonce
 * issued before it is `Nonce invalid`, so clearing rows never makes a nonce
 * look unused. One server for the file: each cut-off applies to every account.
 */
describe('digest:clear-nonces', () => {
  let t: TestApp;
  /** the server's own (so that these tests do not depend on how it is computed) */
  let opaque: string;
  beforeAll(async () => {
    t = await startApp();
    const f = await createAccount(t.db);
    opaque = challenges(await http(t).get(ME).set('From', fromOf(f)))[0].opaque;
  });
  afterAll(() => t.close());

  const rows = (f: AccountFixture) => t.db.getRepository(Nonce).findBy({ account_id: f.account.id });

  async function nonceFor(f: AccountFixture): Promise<string> {
    const res = await http(t).get(ME).set('From', fromOf(f));
    expect(res.status).toBe(401);
    return challenges(res)[0].nonce;
  }

  function attempt(f: AccountFixture, nonce: string, nc = 1): request.Test {
    return http(t)
      .get(ME)
      .set('From', fromOf(f))
      .set(
        'Authorization',
        authorization({
          username: f.account.username,
          password: f.password,
          realm: f.account.domain,
          nonce,
          opaque,
          method: 'GET',
          uri: ME,
          nc,
          algorithm: 'SHA-256',
        }),
      );
  }

  async function clearNonces(minutes: string): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), 'flexiapi-nonces-'));
    try {
      const result = await runCli(envOf(t.settings), dir, 'digest:clear-nonces', minutes);
      expect({ code: result.code, stderr: withoutProgress(result.stderr) }).toEqual({ code: 0, stderr: '' });
      expect(result.stdout).toMatch(/^\d+ expired nonces deleted\n$/);
      // the deletion's progress ends at its count (not a terminal: by tenths)
      const deleted = Number(/^(\d+)/.exec(result.stdout)![1]);
      expect(progressLines(result.stderr).at(-1)).toBe(deleted > 0 ? `Deleting nonces: ${deleted}/${deleted} (100%)` : undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** The cut-off has a one-second grain: the command must run in a later second than the nonce's challenge. */
  const nextSecond = () => sleep(1000 - (Date.now() % 1000) + 20);

  // first: the cut-offs of the tests below are later than its nonces
  it('deletes every row older than the minutes given, nonces still alive included, and leaves the cut-off in force', async () => {
    const f = await createAccount(t.db);
    const repo = t.db.getRepository(Nonce);
    const at = (minutes: number) => new Date(now().getTime() - minutes * 60_000);
    await repo.save([
      repo.create({ account_id: f.account.id, nonce: 'a'.repeat(40), nc: 1, created_at: at(0.5), updated_at: at(0.5) }),
      repo.create({ account_id: f.account.id, nonce: 'b'.repeat(40), nc: 1, created_at: at(2), updated_at: at(2) }),
      repo.create({ account_id: f.account.id, nonce: 'c'.repeat(40), nc: 1, created_at: at(6), updated_at: at(6) }),
    ]);
    // a nonce challenged 90 s ago, within its lifetime, first used now: issued before the cut-off
    const older = issueNonce(NONCE_KEY, f.account.id, nowSeconds() - 90);
    // one challenged 30 s ago: after the cut-off
    const newer = issueNonce(NONCE_KEY, f.account.id, nowSeconds() - 30);
    await clearNonces('1');
    expect((await rows(f)).map((r) => r.nonce)).toEqual(['a'.repeat(40)]);
    expect((await attempt(f, older, 1)).body).toEqual({ message: 'Nonce invalid' });
    expect((await attempt(f, newer, 1)).status).toBe(200);
    // an older cut-off asked later does not bring cleared nonces back
    await clearNonces('60');
    expect((await attempt(f, issueNonce(NONCE_KEY, f.account.id, nowSeconds() - 90), 1)).body).toEqual({ message: 'Nonce invalid' });
    // the database keeps the latest cut-off only
    const cutoffs = await t.db.query<{ issued_before: unknown }[]>('SELECT issued_before FROM nonce_cutoffs');
    expect(cutoffs.map((c) => Number(c.issued_before))).toEqual([expect.any(Number)]);
    expect(Number(cutoffs[0].issued_before)).toBeGreaterThan(nowSeconds() - 90);
  }, 60_000);

  it('makes a nonce in use Nonce invalid (nc=2 after the clear), and a fresh handshake then works', async () => {
    const f = await createAccount(t.db);
    const nonce = await nonceFor(f);
    expect((await attempt(f, nonce, 1)).status).toBe(200);
    await nextSecond();
    await clearNonces('0');

    const cleared = await attempt(f, nonce, 2);
    expect(cleared.status).toBe(401);
    expect(cleared.body).toEqual({ message: 'Nonce invalid' });
    expect(challenges(cleared)[0].nonce).not.toBe(nonce);
    // a replay of the request made before the clear fails the same way
    expect((await attempt(f, nonce, 1)).body).toEqual({ message: 'Nonce invalid' });

    const fresh = challenges(cleared)[0].nonce;
    expect((await attempt(f, fresh, 1)).status).toBe(200);
    expect((await attempt(f, fresh, 2)).status).toBe(200);
    expect((await attempt(f, await nonceFor(f), 1)).status).toBe(200);
  });

  it('makes a nonce challenged before the clear but not used yet Nonce invalid at its first use', async () => {
    const f = await createAccount(t.db);
    const nonce = await nonceFor(f);
    await nextSecond();
    await clearNonces('0');
    const res = await attempt(f, nonce, 1);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ message: 'Nonce invalid' });
    expect(await rows(f)).toEqual([]);
  });

  it('still answers Nonce replayed, not invalid, to a replay of a nonce issued after the cut-off', async () => {
    const f = await createAccount(t.db);
    await nextSecond();
    await clearNonces('0');
    // at once: the cut-off is the second the command ran in, and a nonce of that second stays good
    const nonce = await nonceFor(f);
    expect((await attempt(f, nonce, 1)).status).toBe(200);
    expect((await attempt(f, nonce, 1)).body).toEqual({ message: 'Nonce replayed' });
  });
});
