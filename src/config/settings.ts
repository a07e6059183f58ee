import { DIGEST_ALGORITHMS, DigestAlgorithm } from '../common/digest-hash';
import { createPublicKey } from 'node:crypto';
import { isIP } from 'node:net';
import { availableParallelism } from 'node:os';

/**
 * Every setting of the operating contract, parsed once at start into one
 * typed object. Names and defaults are the reference implementation's so an
 * existing FlexiAPI `.env` keeps working.
 */
export interface Settings {
  appName: string;
  port: number;
  appKey: string;
  sipDomain: string;
  rootDomain: string;
  defaultHost: string;
  dangerousEndpoints: boolean;
  apiKeyExpirationMinutes: number;
  accountCreationTokenExpirationMinutes: number;
  accountCreationTokenRetryMinutes: number;
  emailChangeCodeExpirationMinutes: number;
  phoneChangeCodeExpirationMinutes: number;
  recoveryCodeExpirationMinutes: number;
  provisioningTokenExpirationMinutes: number;
  allowPhoneNumberUsernameAdminApi: boolean;
  apiRateLimitPerMinute: number;
  /** per client, the token routes an anonymous client can call (send-by-push, request tokens); 0: off */
  accountCreationTokenRateLimitPerMinute: number;
  /** IPs and CIDRs the /api limit does not count (Flexisip's statistics client) */
  apiRateLimitExemptClients: string[];
  spaceCacheSeconds: number;
  /** HTTP worker processes on the port (node:cluster); MySQL/MariaDB only past 1 */
  workers: number;
  /** rate-limit counters and Space cache changes shared through REDIS_* (docs/scaling.md), under this key prefix */
  sharedState: { redis: boolean; keyPrefix: string };
  trustedProxies: string[];
  /** pino level of the server's log */
  logLevel: string;

  accountRealm: string | null;
  accountEmailUnique: boolean;
  accountUsernameRegex: string;
  accountBlacklistedUsernames: string[];
  defaultPasswordAlgorithm: DigestAlgorithm;
  proxyRegistrarAddress: string;
  transportProtocolText: string;
  provisioningRcFile: string;
  provisioningOverwriteAll: boolean;
  provisioningUseXLinphoneHeader: boolean;
  authenticationBearer: string;
  digestNonceLifetimeSeconds: number;

  jwtPublicKeyPem: string;
  jwtSipIdentifier: string;

  coturnServerHost: string;
  coturnStaticAuthSecret: string;
  coturnSessionTtlMinutes: number;

  pusherPath: string;
  pusherFirebaseKeysMap: string;
  /** pusher processes running at once, whole instance */
  pusherMaxProcesses: number;
  linphoneDaemonUnixPath: string;
  /** how long `POST /api/messages` waits for the daemon (connection and answer) */
  linphoneDaemonTimeoutSeconds: number;
  /** PEM files; both set: TLS with HTTP/2 and HTTP/1.1 on the port, both empty: plain HTTP/1.1 */
  tls: { certPath: string; keyPath: string };

  db: {
    connection: 'sqlite' | 'mysql';
    database: string;
    host: string;
    port: number;
    username: string;
    password: string;
    socket: string;
    /** connect, acquire and query timeout; SQLite's busy timeout */
    timeoutSeconds: number;
    /** how long `npm start` keeps trying to reach the database */
    connectRetrySeconds: number;
    /** tests and diagnostics: answer with the request's SQL statement count in `x-query-count` */
    queryCountHeader: boolean;
  };
  /** `timeoutSeconds`: connect and command timeout of the registrar's Redis (devices) */
  redis: { host: string; port: number; password: string; db: number; timeoutSeconds: number };
  mail: {
    host: string;
    port: number;
    username: string;
    password: string;
    fromAddress: string;
    fromName: string;
    signature: string;
  };
  ovh: { appKey: string; appSecret: string; consumerKey: string; endpoint: string; sender: string };
  /** `siteverifyUrl`: hCaptcha's, overridden only by tests (an HTTPS stand-in) */
  hcaptcha: { secret: string; sitekey: string; siteverifyUrl: string };
  blocking: { periodMinutes: number; amountEvents: number };
  /** Prometheus `/metrics`, on its own listener (never the application's port) */
  metrics: { enabled: boolean; host: string; port: number };
}

export class SettingsError extends Error {}

type Env = Record<string, string | undefined>;

/**
 * Reads one variable the way the reference's env() does: `true`/`(true)`,
 * `false`/`(false)`, `null`/`(null)` (unset) and `empty`/`(empty)` are
 * keywords, case-insensitively.
 */
function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined) return undefined;
  switch (value.toLowerCase()) {
    case 'null':
    case '(null)':
      return undefined;
    case 'empty':
    case '(empty)':
      return '';
    default:
      return value;
  }
}

