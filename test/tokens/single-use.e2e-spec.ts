import { startApp, TestApp } from '../support/app';
import { AccountFixture, createAccount, createToken, http } from '../support/fixtures';
import { minutesAgo } from '../../src/database/timestamps';
import { Account } from '../../src/account-core/entities/account.entity';
import { AccountCreationRequestToken } from '../../src/tokens/entities/account-creation-request-token.entity';
import { AccountCreationToken } from '../../src/tokens/entities/account-creation-token.entity';

const PARALLEL = 20;

/** Every token kind is used once, whatever the number of concurrent requests (a conditional UPDATE claims the row). */
describe(`${PARALLEL} parallel uses of one token`, () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp();
  });
  afterAll(() => t.close());

  const statuses = (responses: { status: number }[]) =>
    responses.reduce<Record<number, number>>((counts, { status }) => ({ ...counts, [status]: (counts[status] ?? 0) + 1 }), {});
  const together = <T>(make: (i: number) => Promise<T>) => Promise.all(Array.from({ length: PARALLEL }, (_, i) => make(i)));

  it('account creation request token → creation token: one 201, the others 422; one creation token made', async () => {
    const request = (await http(t).post('/api/account_creation_request_tokens')).body.token as string;
    await t.db.getRepository(AccountCreationRequestToken).update({ token: request }, { validated_at: minutesAgo(1) });
    const before = await t.db.getRepository(AccountCreationToken).count();

    const responses = await together(() =>
      http(t).post('/api/account_creation_tokens/using-account-creation-request-token').send({ account_creation_request_token: request }),
    );
    expect(statuses(responses)).toEqual({ 201: 1, 422: PARALLEL - 1 });
    for (const res of responses.filter((r) => r.status === 422)) {
      expect(res.body.errors).toEqual({ account_creation_request_token: ['Please provide a valid account_creation_request_token'] });
    }
    expect(await t.db.getRepository(AccountCreationToken).count()).toBe(before + 1);
    const winner = responses.find((r) => r.status === 201)!.body.token as string;
    const created = await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token: winner });
    expect(await t.db.getRepository(AccountCreationRequestToken).findOneByOrFail({ token: request })).toMatchObject({
      used: true,
      acc_creation_token_id: created.id,
    });
  });

  it('creation token on POST /api/accounts/with-account-creation-token: one account, the others 422', async () => {
    const { token } = await createToken(t.db);
    const responses = await together((i) =>
      http(t)
        .post('/api/accounts/with-account-creation-token')
        .send({ username: `race${i}`, password: 'secret', algorithm: 'SHA-256', account_creation_token: token }),
    );
    expect(statuses(responses)).toEqual({ 200: 1, 422: PARALLEL - 1 });
    const winner = responses.find((r) => r.status === 200)!.body as { id: number; username: string };
    const raced = await t.db.getRepository(Account).createQueryBuilder('a').where("a.username LIKE 'race%'").getMany();
    expect(raced.map((a) => a.username)).toEqual([winner.username]);
    expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token })).toMatchObject({ used: true, account_id: winner.id });
  });

  it('creation token on POST /api/account_creation_tokens/consume by 20 accounts: one 200, the others 404', async () => {
    const { token } = await createToken(t.db);
    const users: AccountFixture[] = [];
    for (let i = 0; i < PARALLEL; i++) users.push(await createAccount(t.db));
    const responses = await together((i) =>
      http(t).post('/api/account_creation_tokens/consume').set('x-api-key', users[i].apiKey).send({ account_creation_token: token }),
    );
    expect(statuses(responses)).toEqual({ 200: 1, 404: PARALLEL - 1 });
    const winner = responses.find((r) => r.status === 200)!.body as { account_id: number };
    expect(await t.db.getRepository(AccountCreationToken).findOneByOrFail({ token })).toMatchObject({
      used: true,
      account_id: winner.account_id,
    });
    expect(users.map((u) => u.account.id)).toContain(winner.account_id);
  });
});
