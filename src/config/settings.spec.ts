import { availableParallelism } from 'node:os';
import { generateKeyPairSync } from 'node:crypto';
import { parseSettings, SettingsError } from './settings';

function errorOf(env: Record<string, string>): SettingsError {
  try {
    parseSettings(env);
  } catch (error) {
    return error as SettingsError;
  }
  throw new Error('parseSettings did not throw');
}

describe('parseSettings defaults', () => {
  const settings = parseSettings({});

  it('serves a local try-out on SQLite, port 8000', () => {
    expect(settings.port).toBe(8000);
    expect(settings.db).toEqual({
      connection: 'sqlite',
      database: './data/flexiapi.sqlite',
      host: '127.0.0.1',
      port: 3306,
      username: 'root',
      password: '',
      socket: '',
      timeoutSeconds: 5,
      connectRetrySeconds: 30,
      queryCountHeader: false,
    });
  });

  it('reads the database timeouts (deviation 28); a zero timeout stops the start', () => {
    expect(parseSettings({ DB_TIMEOUT_SECONDS: '2', DB_CONNECT_RETRY_SECONDS: '0' }).db).toMatchObject({
      timeoutSeconds: 2,
      connectRetrySeconds: 0,
    });
    expect(() => parseSettings({ DB_TIMEOUT_SECONDS: '0' })).toThrow('DB_TIMEOUT_SECONDS must be at least 1');
    expect(() => parseSettings({ DB_CONNECT_RETRY_SECONDS: 'soon' })).toThrow('DB_CONNECT_RETRY_SECONDS must be a whole number');
  });

  it('reads the registrar Redis and its timeout (devices); a zero timeout stops the start', () => {
    expect(settings.redis).toEqual({ host: '127.0.0.1', port: 6379, password: '', db: 0, timeoutSeconds: 2 });
    expect(parseSettings({ REDIS_DB: '3', REDIS_TIMEOUT_SECONDS: '1' }).redis).toMatchObject({ db: 3, timeoutSeconds: 1 });
    expect(() => parseSettings({ REDIS_TIMEOUT_SECONDS: '0' })).toThrow('REDIS_TIMEOUT_SECONDS must be at least 1');
  });

  it('needs room for at least one pusher process', () => {
    expect(parseSettings({ APP_FLEXISIP_PUSHER_MAX_PROCESSES: '2' }).pusherMaxProcesses).toBe(2);
    expect(() => parseSettings({ APP_FLEXISIP_PUSHER_MAX_PROCESSES: '0' })).toThrow('APP_FLEXISIP_PUSHER_MAX_PROCESSES must be at least 1');
  });

  it("checks the captcha against hCaptcha's siteverify; an override must be HTTPS (the secret travels to it)", () => {
    expect(settings.hcaptcha).toEqual({ secret: '', sitekey: '', siteverifyUrl: 'https://api.hcaptcha.com/siteverify' });
    expect(parseSettings({ HCAPTCHA_SITEVERIFY_URL: 'https://127.0.0.1:8443/siteverify' }).hcaptcha.siteverifyUrl).toBe(
      'https://127.0.0.1:8443/siteverify',
    );
    for (const url of ['http://127.0.0.1/siteverify', 'not a url', 'file:///etc/passwd']) {
      expect(errorOf({ HCAPTCHA_SITEVERIFY_URL: url }).message).toBe(`HCAPTCHA_SITEVERIFY_URL must be an https:// URL, got "${url}"`);
    }
  });

  it('has the contract defaults for the default Space', () => {
    expect(settings.sipDomain).toBe('sip.example.org');
    expect(settings.defaultHost).toBe('localhost');
    expect(settings.rootDomain).toBe('');
  });

  it('has the contract defaults for the API', () => {
    expect(settings.apiKeyExpirationMinutes).toBe(60);
    expect(settings.apiRateLimitPerMinute).toBe(600);
    expect(settings.accountCreationTokenRateLimitPerMinute).toBe(10);
    expect(settings.pusherMaxProcesses).toBe(8);
    expect(settings.dangerousEndpoints).toBe(false);
    expect(settings.trustedProxies).toEqual([]);
    expect(settings.appName).toBe('Account Manager');
  });

  it('has the contract defaults for accounts and authentication', () => {
    expect(settings.accountRealm).toBeNull();
    expect(settings.accountEmailUnique).toBe(false);
    expect(settings.accountUsernameRegex).toBe('^[a-z0-9+_.-]*$');
    expect(settings.accountBlacklistedUsernames).toEqual([]);
    expect(settings.defaultPasswordAlgorithm).toBe('SHA-256');
    expect(settings.authenticationBearer).toBe('');
    expect(settings.jwtPublicKeyPem).toBe('');
    expect(settings.jwtSipIdentifier).toBe('sip_identity');
    expect(settings.provisioningUseXLinphoneHeader).toBe(true);
    expect(settings.digestNonceLifetimeSeconds).toBe(300);
  });

  it('has the contract defaults for token lifetimes', () => {
    expect(settings.accountCreationTokenExpirationMinutes).toBe(0);
    expect(settings.accountCreationTokenRetryMinutes).toBe(60);
    expect(settings.emailChangeCodeExpirationMinutes).toBe(10);
    expect(settings.phoneChangeCodeExpirationMinutes).toBe(10);
    expect(settings.recoveryCodeExpirationMinutes).toBe(10);
    expect(settings.provisioningTokenExpirationMinutes).toBe(0);
    expect(settings.coturnSessionTtlMinutes).toBe(1440);
    expect(settings.blocking).toEqual({ periodMinutes: 30, amountEvents: 5 });
  });

  it('defaults the MySQL schema name when DB_CONNECTION=mysql', () => {
    expect(parseSettings({ DB_CONNECTION: 'mysql' }).db.database).toBe('flexiapi');
  });

  it('reads PORT when APP_PORT is absent', () => {
    expect(parseSettings({ PORT: '9000' }).port).toBe(9000);
    expect(parseSettings({ PORT: '9000', APP_PORT: '9001' }).port).toBe(9001);
  });
});

