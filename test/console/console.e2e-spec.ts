import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Account } from '../../src/account-core/entities/account.entity';
import { AccountTombstone } from '../../src/account-core/entities/account-tombstone.entity';
import { ProvisioningToken } from '../../src/account-core/entities/provisioning-token.entity';
import { Password } from '../../src/account-core/entities/password.entity';
import { ApiKey } from '../../src/account-core/entities/api-key.entity';
import { Nonce } from '../../src/auth/entities/nonce.entity';
import { sha256 } from '../../src/auth/api-keys.service';
import { ha1 } from '../../src/common/digest-hash';
import { now } from '../../src/database/timestamps';
import { Space } from '../../src/account-core/entities/space.entity';
import { startApp, TestApp, DOMAIN, HOST } from '../support/app';
import { createAccount, http } from '../support/fixtures';
import { authorization, challenges } from '../support/digest-client';
import { ConsoleFixture, CliResult, envOf, freshConsole, runCli, withoutProgress } from '../support/cli';

jest.setTimeout(120_000);

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const ago = (ms: number): Date => new Date(now().getTime() - ms);
const SECOND_KEY = 'second-key-0123456789abcdef0123456789';
const MD5_KEY = 'md5-key-0123456789abcdef0123456789ab';

/** Success: exit 0, nothing on stderr but progress lines (test/console/progress.e2e-spec.ts), these lines on stdout. */
function succeeded(result: CliResult, ...lines: string[]): void {
  expect({ code: result.code, stderr: withoutProgress(result.stderr) }).toEqual({ code: 0, stderr: '' });
  expect(result.stdout).toBe(lines.map((line) => `${line}\n`).join(''));
}

/** Failure: non-zero exit, this one line on stderr, nothing on stdout unless given. */
function failed(result: CliResult, reason: string | RegExp, stdout = ''): void {
  expect(result.code).not.toBe(0);
  expect(result.stdout).toBe(stdout);
  expect(result.stderr.endsWith('\n')).toBe(true);
  expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
  if (typeof reason === 'string') expect(result.stderr).toBe(`${reason}\n`);
  else expect(result.stderr).toMatch(reason);
}

