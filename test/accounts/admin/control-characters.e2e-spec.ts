import { Account } from '../../../src/account-core/entities/account.entity';
import { AccountDictionaryEntry } from '../../../src/account-core/entities/account-dictionary-entry.entity';
import { Password } from '../../../src/account-core/entities/password.entity';
import { adminWorld, AdminWorld, body } from '../../support/admin-world';
import { count } from '../../support/fixtures';

/** Inside the text: the input trimming removes them at the ends. */
const CONTROLS: [string, string][] = [
  ['LF', '\n'],
  ['CR', '\r'],
  ['tab', '\t'],
  ['NUL', '\u0000'],
  ['ESC', '\u001b'],
  ['DEL', '\u007f'],
  ['NEL', '\u0085'],
  ['line separator', '\u2028'],
  ['paragraph separator', '\u2029'],
];

const EN = (attribute: string) => `The ${attribute} may not contain line breaks or other control characters.`;
const FR = (attribute: string) => `Le champ ${attribute} ne peut contenir ni retour à la ligne ni autre caractère de contrôle.`;

/** [what, fields over a valid body, the field in `errors`, its display name] for the free-text fields of an account */
const FIELDS: [string, (c: string) => Record<string, unknown>, string, string][] = [
  ['display_name', (c) => ({ display_name: `Bob${c}[misc]${c}config-uri=http://evil/p` }), 'display_name', 'display name'],
  ['a dictionary value', (c) => ({ dictionary: { note: `a${c}b` } }), 'dictionary', 'dictionary'],
  ['a dictionary key', (c) => ({ dictionary: { [`no${c}te`]: 'b' } }), 'dictionary', 'dictionary'],
];

const CASES = FIELDS.flatMap(([what, fields, field, attribute]) =>
  CONTROLS.map(([name, c]): [string, Record<string, unknown>, string, string] => [`${what} with ${name}`, fields(c), field, attribute]),
);

/** Issue 15 item 6: free text refuses control characters at input, with the field's 422 (en, fr). */
describe('free-text account fields refuse control characters', () => {
  let w: AdminWorld;
  let serial = 0;
  beforeAll(async () => {
    w = await adminWorld();
  });
  afterAll(() => w.t.close());

  const snapshot = () => Promise.all([Account, Password, AccountDictionaryEntry].map((e) => count(w.t.db, e)));

  it.each(CASES)('POST /api/accounts, %s → 422, nothing written', async (_what, fields, field, attribute) => {
    const before = await snapshot();
    const res = await w.asAdmin.post('/api/accounts', body({ username: `ctl${++serial}`, ...fields }));
    expect([res.status, res.body]).toEqual([422, { message: EN(attribute), errors: { [field]: [EN(attribute)] } }]);
    expect(await snapshot()).toEqual(before);
  });

  it.each(CASES)('PUT /api/accounts/{id}, %s → 422, row unchanged', async (_what, fields, field, attribute) => {
    const created = await w.asAdmin.post(
      '/api/accounts',
      body({ username: `put${++serial}`, display_name: 'Before', dictionary: { keep: 'me' } }),
    );
    expect(created.status).toBe(200);
    const stored = await w.t.db.getRepository(Account).findOneByOrFail({ id: created.body.id });
    const before = await snapshot();
    const res = await w.asAdmin.put(`/api/accounts/${created.body.id}`, {
      username: created.body.username,
      algorithm: 'SHA-256',
      ...fields,
    });
    expect([res.status, res.body.errors]).toEqual([422, { [field]: [EN(attribute)] }]);
    expect(await snapshot()).toEqual(before);
    expect(await w.t.db.getRepository(Account).findOneByOrFail({ id: created.body.id })).toEqual(stored);
  });

  it('answers in French with Accept-Language: fr', async () => {
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'ctlfr', display_name: 'a\nb', dictionary: { k: 'a\tb' } }), {
      'Accept-Language': 'fr',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual({ dictionary: [FR('dictionary')], display_name: [FR('display name')] });
  });

  describe('POST /api/accounts/{id}/dictionary/{key}', () => {
    let id: number;
    beforeAll(async () => {
      const created = await w.asAdmin.post('/api/accounts', body({ username: 'dictowner' }));
      id = created.body.id as number;
    });

    it.each(CONTROLS)('a value with %s → 422 on value, nothing written', async (_name, c) => {
      const before = await count(w.t.db, AccountDictionaryEntry);
      const res = await w.asAdmin.post(`/api/accounts/${id}/dictionary/note`, { value: `a${c}b` });
      expect([res.status, res.body]).toEqual([422, { message: EN('value'), errors: { value: [EN('value')] } }]);
      expect(await count(w.t.db, AccountDictionaryEntry)).toBe(before);
    });

    it.each(CONTROLS)('a key with %s → 422 on key, nothing written', async (_name, c) => {
      const before = await count(w.t.db, AccountDictionaryEntry);
      const res = await w.asAdmin.post(`/api/accounts/${id}/dictionary/${encodeURIComponent(`no${c}te`)}`, { value: 'b' });
      expect([res.status, res.body]).toEqual([422, { message: EN('key'), errors: { key: [EN('key')] } }]);
      expect(await count(w.t.db, AccountDictionaryEntry)).toBe(before);
    });

    it('in French: the value field is "valeur"', async () => {
      const res = await w.asAdmin.post(`/api/accounts/${id}/dictionary/note`, { value: 'a\nb' }, { 'Accept-Language': 'fr' });
      expect(res.body.errors).toEqual({ value: [FR('valeur')] });
    });
  });

  it('other Unicode stays accepted: accents, emoji, a zero-width joiner, an apostrophe', async () => {
    const name = "Zoë O'Reily 👩\u200d💻";
    const res = await w.asAdmin.post('/api/accounts', body({ username: 'unicodeok', display_name: name, dictionary: { clé: 'valeur ✓' } }));
    expect(res.status).toBe(200);
    expect(res.body.display_name).toBe(name);
    expect(res.body.dictionary).toEqual({ clé: 'valeur ✓' });
  });
});