function str(env: Env, name: string, fallback = ''): string {
  return raw(env, name) ?? fallback;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const value = raw(env, name);
  if (value === undefined || value === '') return fallback;
  const lower = value.toLowerCase();
  if (['true', '(true)', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '(false)', '0', 'no', 'off'].includes(lower)) return false;
  throw new SettingsError(`${name} must be true or false, got "${value}"`);
}

function int(env: Env, name: string, fallback: number, min = 0): number {
  const value = raw(env, name);
  if (value === undefined || value.trim() === '') return fallback;
  if (!/^-?\d+$/.test(value.trim())) {
    throw new SettingsError(`${name} must be a whole number, got "${value}"`);
  }
  const parsed = Number(value.trim());
  if (parsed < min) throw new SettingsError(`${name} must be at least ${min}, got "${value}"`);
  return parsed;
}

/** `auto`: one per core. Several processes writing one SQLite file would queue on its lock (and each migrate it). */
function workers(env: Env, connection: string): number {
  const value = raw(env, 'APP_WORKERS')?.trim();
  const count = value === 'auto' ? availableParallelism() : int(env, 'APP_WORKERS', 1, 1);
  if (value !== undefined && value !== '' && value !== '1' && connection === 'sqlite') {
    throw new SettingsError(
      `APP_WORKERS must be 1 on SQLite (one writer process per file), got "${value}": use DB_CONNECTION=mysql for more workers`,
    );
  }
  return count;
}

function port(env: Env, name: string, fallback: number): number {
  const value = int(env, name, fallback, 1);
  if (value > 65535) throw new SettingsError(`${name} must be a port number from 1 to 65535, got "${raw(env, name)}"`);
  return value;
}

/** proxy-addr's range names, which Fastify's trustProxy takes beside addresses and CIDRs */
const NAMED_RANGES = ['loopback', 'linklocal', 'uniquelocal'];

/** Comma-separated IP addresses or CIDRs; `named`: the range names too (APP_TRUSTED_PROXIES). */
function addresses(env: Env, name: string, named: boolean): string[] {
  const entries = list(str(env, name), ',')
    .map((p) => p.trim())
    .filter(Boolean);
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 6 ? 128 : 32));
    if (named && NAMED_RANGES.includes(entry)) continue;
    if (family === 0 || !prefixOk || extra !== undefined) {
      const names = named ? ` (or ${NAMED_RANGES.join(', ')})` : '';
      throw new SettingsError(`${name} must be comma-separated IP addresses or CIDRs${names}, got "${entry}"`);
    }
  }
  return entries;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function list(value: string, separator: RegExp | string): string[] {
  return value === '' ? [] : value.split(separator);
}

function pem(env: Env, name: string): string {
  // .env files often carry PEMs on one line with literal \n
  const value = str(env, name).replace(/\\n/g, '\n').trim();
  if (value === '') return '';
  try {
    createPublicKey(value);
  } catch {
    throw new SettingsError(`${name} is not a valid PEM public key`);
  }
  return value;
}

function regex(env: Env, name: string, fallback: string): string {
  const value = str(env, name, fallback);
  try {
    new RegExp(value, 'u');
  } catch {
    throw new SettingsError(`${name} is not a valid regular expression: "${value}"`);
  }
  return value;
}

/** The secret travels to this URL: HTTPS only. */
function httpsUrl(env: Env, name: string, fallback: string): string {
  const value = str(env, name, fallback) || fallback;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url?.protocol !== 'https:') throw new SettingsError(`${name} must be an https:// URL, got "${value}"`);
  return value;
}

/** Bytes a key needs, once decoded (AES-256's key, what Laravel's `key:generate` makes). */
export const APP_KEY_MIN_BYTES = 32;

/**
 * APP_KEY as Laravel reads it: `base64:` then the key in Base64, else the
 * text's own bytes. Empty means generated (load-settings.ts); a short key is
 * refused: the DIGEST secrets derive from it (issue 15).
 */
export function checkAppKey(value: string, name = 'APP_KEY'): string {
  if (value === '') return value;
  const bytes = value.startsWith('base64:') ? Buffer.from(value.slice('base64:'.length), 'base64') : Buffer.from(value, 'utf8');
  if (bytes.length < APP_KEY_MIN_BYTES) {
    throw new SettingsError(`${name} must be at least ${APP_KEY_MIN_BYTES} bytes (after decoding a base64: key), got ${bytes.length}`);
  }
  return value;
}

function oneOf<T extends string>(env: Env, name: string, values: readonly T[], fallback: T): T {
  const value = str(env, name, fallback) || fallback;
  if (!(values as readonly string[]).includes(value)) {
    throw new SettingsError(`${name} must be one of ${values.join(', ')}, got "${value}"`);
  }
  return value as T;
}

