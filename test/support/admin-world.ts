import request from 'supertest';
import { DOMAIN, HOST, startApp, TestApp } from './app';
import { createAccount, createSpace, http } from './fixtures';

export { DOMAIN, HOST };

export const SUPER_DOMAIN = 'super.example.org';
export const OTHER_DOMAIN = 'other.example.org';

/** An app with an admin of the default Space, a super admin and a second plain Space. */
export interface AdminWorld {
  t: TestApp;
  admin: { id: number; key: string };
  superAdmin: { id: number; key: string };
  /** requests as the admin of the default Space */
  asAdmin: ReturnType<typeof as>;
  /** requests as the super admin, on the default Space's Host */
  asSuper: ReturnType<typeof as>;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export function as(t: TestApp, key: string, host = HOST) {
  const client = http(t);
  const call =
    (method: Method) =>
    (path: string, body?: unknown, headers: Record<string, string> = {}) => {
      let test: request.Test = client[method](path, host).set('x-api-key', key).set('Accept', 'application/json');
      for (const [name, value] of Object.entries(headers)) test = test.set(name, value);
      return body === undefined ? test : test.send(body as object);
    };
  return { get: call('get'), post: call('post'), put: call('put'), patch: call('patch'), delete: call('delete') };
}

export async function adminWorld(env: Record<string, string> = {}): Promise<AdminWorld> {
  const t = await startApp(env);
  await createSpace(t.db, SUPER_DOMAIN, { super: true });
  await createSpace(t.db, OTHER_DOMAIN);
  const admin = await createAccount(t.db, { username: 'admin', admin: true });
  const superAdmin = await createAccount(t.db, { username: 'root', domain: SUPER_DOMAIN, admin: true });
  return {
    t,
    admin: { id: admin.account.id, key: admin.apiKey },
    superAdmin: { id: superAdmin.account.id, key: superAdmin.apiKey },
    asAdmin: as(t, admin.apiKey),
    asSuper: as(t, superAdmin.apiKey),
  };
}

/** A minimal valid creation body. */
export const body = (fields: Record<string, unknown> = {}) => ({ username: 'john', password: 'secret', algorithm: 'SHA-256', ...fields });