describe('parseSettings keywords (reference env())', () => {
  it('treats null and (null) as unset', () => {
    expect(parseSettings({ ACCOUNT_REALM: 'null' }).accountRealm).toBeNull();
    expect(parseSettings({ ACCOUNT_REALM: '(null)' }).accountRealm).toBeNull();
    expect(parseSettings({ APP_API_KEY_EXPIRATION_MINUTES: 'NULL' }).apiKeyExpirationMinutes).toBe(60);
  });

  it('treats empty and (empty) as the empty string', () => {
    expect(parseSettings({ APP_NAME: 'empty' }).appName).toBe('');
    expect(parseSettings({ APP_NAME: '(empty)' }).appName).toBe('');
    expect(parseSettings({ ACCOUNT_REALM: '(empty)' }).accountRealm).toBeNull();
  });

  it('treats true/(true) and false/(false) as booleans, case-insensitively', () => {
    expect(parseSettings({ APP_DANGEROUS_ENDPOINTS: 'true' }).dangerousEndpoints).toBe(true);
    expect(parseSettings({ APP_DANGEROUS_ENDPOINTS: '(true)' }).dangerousEndpoints).toBe(true);
    expect(parseSettings({ APP_DANGEROUS_ENDPOINTS: 'TRUE' }).dangerousEndpoints).toBe(true);
    expect(parseSettings({ ACCOUNT_PROVISIONING_USE_X_LINPHONE_PROVISIONING_HEADER: 'false' }).provisioningUseXLinphoneHeader).toBe(false);
    expect(parseSettings({ ACCOUNT_PROVISIONING_USE_X_LINPHONE_PROVISIONING_HEADER: '(False)' }).provisioningUseXLinphoneHeader).toBe(
      false,
    );
  });

  it('keeps a set value', () => {
    const settings = parseSettings({
      ACCOUNT_REALM: 'realm.test',
      APP_API_KEY_EXPIRATION_MINUTES: '5',
      ACCOUNT_AUTHENTICATION_BEARER: 'x="y"',
    });
    expect(settings.accountRealm).toBe('realm.test');
    expect(settings.apiKeyExpirationMinutes).toBe(5);
    expect(settings.authenticationBearer).toBe('x="y"');
  });

  it('splits lists on commas', () => {
    const settings = parseSettings({ ACCOUNT_BLACKLISTED_USERNAMES: 'root,admin', APP_TRUSTED_PROXIES: '10.0.0.1, 10.0.0.2' });
    expect(settings.accountBlacklistedUsernames).toEqual(['root', 'admin']);
    expect(settings.trustedProxies).toEqual(['10.0.0.1', '10.0.0.2']);
  });

  it('disables the SIP claim with an explicitly empty JWT_SIP_IDENTIFIER', () => {
    expect(parseSettings({ JWT_SIP_IDENTIFIER: '' }).jwtSipIdentifier).toBe('');
    expect(parseSettings({ JWT_SIP_IDENTIFIER: 'sub' }).jwtSipIdentifier).toBe('sub');
  });
});