describe('console commands', () => {
  let c: ConsoleFixture;
  let firstMigrate: CliResult;

  beforeAll(async () => {
    ({ fixture: c, firstMigrate } = await freshConsole());
  });
  afterAll(() => c?.close());

  const accounts = () => c.db.getRepository(Account);
  const spaces = () => c.db.getRepository(Space);

  describe('db:migrate', () => {
    it('applies the migrations on a fresh database, then does nothing', async () => {
      expect(firstMigrate.code).toBe(0);
      expect(firstMigrate.stderr).toBe('');
      expect(firstMigrate.stdout).toMatch(/^(Migrated: \w+\n)+$/);
      succeeded(await c.cli('db:migrate'), 'Nothing to migrate');
      const [{ count }] = await c.db.query('SELECT COUNT(*) AS count FROM flexiapi_migrations');
      expect(Number(count)).toBe(firstMigrate.stdout.trim().split('\n').length);
    });

    it('ensures the default Space, like the server start', async () => {
      expect(await spaces().findOneBy({ domain: DOMAIN })).toMatchObject({ host: HOST });
    });
  });

  describe('errors of the command line', () => {
    it('an unknown command exits 1 with one line', async () => {
      failed(await c.cli('accounts:nope'), 'Command "accounts:nope" is not defined.');
    });

    it('a missing argument exits 1 with one line', async () => {
      failed(await c.cli('accounts:set-admin'), /missing required argument 'id'/);
      failed(await c.cli('digest:clear-nonces'), /missing required argument 'minutes'/);
    });

    it('an unknown option exits 1 with one line', async () => {
      failed(await c.cli('accounts:seed', '1', '--nope'), /unknown option '--nope'/);
    });

    it('--help lists the commands, exit 0', async () => {
      const result = await c.cli('--help');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Usage: npm run cli -- [options] [command]');
      for (const name of ['db:migrate', 'spaces:create-update', 'accounts:create-admin-account', 'accounts:seed']) {
        expect(result.stdout).toContain(name);
      }
    });

    it('a bad setting exits 1 naming the variable', async () => {
      failed(await c.cliWith({ DB_CONNECTION: 'oracle' }, 'db:migrate'), /^Invalid setting: DB_CONNECTION/);
    });
  });

  describe('spaces:create-update', () => {
    it('creates a super Space, then turns it into a normal one', async () => {
      succeeded(
        await c.cli('spaces:create-update', 'created.org', 'created.host', '--super'),
        'Your will create or update a Space in the database',
        'A new domain will be created',
        'Set as a super domain',
      );
      const created = await spaces().findOneByOrFail({ domain: 'created.org' });
      expect(created).toMatchObject({ host: 'created.host', super: true, max_accounts: 0 });

      await spaces().update({ id: created.id }, { max_accounts: 7 });
      succeeded(
        await c.cli('spaces:create-update', 'created.org', 'other.host'),
        'Your will create or update a Space in the database',
        'The domain already exists, updating it',
        'Set as a normal domain',
      );
      // other columns keep their values
      expect(await spaces().findOneByOrFail({ id: created.id })).toMatchObject({ host: 'other.host', super: false, max_accounts: 7 });
    });

    it('refuses a domain or a host that is not a hostname, as the API does', async () => {
      for (const [domain, host, message] of [
        ['quo"te.org', 'quote.host', 'The domain format is invalid.'],
        ['fine.org', 'bad host', 'The host format is invalid.'],
        ['fine.org', 'fine.host:99999', 'The host format is invalid.'],
      ]) {
        failed(await c.cli('spaces:create-update', domain, host), message);
      }
      expect(await spaces().findOneBy({ domain: 'fine.org' })).toBeNull();
      succeeded(
        await c.cli('spaces:create-update', 'fine.org', 'fine.host:8080'),
        'Your will create or update a Space in the database',
        'A new domain will be created',
        'Set as a normal domain',
      );
    });

    it('refuses a host outside APP_ROOT_DOMAIN', async () => {
      const result = await c.cliWith({ APP_ROOT_DOMAIN: 'example.com' }, 'spaces:create-update', 'rooted.org', 'rooted.elsewhere.net');
      failed(result, 'The host must end with example.com', 'Your will create or update a Space in the database\n');
      expect(await spaces().findOneBy({ domain: 'rooted.org' })).toBeNull();

      succeeded(
        await c.cliWith({ APP_ROOT_DOMAIN: 'example.com' }, 'spaces:create-update', 'rooted.org', 'rooted.example.com'),
        'Your will create or update a Space in the database',
        'A new domain will be created',
        'Set as a normal domain',
      );
    });
  });

  describe('accounts:create-admin-account', () => {
    it('refuses a domain without Space, listing the Spaces', async () => {
      const domains = (await spaces().find({ order: { id: 'ASC' } })).map((s) => s.domain);
      failed(
        await c.cli('accounts:create-admin-account', '-u', 'admin', '-p', 'pw', '-d', 'unknown.org'),
        `The domain must be one of the following ones: ${domains.join(', ')}`,
      );
      expect(await accounts().findOneBy({ domain: 'unknown.org' })).toBeNull();
    });

    it('creates an activated admin with the given API key, bound to no IP and never expiring', async () => {
      const key = 'console-given-key-0123456789abcdef';
      succeeded(
        await c.cli('accounts:create-admin-account', '-u', 'boss', '-p', 'pa$$', '-d', DOMAIN, '--api-key', key),
        `Admin test account created: "boss@${DOMAIN}" | Password: "pa$$" | API Key: "${key}"`,
      );
      const account = await accounts().findOneByOrFail({ username: 'boss', domain: DOMAIN });
      expect(account).toMatchObject({
        email: null,
        activated: true,
        admin: true,
        blocked: false,
        user_agent: 'Test',
        ip_address: '0.0.0.0',
      });
      const age = Date.now() - account.created_at!.getTime();
      expect(age).toBeGreaterThan(3 * 365 * DAY - DAY);
      expect(age).toBeLessThan(3 * 365 * DAY + DAY);

      const passwords = await c.db.getRepository(Password).findBy({ account_id: account.id });
      expect(passwords).toEqual([expect.objectContaining({ algorithm: 'SHA-256', password: ha1('SHA-256', 'boss', DOMAIN, 'pa$$') })]);
      const apiKey = await c.db.getRepository(ApiKey).findOneByOrFail({ account_id: account.id });
      expect(apiKey).toMatchObject({ key_hash: sha256(key), ip: null, expires: false, requests: 0 });
      expect(Math.abs(apiKey.last_used_at!.getTime() - Date.now())).toBeLessThan(MINUTE);
      // tokens.md §5: every new account gets a provisioning token, with no origin from the console
      const tokens = await c.db.getRepository(ProvisioningToken).findBy({ account_id: account.id });
      expect(tokens).toEqual([expect.objectContaining({ used: false, ip: null, user_agent: null })]);
      expect(tokens[0].token).toMatch(/^[A-Za-z0-9]{13}$/);
    });

    it('recreates an existing account (new id, no tombstone, its rows cascaded)', async () => {
      const before = await accounts().findOneByOrFail({ username: 'boss', domain: DOMAIN });
      await c.db.getRepository(Nonce).save({ account_id: before.id, nonce: 'n-of-boss', nc: 0 });
      succeeded(
        await c.cli(
          'accounts:create-admin-account',
          '--username',
          'boss',
          '--password',
          'other',
          '--domain',
          DOMAIN,
          '--api-key',
          SECOND_KEY,
        ),
        `Admin test account created: "boss@${DOMAIN}" | Password: "other" | API Key: "${SECOND_KEY}"`,
      );
      const after = await accounts().findBy({ username: 'boss', domain: DOMAIN });
      expect(after).toHaveLength(1);
      expect(after[0].id).not.toBe(before.id);
      expect(await c.db.getRepository(AccountTombstone).countBy({ username: 'boss' })).toBe(0);
      expect(await c.db.getRepository(Nonce).countBy({ account_id: before.id })).toBe(0);
      expect(await c.db.getRepository(ApiKey).countBy({ account_id: before.id })).toBe(0);
      expect(await c.db.getRepository(ApiKey).findOneByOrFail({ account_id: after[0].id })).toMatchObject({ key_hash: sha256(SECOND_KEY) });
    });

    it('defaults: admin with a random password printed once, in the first Space, a random 40-character key bound to 127.0.0.1', async () => {
      const result = await c.cli('accounts:create-admin-account');
      expect([result.code, result.stderr]).toEqual([0, '']);
      const match =
        /^Admin test account created: "admin@sip\.example\.org" \| Password: "([A-Za-z0-9]{24})" \| API Key: "([A-Za-z0-9]{40})"\n$/.exec(
          result.stdout,
        );
      expect(match).not.toBeNull();
      const [, password, key] = match!;
      expect(result.stdout.split(password)).toHaveLength(2);
      const account = await accounts().findOneByOrFail({ username: 'admin', domain: DOMAIN });
      expect(await c.db.getRepository(ApiKey).findOneByOrFail({ account_id: account.id })).toMatchObject({
        key_hash: sha256(key),
        ip: '127.0.0.1',
        expires: true,
      });
      expect(await c.db.getRepository(Password).findBy({ account_id: account.id })).toEqual([
        expect.objectContaining({ algorithm: 'SHA-256', password: ha1('SHA-256', 'admin', DOMAIN, password) }),
      ]);
    });

    it('-u without -p: never change_me, a new random password on each run', async () => {
      const passwordOf = async () => {
        const result = await c.cli('accounts:create-admin-account', '-u', 'x', '-d', DOMAIN);
        expect([result.code, result.stderr]).toEqual([0, '']);
        return /Password: "([^"]*)"/.exec(result.stdout)![1];
      };
      const first = await passwordOf();
      const second = await passwordOf();
      expect(first).not.toBe('change_me');
      expect(first).toMatch(/^[A-Za-z0-9]{24}$/);
      expect(second).not.toBe(first);
      const account = await accounts().findOneByOrFail({ username: 'x', domain: DOMAIN });
      const [row] = await c.db.getRepository(Password).findBy({ account_id: account.id });
      expect(row.password).toBe(ha1('SHA-256', 'x', DOMAIN, second));
      expect(row.password).not.toBe(ha1('SHA-256', 'x', DOMAIN, 'change_me'));
    });

    it('refuses an --api-key shorter than 32 characters, changing nothing', async () => {
      const before = await accounts().findOneByOrFail({ username: 'boss', domain: DOMAIN });
      for (const key of ['short', 'k'.repeat(31), '']) {
        failed(
          await c.cli('accounts:create-admin-account', '-u', 'boss', '-p', 'pw', '-d', DOMAIN, '--api-key', key),
          'The API key must be at least 32 characters long',
        );
      }
      expect(await accounts().findBy({ username: 'boss', domain: DOMAIN })).toEqual([expect.objectContaining({ id: before.id })]);
      expect(await c.db.getRepository(ApiKey).countBy({ key_hash: sha256('short') })).toBe(0);
      succeeded(
        await c.cli('accounts:create-admin-account', '-u', 'keyed', '-p', 'pw', '-d', DOMAIN, '--api-key', 'k'.repeat(32)),
        `Admin test account created: "keyed@${DOMAIN}" | Password: "pw" | API Key: "${'k'.repeat(32)}"`,
      );
    });

    it('hashes with ACCOUNT_DEFAULT_PASSWORD_ALGORITHM and ACCOUNT_REALM', async () => {
      succeeded(
        await c.cliWith(
          { ACCOUNT_DEFAULT_PASSWORD_ALGORITHM: 'MD5', ACCOUNT_REALM: 'my.realm' },
          'accounts:create-admin-account',
          '-u',
          'md5admin',
          '-p',
          'pw',
          '-d',
          DOMAIN,
          '--api-key',
          MD5_KEY,
        ),
        `Admin test account created: "md5admin@${DOMAIN}" | Password: "pw" | API Key: "${MD5_KEY}"`,
      );
      const account = await accounts().findOneByOrFail({ username: 'md5admin' });
      expect(await c.db.getRepository(Password).findBy({ account_id: account.id })).toEqual([
        expect.objectContaining({ algorithm: 'MD5', password: ha1('MD5', 'md5admin', 'my.realm', 'pw') }),
      ]);
    });
  });

  describe('accounts:set-admin', () => {
    it('makes an account admin, once', async () => {
      const { account } = await createAccount(c.db, { username: 'promoted', admin: false });
      succeeded(await c.cli('accounts:set-admin', String(account.id)), `Account promoted@${DOMAIN} is now admin`);
      expect(await accounts().findOneByOrFail({ id: account.id })).toMatchObject({ admin: true });
      failed(await c.cli('accounts:set-admin', String(account.id)), 'The account is already having the admin role');
    });

    it('refuses an unknown id', async () => {
      failed(await c.cli('accounts:set-admin', '987654'), 'Account not found, please use an existing account id');
      failed(await c.cli('accounts:set-admin', 'abc'), 'Account not found, please use an existing account id');
    });
  });

  describe('accounts:clear-api-keys', () => {
    it('deletes the expiring keys unused for the configured time, never the console-given ones', async () => {
      const keys = c.db.getRepository(ApiKey);
      const old = await createAccount(c.db, { username: 'oldkey' });
      const fresh = await createAccount(c.db, { username: 'freshkey' });
      const kept = await createAccount(c.db, { username: 'keptkey' });
      await keys.update({ account_id: old.account.id }, { last_used_at: ago(61 * MINUTE) });
      await keys.update({ account_id: fresh.account.id }, { last_used_at: ago(59 * MINUTE) });
      await keys.update({ account_id: kept.account.id }, { last_used_at: ago(1000 * DAY), expires: false });

      succeeded(await c.cli('accounts:clear-api-keys'), 'Deleting api keys unused after 60 minutes', '1 api keys deleted');
      expect(await keys.countBy({ account_id: old.account.id })).toBe(0);
      expect(await keys.countBy({ account_id: fresh.account.id })).toBe(1);
      expect(await keys.countBy({ account_id: kept.account.id })).toBe(1);

      succeeded(await c.cli('accounts:clear-api-keys', '30'), 'Deleting api keys unused after 30 minutes', '1 api keys deleted');
      expect(await keys.countBy({ account_id: fresh.account.id })).toBe(0);
      expect(await keys.countBy({ account_id: kept.account.id })).toBe(1);
    });

    it('does nothing when the expiration is 0', async () => {
      succeeded(await c.cli('accounts:clear-api-keys', '0'), 'Expiration time is set to 0, nothing to clear');
      succeeded(
        await c.cliWith({ APP_API_KEY_EXPIRATION_MINUTES: '0' }, 'accounts:clear-api-keys'),
        'Expiration time is set to 0, nothing to clear',
      );
    });

    it('refuses a non-number', async () => {
      failed(await c.cli('accounts:clear-api-keys', 'soon'), 'The minutes must be a whole number, got "soon"');
    });
  });

  describe('digest:clear-nonces', () => {
    it('deletes the nonces older than that', async () => {
      const { account } = await createAccount(c.db, { username: 'noncer' });
      const nonces = c.db.getRepository(Nonce);
      await nonces.save(
        nonces.create([
          { account_id: account.id, nonce: 'old-1', nc: 0, created_at: ago(11 * MINUTE) },
          { account_id: account.id, nonce: 'old-2', nc: 3, created_at: ago(2 * DAY) },
          { account_id: account.id, nonce: 'new-1', nc: 0, created_at: ago(9 * MINUTE) },
        ]),
      );
      succeeded(await c.cli('digest:clear-nonces', '10'), '2 expired nonces deleted');
      expect((await nonces.findBy({ account_id: account.id })).map((n) => n.nonce)).toEqual(['new-1']);
      succeeded(await c.cli('digest:clear-nonces', '10'), '0 expired nonces deleted');
    });
  });

  describe('accounts:clear-unconfirmed', () => {
    it('counts without --apply, deletes with it, and --and-confirmed widens to activated accounts', async () => {
      await c.cli('spaces:create-update', 'purge.org', 'purge.host');
      const make = async (username: string, activated: boolean, age: number) => {
        const { account } = await createAccount(c.db, { username, domain: 'purge.org', activated });
        await accounts().update({ id: account.id }, { created_at: ago(age) });
        return account;
      };
      const oldUnconfirmed = await make('old-unconfirmed', false, 40 * DAY);
      await make('old-unconfirmed-2', false, 31 * DAY);
      const newUnconfirmed = await make('new-unconfirmed', false, 29 * DAY);
      const oldConfirmed = await make('old-confirmed', true, 40 * DAY);
      const olderThan30 = async (activated?: boolean) => {
        const query = accounts()
          .createQueryBuilder()
          .where('created_at < :before', { before: ago(30 * DAY) });
        if (activated !== undefined) query.andWhere('activated = :activated', { activated });
        return query.getCount();
      };

      const unconfirmed = await olderThan30(false);
      expect(unconfirmed).toBeGreaterThanOrEqual(2);
      succeeded(await c.cli('accounts:clear-unconfirmed', '30'), `${unconfirmed} accounts to delete`);
      expect(await accounts().countBy({ domain: 'purge.org' })).toBe(4);
      succeeded(await c.cli('accounts:clear-unconfirmed', '30', '--and-confirmed'), `${await olderThan30()} accounts to delete`);

      succeeded(
        await c.cli('accounts:clear-unconfirmed', '30', '--apply'),
        `${unconfirmed} accounts in deletion…`,
        `${unconfirmed} accounts deleted`,
      );
      const left = (await accounts().findBy({ domain: 'purge.org' })).map((a) => a.username).sort();
      expect(left).toEqual(['new-unconfirmed', 'old-confirmed']);
      // database cascades, no tombstones
      expect(await c.db.getRepository(Password).countBy({ account_id: oldUnconfirmed.id })).toBe(0);
      expect(await c.db.getRepository(AccountTombstone).countBy({ username: 'old-unconfirmed' })).toBe(0);

      succeeded(await c.cli('accounts:clear-unconfirmed', '30', '--apply'), '0 accounts in deletion…', '0 accounts deleted');
      expect(await accounts().countBy({ id: newUnconfirmed.id })).toBe(1);
      expect(await accounts().countBy({ id: oldConfirmed.id })).toBe(1);
    });

    it('refuses a non-number', async () => {
      failed(await c.cli('accounts:clear-unconfirmed', 'x'), 'The days must be a whole number, got "x"');
    });
  });

  describe('accounts:clear-tombstones', () => {
    it('counts without --apply, deletes with it; accounts:clear-accounts-tombstones is an alias', async () => {
      const tombstones = c.db.getRepository(AccountTombstone);
      await tombstones.save(
        tombstones.create([
          { username: 'gone-1', domain: DOMAIN, created_at: ago(20 * DAY) },
          { username: 'gone-2', domain: DOMAIN, created_at: ago(11 * DAY) },
          { username: 'gone-3', domain: DOMAIN, created_at: ago(9 * DAY) },
        ]),
      );
      succeeded(await c.cli('accounts:clear-tombstones', '10'), '2 tombstones to delete');
      expect(await tombstones.count()).toBe(3);
      succeeded(await c.cli('accounts:clear-accounts-tombstones', '15'), '1 tombstones to delete');
      succeeded(await c.cli('accounts:clear-accounts-tombstones', '10', '--apply'), '2 tombstones deleted');
      expect((await tombstones.find()).map((t) => t.username)).toEqual(['gone-3']);
      succeeded(await c.cli('accounts:clear-tombstones', '10', '--apply'), '0 tombstones deleted');
    });
  });

  describe('accounts:seed', () => {
    it('creates <count> activated accounts with the default algorithm, numbering on from the last seed', async () => {
      succeeded(await c.cli('accounts:seed', '1000'), `1000 accounts created in ${DOMAIN}`);
      const seeded = await accounts()
        .createQueryBuilder('a')
        .where("a.domain = :domain AND a.user_agent = 'FlexiAPI Seeder'", { domain: DOMAIN })
        .getMany();
      expect(seeded).toHaveLength(1000);
      expect(new Set(seeded.map((a) => a.username))).toEqual(new Set(Array.from({ length: 1000 }, (_, i) => `seed${i}`)));
      expect(seeded.every((a) => a.activated && !a.admin && a.ip_address === '' && a.email === null)).toBe(true);

      const seed7 = seeded.find((a) => a.username === 'seed7')!;
      expect(await c.db.getRepository(Password).findBy({ account_id: seed7.id })).toEqual([
        expect.objectContaining({ algorithm: 'SHA-256', password: ha1('SHA-256', 'seed7', DOMAIN, 'secret') }),
      ]);
      const [{ count }] = await c.db.query(
        "SELECT COUNT(*) AS count FROM passwords p JOIN accounts a ON a.id = p.account_id WHERE a.user_agent = 'FlexiAPI Seeder'",
      );
      expect(Number(count)).toBe(1000);

      succeeded(await c.cli('accounts:seed', '10'), `10 accounts created in ${DOMAIN}`);
      const next = await accounts().findBy({ domain: DOMAIN, user_agent: 'FlexiAPI Seeder' });
      expect(next).toHaveLength(1010);
      expect(next.map((a) => a.username)).toEqual(expect.arrayContaining(['seed1000', 'seed1009']));
      expect(next.map((a) => a.username)).not.toContain('seed1010');
    });

    it('creates the Space of --domain (host = domain) when missing, with the MD5 default if configured', async () => {
      succeeded(
        await c.cliWith({ ACCOUNT_DEFAULT_PASSWORD_ALGORITHM: 'MD5' }, 'accounts:seed', '3', '--domain', 'seeded.org'),
        '3 accounts created in seeded.org',
      );
      expect(await spaces().findOneByOrFail({ domain: 'seeded.org' })).toMatchObject({ host: 'seeded.org', super: false });
      const seed2 = await accounts().findOneByOrFail({ domain: 'seeded.org', username: 'seed2' });
      expect(await c.db.getRepository(Password).findBy({ account_id: seed2.id })).toEqual([
        expect.objectContaining({ algorithm: 'MD5', password: ha1('MD5', 'seed2', 'seeded.org', 'secret') }),
      ]);
    });

    describe('the reference form: a JSON file', () => {
      const write = (name: string, content: string): string => {
        const path = join(c.dir, name);
        writeFileSync(path, content);
        return path;
      };

      it('refuses a missing file and a malformed one', async () => {
        failed(await c.cli('accounts:seed', join(c.dir, 'missing.json')), "The JSON file doesn't exists");
        failed(await c.cli('accounts:seed', write('bad.json', '[{"type": ')), 'Malformed JSON file');
        failed(await c.cli('accounts:seed', write('bad-type.json', '[{"type": "other"}]')), /^Malformed JSON file: element 0/);
      });

      it('creates accounts and ranges with their ids, replacing the accounts that had them', async () => {
        const file = write(
          'seed.json',
          JSON.stringify([
            {
              type: 'account',
              id: 500001,
              username: 'json+one',
              domain: 'json.org',
              phone: '+33612345678',
              activated: false,
              confirmation_key: 'abc',
              passwords: [{ hash: ha1('MD5', 'json+one', 'json.org', 'pw'), algorithm: 'MD5' }],
            },
            {
              type: 'range',
              id: '6%id%',
              username: 'ranged_%usernamePostfix%',
              domain: 'json.org',
              iteration: 3,
              idStart: 10,
              usernameStart: 7,
            },
          ]),
        );
        succeeded(await c.cli('accounts:seed', file), `4 accounts created from ${file}`);
        const one = await accounts().findOneByOrFail({ id: 500001 });
        expect(one).toMatchObject({
          username: 'json+one',
          domain: 'json.org',
          email: 'json%2Bone@json.org',
          phone: '+33612345678',
          activated: false,
          confirmation_key: 'abc',
          ip_address: '',
          user_agent: 'FlexiAPI Seeder',
        });
        expect(one.created_at!.toISOString()).toBe('2010-01-03T04:30:43.000Z');
        expect(await c.db.getRepository(Password).findBy({ account_id: 500001 })).toEqual([
          expect.objectContaining({ algorithm: 'MD5', password: ha1('MD5', 'json+one', 'json.org', 'pw') }),
        ]);
        const ranged = await accounts().find({ where: { domain: 'json.org', user_agent: 'FlexiAPI Seeder' }, order: { id: 'ASC' } });
        expect(ranged.map((a) => [a.id, a.username, a.activated])).toEqual([
          [610, 'ranged_7', true],
          [611, 'ranged_8', true],
          [612, 'ranged_9', true],
          [500001, 'json+one', false],
        ]);
        expect(await c.db.getRepository(Password).findBy({ account_id: 611 })).toEqual([
          expect.objectContaining({ algorithm: 'CLRTXT', password: 'secret' }),
        ]);
        expect(await spaces().findOneByOrFail({ domain: 'json.org' })).toMatchObject({ host: 'json.org' });

        // again: the accounts with those ids are replaced
        succeeded(await c.cli('accounts:seed', file), `4 accounts created from ${file}`);
        expect(await accounts().countBy({ domain: 'json.org' })).toBe(4);
      });
    });
  });
});

