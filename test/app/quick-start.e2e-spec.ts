import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { startApp, TestApp } from '../support/app';
import { envOf, runCli } from '../support/cli';

/** The README's quick start, step by step, on a fresh install (default Space sip.example.org on localhost). */
describe("the README's quick start", () => {
  let t: TestApp;
  let dir: string;
  const key = randomBytes(32).toString('hex');
  beforeAll(async () => {
    t = await startApp();
    dir = mkdtempSync(join(tmpdir(), 'flexiapi-quick-'));
  });
  afterAll(async () => {
    await t.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const cli = (...args: string[]) => runCli(envOf(t.settings), dir, ...args);
  // fetch cannot set Host; supertest can
  const spaces = () => request(t.url).get('/api/spaces').set('Host', 'localhost').set('x-api-key', key);

  it('127.0.0.1 is no Space host; Host: localhost is the default Space', async () => {
    const bare = await fetch(`${t.url}/api/accounts/me`);
    expect(bare.status).toBe(404);
    expect(await bare.json()).toEqual({ message: 'Host not configured' });
    const ping = await fetch(`${t.url}/api/ping`);
    expect(ping.status).toBe(200);
  });

  it('the first admin manages Spaces once the default Space is super', async () => {
    const admin = await cli('accounts:create-admin-account', '-u', 'admin', '-p', 'a-password', '-d', 'sip.example.org', '--api-key', key);
    expect(admin).toEqual(expect.objectContaining({ code: 0 }));
    // an admin of a Space that is not super
    const refused = await spaces();
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual(expect.objectContaining({ message: 'Unauthorized area' }));

    const superSpace = await cli('spaces:create-update', 'sip.example.org', 'localhost', '--super');
    expect(superSpace).toEqual(expect.objectContaining({ code: 0 }));
    const listed = await spaces();
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([expect.objectContaining({ domain: 'sip.example.org', host: 'localhost', super: true })]);
  });
});
