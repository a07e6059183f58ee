import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PhoneCountry } from '../../src/phone-countries/entities/phone-country.entity';
import { envOf, runCli } from '../support/cli';
import { adminWorld, AdminWorld, body } from '../support/admin-world';

describe('phone-countries:activate / phone-countries:deactivate', () => {
  let w: AdminWorld;
  let dir: string;
  const cli = (...args: string[]) => runCli(envOf(w.t.settings), dir, ...args);
  const activated = async () =>
    (await w.t.db.getRepository(PhoneCountry).find({ where: { activated: true }, order: { code: 'ASC' } })).map((c) => c.code);

  beforeAll(async () => {
    w = await adminWorld();
    dir = mkdtempSync(join(tmpdir(), 'flexiapi-pc-'));
  });
  afterAll(async () => {
    await w.t.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('activates each code with its dialling-code group and prints the countries changed', async () => {
    const res = await cli('phone-countries:activate', 'GB', 'fr');
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n')).toEqual([
      'FR (+33) activated',
      'GB (+44) activated',
      'GG (+44) activated',
      'IM (+44) activated',
      'JE (+44) activated',
      '5 countries activated',
      '',
    ]);
    expect(await activated()).toEqual(['FR', 'GB', 'GG', 'IM', 'JE']);
    // the server sees it at once
    expect((await w.asAdmin.post('/api/accounts', body({ username: 'cli', phone: '+33612121212' }))).status).toBe(200);
  });

  it('deactivates, and handles all', async () => {
    expect((await cli('phone-countries:deactivate', 'IM')).code).toBe(0);
    expect(await activated()).toEqual(['FR']);
    const all = await cli('phone-countries:activate', 'all');
    expect(all.code).toBe(0);
    expect(all.stdout.trim().split('\n').at(-1)).toBe('232 countries activated');
    expect((await cli('phone-countries:deactivate', 'all')).code).toBe(0);
    expect(await activated()).toEqual([]);
  });

  it('fails with one line on an unknown code or no code, changing nothing', async () => {
    const unknown = await cli('phone-countries:activate', 'FR', 'ZZ');
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toBe('Unknown phone country code: ZZ\n');
    expect(await activated()).toEqual([]);
    const none = await cli('phone-countries:activate');
    expect(none.code).not.toBe(0);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
  });
});