/** Both or neither: one alone would silently serve plain HTTP where TLS was meant. */
function tlsPaths(env: Env): Settings['tls'] {
  const certPath = str(env, 'APP_TLS_CERT_PATH').trim();
  const keyPath = str(env, 'APP_TLS_KEY_PATH').trim();
  if (certPath && !keyPath) throw new SettingsError('APP_TLS_KEY_PATH must be set when APP_TLS_CERT_PATH is');
  if (keyPath && !certPath) throw new SettingsError('APP_TLS_CERT_PATH must be set when APP_TLS_KEY_PATH is');
  return { certPath, keyPath };
}

export function parseSettings(env: Env): Settings {
  const connection = oneOf(env, 'DB_CONNECTION', ['sqlite', 'mysql'] as const, 'sqlite');
  return {
    appName: str(env, 'APP_NAME', 'Account Manager'),
    port: port(env, 'APP_PORT', port(env, 'PORT', 8000)),
    appKey: checkAppKey(str(env, 'APP_KEY')),
    sipDomain: str(env, 'APP_SIP_DOMAIN', 'sip.example.org') || 'sip.example.org',
    rootDomain: str(env, 'APP_ROOT_DOMAIN'),
    defaultHost: str(env, 'APP_DEFAULT_HOST', 'localhost') || 'localhost',
    dangerousEndpoints: bool(env, 'APP_DANGEROUS_ENDPOINTS', false),
    apiKeyExpirationMinutes: int(env, 'APP_API_KEY_EXPIRATION_MINUTES', 60),
    accountCreationTokenExpirationMinutes: int(env, 'APP_ACCOUNT_CREATION_TOKEN_EXPIRATION_MINUTES', 0),
    accountCreationTokenRetryMinutes: int(env, 'APP_API_ACCOUNT_CREATION_TOKEN_RETRY_MINUTES', 60),
    emailChangeCodeExpirationMinutes: int(env, 'APP_EMAIL_CHANGE_CODE_EXPIRATION_MINUTES', 10),
    phoneChangeCodeExpirationMinutes: int(env, 'APP_PHONE_CHANGE_CODE_EXPIRATION_MINUTES', 10),
    recoveryCodeExpirationMinutes: int(env, 'APP_RECOVERY_CODE_EXPIRATION_MINUTES', 10),
    provisioningTokenExpirationMinutes: int(env, 'APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES', 0),
    allowPhoneNumberUsernameAdminApi: bool(env, 'APP_ALLOW_PHONE_NUMBER_USERNAME_ADMIN_API', false),
    apiRateLimitPerMinute: int(env, 'APP_API_RATE_LIMIT_PER_MINUTE', 600),
    accountCreationTokenRateLimitPerMinute: int(env, 'APP_API_ACCOUNT_CREATION_TOKEN_RATE_LIMIT_PER_MINUTE', 10),
    apiRateLimitExemptClients: addresses(env, 'APP_API_RATE_LIMIT_EXEMPT_CLIENTS', false),
    // Spaces change rarely; several instances see a change within this delay
    spaceCacheSeconds: int(env, 'APP_SPACE_CACHE_SECONDS', 5),
    workers: workers(env, connection),
    sharedState: { redis: bool(env, 'REDIS_SHARED_STATE', false), keyPrefix: str(env, 'REDIS_KEY_PREFIX', 'flexiapi:') },
    trustedProxies: addresses(env, 'APP_TRUSTED_PROXIES', true),
    logLevel: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),

    accountRealm: str(env, 'ACCOUNT_REALM') || null,
    accountEmailUnique: bool(env, 'ACCOUNT_EMAIL_UNIQUE', false),
    accountUsernameRegex: regex(env, 'ACCOUNT_USERNAME_REGEX', '^[a-z0-9+_.-]*$'),
    accountBlacklistedUsernames: list(str(env, 'ACCOUNT_BLACKLISTED_USERNAMES'), ','),
    defaultPasswordAlgorithm: oneOf(env, 'ACCOUNT_DEFAULT_PASSWORD_ALGORITHM', DIGEST_ALGORITHMS, 'SHA-256'),
    proxyRegistrarAddress: str(env, 'ACCOUNT_PROXY_REGISTRAR_ADDRESS'),
    transportProtocolText: str(env, 'ACCOUNT_TRANSPORT_PROTOCOL_TEXT'),
    provisioningRcFile: str(env, 'ACCOUNT_PROVISIONING_RC_FILE'),
    provisioningOverwriteAll: bool(env, 'ACCOUNT_PROVISIONING_OVERWRITE_ALL', false),
    provisioningUseXLinphoneHeader: bool(env, 'ACCOUNT_PROVISIONING_USE_X_LINPHONE_PROVISIONING_HEADER', true),
    authenticationBearer: str(env, 'ACCOUNT_AUTHENTICATION_BEARER'),
    // deviation 24: every nonce has an end
    digestNonceLifetimeSeconds: int(env, 'DIGEST_NONCE_LIFETIME_SECONDS', 300, 1),

    jwtPublicKeyPem: pem(env, 'JWT_RSA_PUBLIC_KEY_PEM'),
    // An explicitly empty value disables the SIP-claim lookup (only `email` is used)
    jwtSipIdentifier: env.JWT_SIP_IDENTIFIER === undefined ? 'sip_identity' : str(env, 'JWT_SIP_IDENTIFIER'),

    coturnServerHost: str(env, 'COTURN_SERVER_HOST'),
    coturnStaticAuthSecret: str(env, 'COTURN_STATIC_AUTH_SECRET'),
    coturnSessionTtlMinutes: int(env, 'COTURN_SESSION_TTL_MINUTES', 1440),

    pusherPath: str(env, 'APP_FLEXISIP_PUSHER_PATH'),
    pusherFirebaseKeysMap: str(env, 'APP_FLEXISIP_PUSHER_FIREBASE_KEYSMAP'),
    pusherMaxProcesses: int(env, 'APP_FLEXISIP_PUSHER_MAX_PROCESSES', 8, 1),
    linphoneDaemonUnixPath: str(env, 'APP_LINPHONE_DAEMON_UNIX_PATH'),
    // misc.md: "wait at most 10 s"
    linphoneDaemonTimeoutSeconds: int(env, 'APP_LINPHONE_DAEMON_TIMEOUT_SECONDS', 10, 1),
    tls: tlsPaths(env),

    db: {
      connection,
      database: str(env, 'DB_DATABASE') || (connection === 'sqlite' ? './data/flexiapi.sqlite' : 'flexiapi'),
      host: str(env, 'DB_HOST', '127.0.0.1') || '127.0.0.1',
      port: port(env, 'DB_PORT', 3306),
      username: str(env, 'DB_USERNAME', 'root') || 'root',
      password: str(env, 'DB_PASSWORD'),
      socket: str(env, 'DB_SOCKET'),
      timeoutSeconds: int(env, 'DB_TIMEOUT_SECONDS', 5, 1),
      connectRetrySeconds: int(env, 'DB_CONNECT_RETRY_SECONDS', 30),
      queryCountHeader: bool(env, 'DB_QUERY_COUNT_HEADER', false),
    },
    redis: {
      host: str(env, 'REDIS_HOST', '127.0.0.1') || '127.0.0.1',
      port: port(env, 'REDIS_PORT', 6379),
      password: str(env, 'REDIS_PASSWORD'),
      db: int(env, 'REDIS_DB', 0),
      timeoutSeconds: int(env, 'REDIS_TIMEOUT_SECONDS', 2, 1),
    },
    mail: {
      host: str(env, 'MAIL_HOST'),
      port: port(env, 'MAIL_PORT', 25),
      username: str(env, 'MAIL_USERNAME'),
      password: str(env, 'MAIL_PASSWORD'),
      fromAddress: str(env, 'MAIL_FROM_ADDRESS', 'hello@example.com') || 'hello@example.com',
      fromName: str(env, 'MAIL_FROM_NAME', str(env, 'APP_NAME', 'Account Manager')),
      signature: str(env, 'MAIL_SIGNATURE', 'The Example Team'),
    },
    ovh: {
      appKey: str(env, 'OVH_APP_KEY'),
      appSecret: str(env, 'OVH_APP_SECRET'),
      consumerKey: str(env, 'OVH_APP_CONSUMER_KEY'),
      endpoint: str(env, 'OVH_APP_ENDPOINT', 'ovh-eu') || 'ovh-eu',
      sender: str(env, 'OVH_APP_SENDER'),
    },
    hcaptcha: {
      secret: str(env, 'HCAPTCHA_SECRET'),
      sitekey: str(env, 'HCAPTCHA_SITEKEY'),
      siteverifyUrl: httpsUrl(env, 'HCAPTCHA_SITEVERIFY_URL', 'https://api.hcaptcha.com/siteverify'),
    },
    blocking: {
      periodMinutes: int(env, 'BLOCKING_TIME_PERIOD_CHECK', 30),
      amountEvents: int(env, 'BLOCKING_AMOUNT_EVENTS_AUTHORIZED_DURING_PERIOD', 5),
    },
    metrics: {
      enabled: bool(env, 'METRICS_ENABLED', false),
      // loopback by default: a scraper elsewhere is let in by the operator (docs/decisions.md)
      host: str(env, 'METRICS_HOST', '127.0.0.1') || '127.0.0.1',
      port: port(env, 'METRICS_PORT', 9464),
    },
  };
}
