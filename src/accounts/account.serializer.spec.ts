import { parseSettings } from '../config/settings';
import { Account } from '../account-core/entities/account.entity';
import { AccountSerializer } from './account.serializer';
import { AccountRelationLoader, AccountVariant, Json } from '../account-core/account-relation-loader';
import { AccountCoreRelations } from '../account-core/account-relations.loader';

const account = (id: number): Account =>
  Object.assign(new Account(), { id, username: `u${id}`, domain: 'sip.example.org', dtmf_protocol: null });

/** A loader that records its calls and gives account 1 a value. */
function loader(key: string, variants: readonly AccountVariant[], calls: Account[][]): AccountRelationLoader {
  return {
    key,
    variants,
    empty: () => ({ [key]: [] }),
    select: (accounts) => {
      calls.push(accounts);
      return [{ sql: key, parameters: [] }];
    },
    render: () => new Map<number, Json>([[1, { [key]: ['one'] }]]),
  };
}

/** the statements the serializer ran: one per page, with every loader's members */
const statements: string[][] = [];

describe('AccountSerializer (composed from relation loaders)', () => {
  const core = {
    loaders: [loader('dictionary', ['default', 'list'], [])],
    read: (selects: { sql: string }[]) => {
      statements.push(selects.map((s) => s.sql));
      return Promise.resolve(new Map());
    },
  } as unknown as AccountCoreRelations;
  let serializer: AccountSerializer;
  beforeEach(() => {
    statements.length = 0;
    serializer = new AccountSerializer(parseSettings({}), core);
  });

  it('loads each registered relation once for a whole page', async () => {
    const calls: Account[][] = [];
    serializer.register(loader('types', ['default', 'list'], calls));
    const json = await serializer.many([account(1), account(2), account(3)], 'list');
    expect(calls).toEqual([[account(1), account(2), account(3)]]);
    expect(statements).toEqual([['dictionary', 'types']]);
    expect(json.map((j) => j.types)).toEqual([['one'], [], []]);
  });

  it('neither queries nor shows a relation for a variant that does not show it', async () => {
    const calls: Account[][] = [];
    serializer.register(loader('contacts', ['show'], calls));
    const json = await serializer.one(account(1), 'default');
    expect(calls).toEqual([]);
    expect(json).not.toHaveProperty('contacts');
  });

  it('keeps the accounts.md §1 key order, then the other modules in registration order', async () => {
    serializer.register(loader('types', ['default'], []), loader('actions', ['default'], []));
    const keys = Object.keys(await serializer.one(account(1)));
    expect(keys.slice(-4)).toEqual(['realm', 'dictionary', 'types', 'actions']);
  });

  it('gives each account its own empty value', async () => {
    const [a, b] = await serializer.many([account(2), account(3)], 'default');
    expect(a.dictionary).not.toBe(b.dictionary);
  });

  it('refuses a relation registered twice', () => {
    expect(() => serializer.register(loader('dictionary', ['default'], []))).toThrow('account relation dictionary registered twice');
  });
});
