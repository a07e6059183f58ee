import { randomBytes, randomInt } from 'node:crypto';
import Redis from 'ioredis';
import { adminWorld, AdminWorld, as, OTHER_DOMAIN } from '../support/admin-world';
import { AccountFixture, createAccount, http } from '../support/fixtures';
import { deviceJson, registerDevices, registrarField, registrarValue, SeededDevice } from '../support/registrar';

/**
 * Devices read from the Redis that CI runs (127.0.0.1:6379), seeded as
 * Flexisip's registrar writes. A database of its own (REDIS_DB 1–15) and
 * usernames of its own: a parallel run, even on the same database, never
 * sees these records; the keys written are deleted at the end.
 */
const REDIS_DB = randomInt(1, 16);
const RUN = randomBytes(3).toString('hex');

const ANDROID: SeededDevice = {
  uuid: 'urn:uuid:9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77',
  updatedAt: 1733826400,
  userAgent: 'LinphoneAndroid/5.2.5 (Pixel 7) LinphoneSDK/5.3.0',
};
const IPHONE: SeededDevice = {
  uuid: 'urn:uuid:0e6d6e1c-4a46-4b7e-8a0b-5c1f0d2e9a31',
  updatedAt: 1733830000,
  userAgent: 'LinphoneiOS/5.2.1 (iPhone de John) LinphoneSDK/5.3.4',
};
const DESKTOP: SeededDevice = {
  uuid: 'urn:uuid:5d1c3f5e-0d4b-4f7a-9f59-1a2b3c4d5e6f',
  updatedAt: 1733900000,
  userAgent: 'Linphone Desktop/5.2.6 (Debian GNU/Linux 12) LinphoneSDK/5.3.70',
};

