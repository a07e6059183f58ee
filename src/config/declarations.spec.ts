import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as dotenv from 'dotenv';
import { PHP_ONLY_SETTINGS, renderEnvExample, SETTING_DECLARATIONS, unusedPhpSettings } from './declarations';
import { parseSettings, SettingsError } from './settings';

const names = SETTING_DECLARATIONS.map((s) => s.name);

/** The variables parseSettings reads, seen through a recording environment. */
function namesRead(): string[] {
  const read = new Set<string>();
  const env = new Proxy(
    {},
    {
      get: (_target, key) => {
        if (typeof key === 'string') read.add(key);
        return undefined;
      },
    },
  );
  parseSettings(env);
  return [...read];
}

describe('setting declarations', () => {
  it('declare exactly the variables parseSettings reads, once each', () => {
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(namesRead().sort());
  });

  it.each(SETTING_DECLARATIONS.map((s) => [s.name, s.default]))('%s: the declared default "%s" changes nothing', (name, value) => {
    expect(parseSettings({ [name]: value })).toEqual(parseSettings({}));
  });

  it('.env.example is what the declarations render (npm run env:example rewrites it)', () => {
    const file = readFileSync(join(__dirname, '..', '..', '.env.example'), 'utf8');
    expect(file).toBe(renderEnvExample());
  });

  it('.env.example with every line uncommented, read by dotenv, gives the defaults', () => {
    const uncommented = renderEnvExample()
      .split('\n')
      .map((line) => line.replace(/^# ([A-Z][A-Z0-9_]*=)/, '$1'))
      .join('\n');
    const env = dotenv.parse(uncommented);
    expect(Object.keys(env).sort()).toEqual([...names].sort());
    expect(parseSettings(env)).toEqual(parseSettings({}));
  });

  it('every setting that is not free text names a value to refuse', () => {
    const untested = SETTING_DECLARATIONS.filter((s) => s.bad === undefined && s.accepts !== 'text').map((s) => s.name);
    expect(untested).toEqual([]);
  });

  it.each(SETTING_DECLARATIONS.filter((s) => s.bad !== undefined).map((s) => [s.name, s.bad!]))(
    '%s="%s" is refused with a message naming the variable',
    (name, bad) => {
      let error: unknown;
      try {
        parseSettings({ [name]: bad });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SettingsError);
      const message = (error as Error).message;
      expect(message).toContain(name);
      expect(message).not.toContain('\n');
      // says what is accepted, not only that it is wrong
      expect(message).toMatch(/must|not a valid/);
    },
  );

  it('PHP-only settings are none of ours, and are found in an environment', () => {
    expect(PHP_ONLY_SETTINGS.filter((n) => names.includes(n))).toEqual([]);
    expect(unusedPhpSettings({ APP_URL: 'http://x', MAIL_ENCRYPTION: 'tls', APP_NAME: 'x', NOCAPTCHA_SECRET: '' })).toEqual([
      'APP_URL',
      'MAIL_ENCRYPTION',
      'NOCAPTCHA_SECRET',
    ]);
  });

  it('APP_TRUSTED_PROXIES takes addresses, CIDRs and proxy-addr range names', () => {
    expect(parseSettings({ APP_TRUSTED_PROXIES: '10.0.0.1, 192.168.0.0/16,::1,fd00::/8,loopback' }).trustedProxies).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    for (const bad of ['10.0.0.0/33', '10.0.0.1/8/1', 'proxy.example.org', '::1/129']) {
      expect(() => parseSettings({ APP_TRUSTED_PROXIES: bad })).toThrow(
        /APP_TRUSTED_PROXIES must be comma-separated IP addresses or CIDRs/,
      );
    }
  });

  it('APP_API_RATE_LIMIT_EXEMPT_CLIENTS takes addresses and CIDRs, not proxy-addr range names', () => {
    expect(
      parseSettings({ APP_API_RATE_LIMIT_EXEMPT_CLIENTS: '10.0.0.1, 192.168.0.0/16,2001:db8::/32' }).apiRateLimitExemptClients,
    ).toEqual(['10.0.0.1', '192.168.0.0/16', '2001:db8::/32']);
    expect(() => parseSettings({ APP_API_RATE_LIMIT_EXEMPT_CLIENTS: 'loopback' })).toThrow(
      'APP_API_RATE_LIMIT_EXEMPT_CLIENTS must be comma-separated IP addresses or CIDRs, got "loopback"',
    );
  });

  it('ports stop at 65535, LOG_LEVEL is a pino level', () => {
    expect(parseSettings({ APP_PORT: '65535', LOG_LEVEL: 'debug' })).toEqual(expect.objectContaining({ port: 65535, logLevel: 'debug' }));
    expect(() => parseSettings({ APP_PORT: '70000' })).toThrow('APP_PORT must be a port number from 1 to 65535, got "70000"');
    expect(() => parseSettings({ LOG_LEVEL: 'verbose' })).toThrow(
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "verbose"',
    );
  });
});
