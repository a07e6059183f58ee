import { copyStatement } from './copy';
import { HELD } from './reference';

/** The copy statements from the columns information_schema gives (the MariaDB run is test/database/adopt-reference.e2e-spec.ts). */
describe('copyStatement', () => {
  const column = (table: string, name: string, type = 'int', length: number | null = null) => ({ table, column: name, type, length });

  it('copies the columns both tables have, cuts a text narrower here, leaves ours that the reference lacks to their default', () => {
    const sql = copyStatement(
      'auth_tokens',
      [
        column('auth_tokens', 'id'),
        column('auth_tokens', 'ip', 'varchar', 45),
        column('auth_tokens', 'attempts'),
        column(HELD + 'auth_tokens', 'id'),
        column(HELD + 'auth_tokens', 'ip', 'varchar', 255),
        column(HELD + 'auth_tokens', 'gone'),
      ],
      1,
    );
    expect(sql).toBe(
      `INSERT INTO \`auth_tokens\` (\`id\`, \`ip\`) SELECT src.\`id\`, LEFT(src.\`ip\`, 45) FROM \`${HELD}auth_tokens\` src`,
    );
  });

  it('hashes API keys, and gives types a Space (the default one when no account has the type)', () => {
    const keys = copyStatement(
      'api_keys',
      [column('api_keys', 'key_hash', 'varchar', 64), column('api_keys', 'expires'), column(HELD + 'api_keys', 'key', 'varchar', 160)],
      7,
    );
    expect(keys).toContain('SHA2(src.`key`, 256), (src.ip IS NOT NULL)');
    const types = copyStatement('account_types', [column('account_types', 'space_id'), column(HELD + 'account_types', 'id')], 7);
    expect(types).toMatch(/^INSERT INTO `account_types` \(`space_id`\) SELECT COALESCE\(\(SELECT s\.id .*\), 7\) FROM/);
  });

  it('lets the reference choose which phone countries are activated', () => {
    const sql = copyStatement(
      'phone_countries',
      [
        column('phone_countries', 'code', 'varchar', 2),
        column('phone_countries', 'activated'),
        column(HELD + 'phone_countries', 'code', 'varchar', 2),
        column(HELD + 'phone_countries', 'activated'),
      ],
      1,
    );
    expect(sql).toMatch(/ON DUPLICATE KEY UPDATE `activated` = VALUES\(`activated`\)$/);
  });
});
