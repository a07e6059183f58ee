import { startApp, TestApp } from '../support/app';
import { createAccount, http } from '../support/fixtures';

const FRENCH: [string, string][] = [
  ['fr-FR,fr;q=0.9', 'what a French browser sends'],
  ['fr', 'the bare language'],
  ['en;q=0.9,fr', 'q-values honoured'],
  ['fr-CA', 'a region falls back to its language'],
];
const ENGLISH: [string, string][] = [
  ['fr;q=0', 'French refused'],
  ['de', 'an unsupported language'],
  ['garbage;;q=x,,', 'garbage'],
  ['', 'an empty header'],
];

/** Deviation 31: the language is negotiated from Accept-Language, for the API errors and the HTML pages alike. */
describe('language negotiation (Accept-Language)', () => {
  let t: TestApp;
  let admin: string;
  beforeAll(async () => {
    t = await startApp();
    admin = (await createAccount(t.db, { username: 'langadmin', admin: true })).apiKey;
  });
  afterAll(() => t.close());

  /** a 422 of the API: POST /api/accounts without a username */
  const apiError = async (language: string) => {
    const res = await http(t)
      .post('/api/accounts')
      .set('x-api-key', admin)
      .set('Accept-Language', language)
      .send({ password: 'secret', algorithm: 'MD5' });
    expect(res.status).toBe(422);
    return res.body.errors.username as string[];
  };

  /** the validation page of a fresh account creation request token */
  const page = async (language: string) => {
    const created = await http(t).post('/api/account_creation_request_tokens');
    expect(created.status).toBe(201);
    const res = await http(t).get(`/creation_token/check/${created.body.token}`).set('Accept-Language', language).redirects(0);
    expect(res.status).toBe(200);
    return res.text;
  };

  describe('API error messages', () => {
    it.each(FRENCH)('French for %j (%s)', async (language) => {
      expect(await apiError(language)).toEqual(['Le champ pseudo est obligatoire.']);
    });

    it.each(ENGLISH)('English for %j (%s)', async (language) => {
      expect(await apiError(language)).toEqual(['The username field is required.']);
    });
  });

  describe('HTML page (/creation_token/check/{token})', () => {
    it.each(FRENCH)('French for %j (%s)', async (language) => {
      const html = await page(language);
      expect(html).toContain('<html lang="fr">');
      expect(html).toContain('<button type="submit">Je ne suis pas un robot</button>');
    });

    it.each(ENGLISH)('English for %j (%s)', async (language) => {
      const html = await page(language);
      expect(html).toContain('<html lang="en">');
      expect(html).toContain('<button type="submit">I&#39;m not a robot</button>');
    });
  });
});