describe('console on a running server', () => {
  let t: TestApp;
  let env: Record<string, string>;
  beforeAll(async () => {
    t = await startApp();
    env = envOf(t.settings);
  });
  afterAll(() => t?.close());

  const cli = (...args: string[]) => runCli(env, __dirname, ...args);

  it('the API key given to create-admin-account authenticates, as an admin', async () => {
    const key = 'operator-key-abcdefghijklmnopqrstuvwxyz';
    expect((await cli('accounts:create-admin-account', '-u', 'operator', '-p', 'secret', '-d', DOMAIN, '--api-key', key)).code).toBe(0);
    const res = await http(t).get('/api/accounts/me').set('x-api-key', key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'operator', domain: DOMAIN, admin: true, activated: true });
  });

  it('the random key is bound to 127.0.0.1, where the tests run from', async () => {
    const result = await cli('accounts:create-admin-account', '-u', 'local', '-p', 'secret', '-d', DOMAIN);
    const key = /API Key: "(\w+)"/.exec(result.stdout)![1];
    const res = await http(t).get('/api/accounts/me').set('x-api-key', key);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'local' });
  });

  /** GET /api/accounts/me by DIGEST (SHA-256) */
  async function digestMe(username: string, password: string) {
    const from = `sip:${username}@${DOMAIN}`;
    const first = await http(t).get('/api/accounts/me').set('From', from);
    expect(first.status).toBe(401);
    const challenge = challenges(first).find((c) => c.algorithm === 'SHA-256')!;
    return http(t)
      .get('/api/accounts/me')
      .set('From', from)
      .set(
        'Authorization',
        authorization({
          username,
          password,
          realm: challenge.realm,
          nonce: challenge.nonce,
          opaque: challenge.opaque,
          method: 'GET',
          uri: '/api/accounts/me',
          algorithm: 'SHA-256',
        }),
      );
  }

  it('a seeded account answers DIGEST with the password "secret"', async () => {
    expect((await cli('accounts:seed', '5')).stdout).toBe(`5 accounts created in ${DOMAIN}\n`);
    const res = await digestMe('seed3', 'secret');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'seed3', activated: true });
  });

  it('the random password printed by create-admin-account answers DIGEST; change_me does not', async () => {
    const result = await cli('accounts:create-admin-account', '-u', 'generated', '-d', DOMAIN);
    const password = /Password: "([^"]+)"/.exec(result.stdout)![1];
    expect((await digestMe('generated', 'change_me')).status).toBe(401);
    const res = await digestMe('generated', password);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'generated', admin: true });
  });
});