describe('parseSettings JWT_RSA_PUBLIC_KEY_PEM', () => {
  const { publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 1024,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });

  it('accepts a PEM public key', () => {
    expect(parseSettings({ JWT_RSA_PUBLIC_KEY_PEM: publicKey }).jwtPublicKeyPem).toBe(publicKey.trim());
  });

  it('accepts a PEM written on one line with literal \\n', () => {
    const oneLine = publicKey.trim().replace(/\n/g, '\\n');
    expect(parseSettings({ JWT_RSA_PUBLIC_KEY_PEM: oneLine }).jwtPublicKeyPem).toBe(publicKey.trim());
  });
});

describe('parseSettings errors name the variable', () => {
  it('refuses an unknown DB_CONNECTION', () => {
    const error = errorOf({ DB_CONNECTION: 'oracle' });
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.message).toContain('DB_CONNECTION');
  });

  it.each(['APP_PORT', 'APP_API_KEY_EXPIRATION_MINUTES', 'APP_API_RATE_LIMIT_PER_MINUTE', 'DB_PORT'])(
    'refuses a non-number in %s',
    (name) => {
      const error = errorOf({ [name]: 'eighty' });
      expect(error).toBeInstanceOf(SettingsError);
      expect(error.message).toContain(name);
    },
  );

  it('refuses a negative number', () => {
    const error = errorOf({ APP_API_KEY_EXPIRATION_MINUTES: '-1' });
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.message).toContain('APP_API_KEY_EXPIRATION_MINUTES');
  });

  it('refuses a DIGEST nonce lifetime of 0: every nonce has an end (deviation 24)', () => {
    const error = errorOf({ DIGEST_NONCE_LIFETIME_SECONDS: '0' });
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.message).toContain('DIGEST_NONCE_LIFETIME_SECONDS');
  });

  it('refuses a malformed PEM', () => {
    const error = errorOf({ JWT_RSA_PUBLIC_KEY_PEM: '-----BEGIN PUBLIC KEY-----\nnot a key\n-----END PUBLIC KEY-----' });
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.message).toContain('JWT_RSA_PUBLIC_KEY_PEM');
  });

  it('refuses a boolean that is neither true nor false', () => {
    const error = errorOf({ APP_DANGEROUS_ENDPOINTS: 'maybe' });
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.message).toContain('APP_DANGEROUS_ENDPOINTS');
  });

  it('refuses an unknown default password algorithm', () => {
    const error = errorOf({ ACCOUNT_DEFAULT_PASSWORD_ALGORITHM: 'SHA-1' });
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.message).toContain('ACCOUNT_DEFAULT_PASSWORD_ALGORITHM');
  });

  it('refuses an invalid username regex', () => {
    const error = errorOf({ ACCOUNT_USERNAME_REGEX: '([a-z' });
    expect(error).toBeInstanceOf(SettingsError);
    expect(error.message).toContain('ACCOUNT_USERNAME_REGEX');
  });

  it('refuses an APP_KEY shorter than 32 bytes, counted after decoding a base64: key', () => {
    for (const key of ['base64:Zm9vYmFy', `base64:${Buffer.alloc(31).toString('base64')}`, 'x'.repeat(31), 'base64:' + 'A'.repeat(40)]) {
      const error = errorOf({ APP_KEY: key });
      expect(error).toBeInstanceOf(SettingsError);
      expect(error.message).toContain('APP_KEY');
      expect(error.message).not.toContain(key);
    }
  });

  it('takes an APP_KEY of 32 bytes or more, and an unset one (generated at start)', () => {
    for (const key of [`base64:${Buffer.alloc(32).toString('base64')}`, `base64:${Buffer.alloc(64).toString('base64')}`, 'x'.repeat(32)]) {
      expect(parseSettings({ APP_KEY: key }).appKey).toBe(key);
    }
    expect(parseSettings({}).appKey).toBe('');
    expect(parseSettings({ APP_KEY: 'null' }).appKey).toBe('');
  });
});