describe('devices: Flexisip registrar contacts in Redis (devices.md)', () => {
  let w: AdminWorld;
  let redis: Redis;
  const written = new Set<string>();
  let user: AccountFixture;
  let neighbour: AccountFixture;
  let stranger: AccountFixture;
  let strangerAdmin: AccountFixture;

  const aor = (f: AccountFixture) => `${f.account.username}@${f.account.domain}`;
  const register = async (f: AccountFixture, ...devices: SeededDevice[]) => {
    written.add(`fs:${aor(f)}`);
    await registerDevices(redis, aor(f), ...devices);
  };
  const fields = async (f: AccountFixture) => Object.keys(await redis.hgetall(`fs:${aor(f)}`)).sort();
  const asUser = (f: AccountFixture, host?: string) => as(w.t, f.apiKey, host);

  beforeAll(async () => {
    w = await adminWorld({ REDIS_DB: String(REDIS_DB) });
    redis = new Redis({ host: '127.0.0.1', port: 6379, db: REDIS_DB, lazyConnect: true });
    user = await createAccount(w.t.db, { username: `john${RUN}` });
    neighbour = await createAccount(w.t.db, { username: `jane${RUN}` });
    stranger = await createAccount(w.t.db, { username: `bob${RUN}`, domain: OTHER_DOMAIN });
    strangerAdmin = await createAccount(w.t.db, { username: `boss${RUN}`, domain: OTHER_DOMAIN, admin: true });
  });
  afterAll(async () => {
    if (written.size > 0) await redis.del(...written);
    await redis.quit();
    await w.t.close();
  });

  beforeEach(async () => {
    for (const f of [user, neighbour, stranger]) await redis.del(`fs:${aor(f)}`);
  });

  describe('GET /api/accounts/me/devices', () => {
    it("answers every registered contact with an instance id, keyed by uuid, as the spec's JSON", async () => {
      await register(user, ANDROID, IPHONE);
      // Flexisip's field for a contact without +sip.instance, and a value that is no contact
      await redis.hset(
        `fs:${aor(user)}`,
        'fs-gen-4f1b2c',
        `<sip:${user.account.username}@192.0.2.11;callid=x;expires=600;updatedAt=1733826000?user-agent=Ekiga>`,
      );
      await redis.hset(`fs:${aor(user)}`, '"<urn:uuid:broken>"', 'not a contact');
      const res = await asUser(user).get('/api/accounts/me/devices');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ [ANDROID.uuid]: deviceJson(ANDROID), [IPHONE.uuid]: deviceJson(IPHONE) });
      // the spec's example, literally
      expect(res.body[ANDROID.uuid]).toEqual({
        uuid: 'urn:uuid:9b0c1a42-6b2f-4c2e-9d0b-2f4d3c8a1e77',
        update_time: '2024-12-10T10:26:40.000000Z',
        user_agent: 'LinphoneAndroid/5.2.5 (Pixel 7) LinphoneSDK/5.3.0',
      });
    });

    it('no record: exactly `{}`, an empty object', async () => {
      const res = await asUser(user).get('/api/accounts/me/devices');
      expect(res.status).toBe(200);
      expect(res.text).toBe('{}');
    });

    it("a uuid found twice keeps the last value in Redis's order; a missing user agent or update time is null", async () => {
      written.add(`fs:${aor(user)}`);
      const older = { ...DESKTOP, userAgent: 'Linphone Desktop/5.1.0', updatedAt: DESKTOP.updatedAt - 86400 };
      await redis.hset(`fs:${aor(user)}`, 'fs-gen-old', registrarValue(aor(user), older));
      await redis.hset(`fs:${aor(user)}`, registrarField(DESKTOP.uuid), registrarValue(aor(user), DESKTOP));
      await redis.hset(
        `fs:${aor(user)}`,
        '"<urn:uuid:bare>"',
        `<sip:${user.account.username}@192.0.2.12;transport=udp>;+sip.instance="<urn:uuid:bare>"`,
      );
      // records this long are stored as a hash table: Redis's order is not the insertion order
      const last = Object.keys(await redis.hgetall(`fs:${aor(user)}`))
        .filter((f) => f !== '"<urn:uuid:bare>"')
        .pop();
      const res = await asUser(user).get('/api/accounts/me/devices');
      expect(res.body).toEqual({
        [DESKTOP.uuid]: deviceJson(last === 'fs-gen-old' ? older : DESKTOP),
        'urn:uuid:bare': { uuid: 'urn:uuid:bare', update_time: null, user_agent: null },
      });
    });

    it('needs credentials; a blocked account is refused', async () => {
      expect((await http(w.t).get('/api/accounts/me/devices')).status).toBe(401);
      const blocked = await createAccount(w.t.db, { username: `blocked${RUN}`, blocked: true });
      const res = await asUser(blocked).get('/api/accounts/me/devices');
      expect([res.status, res.body]).toEqual([403, { message: 'Account blocked' }]);
    });
  });

  describe('DELETE /api/accounts/me/devices/{uuid}', () => {
    it('removes that contact only (the uuid with its `:` as is, or encoded); empty body', async () => {
      await register(user, ANDROID, IPHONE, DESKTOP);
      const res = await asUser(user).delete(`/api/accounts/me/devices/${ANDROID.uuid}`);
      expect([res.status, res.text]).toEqual([200, '']);
      expect(await fields(user)).toEqual([registrarField(DESKTOP.uuid), registrarField(IPHONE.uuid)].sort());
      expect((await asUser(user).delete(`/api/accounts/me/devices/${encodeURIComponent(IPHONE.uuid)}`)).status).toBe(200);
      expect(await fields(user)).toEqual([registrarField(DESKTOP.uuid)]);
      expect(Object.keys((await asUser(user).get('/api/accounts/me/devices')).body)).toEqual([DESKTOP.uuid]);
    });

    it('an unknown uuid, or no record at all: 200 with an empty body, nothing removed', async () => {
      await register(user, ANDROID);
      const res = await asUser(user).delete('/api/accounts/me/devices/urn:uuid:00000000-0000-0000-0000-000000000000');
      expect([res.status, res.text]).toEqual([200, '']);
      expect(await fields(user)).toEqual([registrarField(ANDROID.uuid)]);
      expect((await asUser(neighbour).delete(`/api/accounts/me/devices/${ANDROID.uuid}`)).status).toBe(200);
    });

    it("removes from the caller's record only, when another account has a device of the same uuid", async () => {
      await register(user, ANDROID);
      await register(neighbour, ANDROID);
      expect((await asUser(user).delete(`/api/accounts/me/devices/${ANDROID.uuid}`)).status).toBe(200);
      expect(await fields(user)).toEqual([]);
      expect(await fields(neighbour)).toEqual([registrarField(ANDROID.uuid)]);
    });
  });

  describe('admin: /api/accounts/{id}/devices', () => {
    it('lists and deletes the devices of an account of the Space', async () => {
      await register(user, ANDROID, IPHONE);
      const list = await w.asAdmin.get(`/api/accounts/${user.account.id}/devices`);
      expect([list.status, list.body]).toEqual([200, { [ANDROID.uuid]: deviceJson(ANDROID), [IPHONE.uuid]: deviceJson(IPHONE) }]);
      const removed = await w.asAdmin.delete(`/api/accounts/${user.account.id}/devices/${IPHONE.uuid}`);
      expect([removed.status, removed.text]).toEqual([200, '']);
      expect(await fields(user)).toEqual([registrarField(ANDROID.uuid)]);
      expect((await w.asAdmin.get(`/api/accounts/${neighbour.account.id}/devices`)).text).toBe('{}');
    });

    it('an unknown or non-numeric id is 404 Missing elements', async () => {
      for (const id of ['999999', 'abc', '0x1']) {
        for (const res of [
          await w.asAdmin.get(`/api/accounts/${id}/devices`),
          await w.asAdmin.delete(`/api/accounts/${id}/devices/${ANDROID.uuid}`),
        ]) {
          expect([id, res.status, res.body]).toEqual([id, 404, { message: 'Missing elements to perform the request' }]);
        }
      }
    });

    it('a super admin reaches the accounts of every Space', async () => {
      await register(stranger, ANDROID);
      expect((await w.asSuper.get(`/api/accounts/${stranger.account.id}/devices`)).body).toEqual({ [ANDROID.uuid]: deviceJson(ANDROID) });
      expect((await w.asSuper.delete(`/api/accounts/${stranger.account.id}/devices/${ANDROID.uuid}`)).status).toBe(200);
      expect(await fields(stranger)).toEqual([]);
    });
  });

  describe('isolation', () => {
    beforeEach(async () => {
      await register(user, ANDROID);
      await register(neighbour, IPHONE);
      await register(stranger, DESKTOP);
    });
    afterEach(async () => {
      // nobody's record was touched
      expect(await fields(user)).toEqual([registrarField(ANDROID.uuid)]);
      expect(await fields(neighbour)).toEqual([registrarField(IPHONE.uuid)]);
      expect(await fields(stranger)).toEqual([registrarField(DESKTOP.uuid)]);
    });

    it("an admin of one Space: another Space's account by id is not found, by that Space's Host it is refused", async () => {
      const byId = [
        await w.asAdmin.get(`/api/accounts/${stranger.account.id}/devices`),
        await w.asAdmin.delete(`/api/accounts/${stranger.account.id}/devices/${DESKTOP.uuid}`),
        await asUser(strangerAdmin, OTHER_DOMAIN).get(`/api/accounts/${user.account.id}/devices`),
        await asUser(strangerAdmin, OTHER_DOMAIN).delete(`/api/accounts/${user.account.id}/devices/${ANDROID.uuid}`),
      ];
      expect(byId.map((r) => [r.status, r.body])).toEqual(Array(4).fill([404, { message: 'Missing elements to perform the request' }]));
      const byHost = [
        await as(w.t, w.admin.key, OTHER_DOMAIN).get(`/api/accounts/${stranger.account.id}/devices`),
        await as(w.t, w.admin.key, OTHER_DOMAIN).delete(`/api/accounts/${stranger.account.id}/devices/${DESKTOP.uuid}`),
        await asUser(strangerAdmin).get(`/api/accounts/${user.account.id}/devices`),
        await asUser(strangerAdmin).delete(`/api/accounts/${user.account.id}/devices/${ANDROID.uuid}`),
      ];
      expect(byHost.map((r) => [r.status, r.body])).toEqual(Array(4).fill([403, { message: 'Unauthorized area' }]));
      expect((await asUser(strangerAdmin, OTHER_DOMAIN).get(`/api/accounts/${stranger.account.id}/devices`)).body).toEqual({
        [DESKTOP.uuid]: deviceJson(DESKTOP),
      });
    });

    it('a user: the admin routes are refused, even on their own id; `me` is their own record', async () => {
      const refused = [
        await asUser(user).get(`/api/accounts/${user.account.id}/devices`),
        await asUser(user).get(`/api/accounts/${neighbour.account.id}/devices`),
        await asUser(user).delete(`/api/accounts/${neighbour.account.id}/devices/${IPHONE.uuid}`),
      ];
      expect(refused.map((r) => [r.status, r.body])).toEqual(Array(3).fill([403, { message: 'Unauthorized area' }]));
      expect((await asUser(user).get('/api/accounts/me/devices')).body).toEqual({ [ANDROID.uuid]: deviceJson(ANDROID) });
      expect((await asUser(stranger, OTHER_DOMAIN).get('/api/accounts/me/devices')).body).toEqual({ [DESKTOP.uuid]: deviceJson(DESKTOP) });
      // another account's uuid: nothing of theirs is removed
      expect((await asUser(user).delete(`/api/accounts/me/devices/${IPHONE.uuid}`)).status).toBe(200);
    });
  });

  it('the OpenAPI description documents the device JSON the routes answer', async () => {
    await register(user, ANDROID);
    type Schema = { $ref?: string; properties?: Record<string, unknown>; additionalProperties?: Schema };
    const doc = (await http(w.t).get('/api/openapi.json')).body as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, { schema: Schema }> }> }>>;
      components: { schemas: Record<string, Schema> };
    };
    const device = (await asUser(user).get('/api/accounts/me/devices')).body[ANDROID.uuid];
    for (const path of ['/api/accounts/me/devices', '/api/accounts/{id}/devices']) {
      const ref = doc.paths[path].get.responses['200'].content!['application/json'].schema.additionalProperties!.$ref!;
      expect([path, Object.keys(doc.components.schemas[ref.split('/').pop()!].properties!).sort()]).toEqual([
        path,
        Object.keys(device).sort(),
      ]);
    }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/accounts/me/devices/{uuid}', '/api/accounts/{id}/devices/{uuid}']),
    );
  });
});