describe('parseSettings TLS and the linphone daemon', () => {
  it('serves plain HTTP/1.1 without certificate; takes both paths together', () => {
    expect(parseSettings({}).tls).toEqual({ certPath: '', keyPath: '' });
    expect(parseSettings({ APP_TLS_CERT_PATH: '/etc/cert.pem', APP_TLS_KEY_PATH: '/etc/key.pem' }).tls).toEqual({
      certPath: '/etc/cert.pem',
      keyPath: '/etc/key.pem',
    });
  });

  it('refuses one TLS path without the other, naming the missing one', () => {
    expect(errorOf({ APP_TLS_CERT_PATH: '/etc/cert.pem' }).message).toBe('APP_TLS_KEY_PATH must be set when APP_TLS_CERT_PATH is');
    expect(errorOf({ APP_TLS_KEY_PATH: '/etc/key.pem', APP_TLS_CERT_PATH: 'empty' }).message).toBe(
      'APP_TLS_CERT_PATH must be set when APP_TLS_KEY_PATH is',
    );
  });

  it('waits 10 s for the daemon unless told; at least 1', () => {
    expect(parseSettings({}).linphoneDaemonTimeoutSeconds).toBe(10);
    expect(parseSettings({ APP_LINPHONE_DAEMON_TIMEOUT_SECONDS: '3' }).linphoneDaemonTimeoutSeconds).toBe(3);
    expect(errorOf({ APP_LINPHONE_DAEMON_TIMEOUT_SECONDS: '0' }).message).toContain('APP_LINPHONE_DAEMON_TIMEOUT_SECONDS');
  });
});

describe('APP_WORKERS and the shared state (issue 19)', () => {
  it('defaults to one worker and no shared state', () => {
    const settings = parseSettings({});
    expect(settings.workers).toBe(1);
    expect(settings.sharedState).toEqual({ redis: false, keyPrefix: 'flexiapi:' });
  });

  it('reads a count or auto (the cores) on MySQL/MariaDB', () => {
    expect(parseSettings({ DB_CONNECTION: 'mysql', APP_WORKERS: '3' }).workers).toBe(3);
    expect(parseSettings({ DB_CONNECTION: 'mysql', APP_WORKERS: 'auto' }).workers).toBe(availableParallelism());
  });

  it('refuses more than one worker on SQLite, auto included, saying why', () => {
    expect(parseSettings({ APP_WORKERS: '1' }).workers).toBe(1);
    for (const value of ['2', 'auto']) {
      expect(errorOf({ APP_WORKERS: value }).message).toBe(
        `APP_WORKERS must be 1 on SQLite (one writer process per file), got "${value}": use DB_CONNECTION=mysql for more workers`,
      );
    }
  });
});
