/**
 * The catalogue of settings: name, default as written in `.env`, one line of
 * meaning, what a value may be, and a value that must be refused. `.env.example`
 * is generated from it (`npm run env:example`) and settings.spec.ts checks it
 * against what parseSettings actually reads, its defaults and its refusals,
 * so neither can drift. A new setting: one line here beside its parse line.
 */
export interface SettingDeclaration {
  name: string;
  /** the value that changes nothing, as it would be written in `.env` ('' = empty) */
  default: string;
  meaning: string;
  /** what a value may be, as the refusal says it; `text` when anything goes */
  accepts: string;
  /** a value the start must refuse naming the variable (absent only for `text`) */
  bad?: string;
}

const TEXT = 'text';
const BOOL = 'true or false';
const MINUTES = 'a whole number of minutes, 0 or more';
const PORT = 'a port number from 1 to 65535';

function d(name: string, def: string, meaning: string, accepts = TEXT, bad?: string): SettingDeclaration {
  return { name, default: def, meaning, accepts, bad };
}

export const SETTING_DECLARATIONS: readonly SettingDeclaration[] = [
  // the service
  d('APP_NAME', 'Account Manager', 'name in mails and SMS, user agent of publicly created accounts'),
  d('APP_PORT', '8000', 'HTTP(S) port', PORT, '70000'),
  d('PORT', '', 'the port when APP_PORT is not set', PORT, '0'),
  d('APP_KEY', '', 'secret of the DIGEST opaque and nonce signatures; empty: generated once into ./data/app.key'),
  d('APP_SIP_DOMAIN', 'sip.example.org', 'SIP domain of the default Space created when no Space exists'),
  d('APP_DEFAULT_HOST', 'localhost', 'Host header of that default Space (requests choose their Space by Host)'),
  d('APP_ROOT_DOMAIN', '', 'when set, every Space host must end with it'),
  d('APP_DANGEROUS_ENDPOINTS', 'false', 'enables the deprecated "unsecure" routes', BOOL, 'maybe'),
  d(
    'APP_TRUSTED_PROXIES',
    '',
    'comma-separated proxies (IPs or CIDRs) whose X-Forwarded-* is believed',
    'comma-separated IP addresses or CIDRs',
    'not-an-ip',
  ),
  d(
    'APP_API_RATE_LIMIT_PER_MINUTE',
    '600',
    'requests per minute per client IP (IPv6: per /64) on /api; 0 turns it off',
    'a whole number, 0 or more',
    '-1',
  ),
  d(
    'APP_API_RATE_LIMIT_EXEMPT_CLIENTS',
    '',
    "clients the /api limit does not count (Flexisip, which sends every event from one address); a route's own limit still applies",
    'comma-separated IP addresses or CIDRs',
    '10.0.0.0/33',
  ),
  d(
    'APP_API_ACCOUNT_CREATION_TOKEN_RATE_LIMIT_PER_MINUTE',
    '10',
    'requests per minute per client to send-by-push and account_creation_request_tokens, on top of the above; 0 turns it off',
    'a whole number, 0 or more',
    '-1',
  ),
  d(
    'APP_SPACE_CACHE_SECONDS',
    '5',
    'how long a Space resolved from Host is cached in memory',
    'a whole number of seconds, 0 or more',
    'soon',
  ),
  d(
    'APP_TLS_CERT_PATH',
    '',
    'PEM certificate (chain); with APP_TLS_KEY_PATH the port speaks TLS, HTTP/2 and HTTP/1.1',
    'a path, set together with APP_TLS_KEY_PATH',
    '/etc/ssl/cert.pem',
  ),
  d(
    'APP_TLS_KEY_PATH',
    '',
    'unencrypted PEM private key of that certificate',
    'a path, set together with APP_TLS_CERT_PATH',
    '/etc/ssl/key.pem',
  ),
  d('LOG_LEVEL', 'info', 'pino level of the log', 'fatal, error, warn, info, debug, trace or silent', 'verbose'),

  // expiries and limits
  d(
    'APP_API_KEY_EXPIRATION_MINUTES',
    '60',
    'API keys created through the API stop working after this long unused; 0: never',
    MINUTES,
    '1.5',
  ),
  d('APP_ACCOUNT_CREATION_TOKEN_EXPIRATION_MINUTES', '0', 'lifetime of account creation tokens; 0: never', MINUTES, 'never'),
  d('APP_API_ACCOUNT_CREATION_TOKEN_RETRY_MINUTES', '60', 'push-token throttling window', MINUTES, '-5'),
  d('APP_EMAIL_CHANGE_CODE_EXPIRATION_MINUTES', '10', 'lifetime of an email change code', MINUTES, 'ten'),
  d('APP_PHONE_CHANGE_CODE_EXPIRATION_MINUTES', '10', 'lifetime of a phone change code', MINUTES, 'ten'),
  d('APP_RECOVERY_CODE_EXPIRATION_MINUTES', '10', 'lifetime of a recovery code', MINUTES, 'ten'),
  d('APP_PROVISIONING_TOKEN_EXPIRATION_MINUTES', '0', 'lifetime of a provisioning token; 0: never', MINUTES, 'x'),
  d(
    'DIGEST_NONCE_LIFETIME_SECONDS',
    '300',
    'a DIGEST nonce older than this gets a fresh challenge with stale=true',
    'a whole number of seconds, at least 1',
    '0',
  ),
  d('BLOCKING_TIME_PERIOD_CHECK', '30', 'minutes over which code requests are counted to block an account', MINUTES, 'half'),
  d('BLOCKING_AMOUNT_EVENTS_AUTHORIZED_DURING_PERIOD', '5', 'code requests allowed in that period', 'a whole number, 0 or more', 'many'),

  // accounts
  d('APP_ALLOW_PHONE_NUMBER_USERNAME_ADMIN_API', 'false', 'admins may create phone-like usernames', BOOL, 'sometimes'),
  d('ACCOUNT_REALM', '', "DIGEST realm and password hashing realm; empty: the account's domain"),
  d('ACCOUNT_EMAIL_UNIQUE', 'false', 'an email belongs to one account only', BOOL, '2'),
  d('ACCOUNT_USERNAME_REGEX', '^[a-z0-9+_.-]*$', 'what a username may be', 'a regular expression', '(['),
  d('ACCOUNT_BLACKLISTED_USERNAMES', '', 'comma-separated names or regular expressions refused as usernames'),
  d('ACCOUNT_DEFAULT_PASSWORD_ALGORITHM', 'SHA-256', 'algorithm of passwords given without one', 'MD5 or SHA-256', 'SHA-1'),
  d('ACCOUNT_AUTHENTICATION_BEARER', '', 'when set, only JWTs authenticate; others get WWW-Authenticate: Bearer <value>'),

  // provisioning
  d('ACCOUNT_PROXY_REGISTRAR_ADDRESS', '', 'shown in mails and provisioning; the provisioned reg_proxy'),
  d('ACCOUNT_TRANSPORT_PROTOCOL_TEXT', '', 'how the SIP server is reached, shown in mails and provisioning'),
  d('ACCOUNT_PROVISIONING_RC_FILE', '', 'linphonerc file merged into the provisioning XML'),
  d('ACCOUNT_PROVISIONING_OVERWRITE_ALL', 'false', "provisioned values overwrite the client's", BOOL, 'always'),
  d(
    'ACCOUNT_PROVISIONING_USE_X_LINPHONE_PROVISIONING_HEADER',
    'true',
    'provisioning answers only requests with x-linphone-provisioning',
    BOOL,
    'never',
  ),

  // JWT
  d(
    'JWT_RSA_PUBLIC_KEY_PEM',
    '',
    'PEM public key of the JWT emitter (\\n escapes accepted); empty: JWT off',
    'a PEM public key',
    'not a key',
  ),
  d('JWT_SIP_IDENTIFIER', 'sip_identity', 'claim holding the SIP address (email is the fallback); empty: email only'),

  // TURN, push, messages
  d('COTURN_SERVER_HOST', '', 'TURN server given to clients'),
  d('COTURN_STATIC_AUTH_SECRET', '', 'shared secret of the TURN credentials'),
  d('COTURN_SESSION_TTL_MINUTES', '1440', 'lifetime of TURN credentials', MINUTES, 'a day'),
  d('APP_FLEXISIP_PUSHER_PATH', '', 'the flexisip_pusher executable'),
  d('APP_FLEXISIP_PUSHER_FIREBASE_KEYSMAP', '', 'space-separated id:key Firebase keys'),
  d(
    'APP_FLEXISIP_PUSHER_MAX_PROCESSES',
    '8',
    'pusher processes running at once in this instance; past it 503 with Retry-After',
    'a whole number, at least 1',
    '0',
  ),
  d('APP_LINPHONE_DAEMON_UNIX_PATH', '', 'unix socket of a linphone daemon; POST /api/messages exists only when set'),
  d('APP_LINPHONE_DAEMON_TIMEOUT_SECONDS', '10', 'how long a message waits for the daemon', 'a whole number of seconds, at least 1', '0'),

  // database
  d('DB_CONNECTION', 'sqlite', 'database engine', 'sqlite or mysql', 'oracle'),
  d('DB_DATABASE', './data/flexiapi.sqlite', 'file for sqlite; schema for mysql (default flexiapi, created if missing)'),
  d('DB_HOST', '127.0.0.1', 'MySQL/MariaDB host'),
  d('DB_PORT', '3306', 'MySQL/MariaDB port', PORT, '99999'),
  d('DB_USERNAME', 'root', 'MySQL/MariaDB user'),
  d('DB_PASSWORD', '', 'MySQL/MariaDB password'),
  d(
    'APP_WORKERS',
    '1',
    'HTTP worker processes sharing APP_PORT (node:cluster); auto: one per core; more than 1 needs DB_CONNECTION=mysql',
    'a whole number, at least 1, or auto',
    '0',
  ),
  d('DB_SOCKET', '', 'MySQL/MariaDB unix socket, instead of host and port'),
  d(
    'DB_TIMEOUT_SECONDS',
    '5',
    'connect, acquire and query timeout (503 past it); SQLite busy timeout',
    'a whole number of seconds, at least 1',
    '0',
  ),
  d(
    'DB_CONNECT_RETRY_SECONDS',
    '30',
    'how long the start keeps trying to reach the database',
    'a whole number of seconds, 0 or more',
    'forever',
  ),
  d('DB_QUERY_COUNT_HEADER', 'false', "diagnostics: answers carry x-query-count, the request's SQL statement count", BOOL, 'y'),

  // Redis (Flexisip's registrar, for devices)
  d('REDIS_HOST', '127.0.0.1', 'Redis of the Flexisip registrar'),
  d('REDIS_PORT', '6379', 'its port', PORT, '-1'),
  d('REDIS_PASSWORD', '', 'its password'),
  d('REDIS_DB', '0', 'its database number', 'a whole number, 0 or more', 'first'),
  d('REDIS_TIMEOUT_SECONDS', '2', 'connect and command timeout of that Redis', 'a whole number of seconds, at least 1', '0'),
  d(
    'REDIS_SHARED_STATE',
    'false',
    'rate-limit counters and Space cache changes go through that Redis too: needed for more than one instance or worker (docs/scaling.md)',
    BOOL,
    'yes please',
  ),
  d('REDIS_KEY_PREFIX', 'flexiapi:', "prefix of this service's Redis keys and channel, apart from the registrar's fs:* keys"),

  // mail
  d('MAIL_HOST', '', 'SMTP server; empty: mails are written to the log'),
  d('MAIL_PORT', '25', 'SMTP port', PORT, '65536'),
  d('MAIL_USERNAME', '', 'SMTP user'),
  d('MAIL_PASSWORD', '', 'SMTP password'),
  d('MAIL_FROM_ADDRESS', 'hello@example.com', 'sender address of mails'),
  d('MAIL_FROM_NAME', 'Account Manager', 'sender name of mails (default: APP_NAME)'),
  d('MAIL_SIGNATURE', 'The Example Team', 'signature of mails'),

  // SMS (OVH)
  d('OVH_APP_KEY', '', 'OVH SMS application key; empty: SMS are written to the log'),
  d('OVH_APP_SECRET', '', 'OVH SMS application secret'),
  d('OVH_APP_CONSUMER_KEY', '', 'OVH SMS consumer key'),
  d('OVH_APP_ENDPOINT', 'ovh-eu', 'OVH API endpoint'),
  d('OVH_APP_SENDER', '', 'SMS sender name'),

  // captcha
  d('HCAPTCHA_SECRET', '', 'hCaptcha secret of the creation-token page; empty: no captcha'),
  d('HCAPTCHA_SITEKEY', '', 'hCaptcha site key of that page'),
  d(
    'HCAPTCHA_SITEVERIFY_URL',
    'https://api.hcaptcha.com/siteverify',
    'hCaptcha siteverify address',
    'an https:// URL',
    'http://api.hcaptcha.com/siteverify',
  ),

  // metrics
  d('METRICS_ENABLED', 'false', 'Prometheus GET /metrics on its own listener (METRICS_HOST:METRICS_PORT), never on APP_PORT', BOOL, 'sure'),
  d('METRICS_HOST', '127.0.0.1', 'address the metrics listener binds (0.0.0.0: every interface, for a scraper on another machine)'),
  d('METRICS_PORT', '9464', 'port of the metrics listener', PORT, '0'),
];

/**
 * Settings of the PHP FlexiAPI's `.env` (its .env.example and config/, and
 * Laravel's own) that this service does not read: an operator who brings that
 * `.env` is told once, at start, that they are ignored.
 */
export const PHP_ONLY_SETTINGS: readonly string[] = [
  'APP_ENV',
  'APP_DEBUG',
  'APP_URL',
  'ASSET_URL',
  'APP_FLEXISIP_PUSHER_FIREBASE_KEY',
  'APP_ADMINS_MANAGE_MULTI_DOMAINS',
  'ACCOUNT_CONSUME_EXTERNAL_ACCOUNT_ON_CREATE',
  'INSTANCE_COPYRIGHT',
  'INSTANCE_INTRO_REGISTRATION',
  'INSTANCE_CUSTOM_THEME',
  'INSTANCE_CONFIRMED_REGISTRATION_TEXT',
  'WEB_PANEL',
  'NEWSLETTER_REGISTRATION_ADDRESS',
  'PUBLIC_REGISTRATION',
  'PHONE_AUTHENTICATION',
  'DEVICES_MANAGEMENT',
  'TERMS_OF_USE_URL',
  'PRIVACY_POLICY_URL',
  'LOG_CHANNEL',
  'LOG_DEPRECATIONS_CHANNEL',
  'FILESYSTEM_DISK',
  'MEMCACHED_HOST',
  'REDIS_CLIENT',
  'REDIS_SENTINEL_HOST',
  'REDIS_SENTINEL_PORT',
  'REDIS_SENTINEL_SERVICE',
  'REDIS_SENTINEL_PASSWORD',
  'BROADCAST_DRIVER',
  'CACHE_DRIVER',
  'QUEUE_CONNECTION',
  'SESSION_DRIVER',
  'SESSION_LIFETIME',
  'MAIL_DRIVER',
  'MAIL_MAILER',
  'MAIL_ENCRYPTION',
  'MAIL_ALLOW_SELF_SIGNED',
  'MAIL_VERIFY_PEER',
  'MAIL_VERIFY_PEER_NAME',
  'NOCAPTCHA_SECRET',
  'NOCAPTCHA_SITEKEY',
];

/** The PHP-only settings present in this environment, in the list's order. */
export function unusedPhpSettings(env: Record<string, string | undefined>): string[] {
  return PHP_ONLY_SETTINGS.filter((name) => env[name] !== undefined);
}

/** The text of `.env.example`: every setting commented out at its default, so a copy changes nothing. */
export function renderEnvExample(): string {
  const lines = [
    '# Settings of the service, each at its default (generated by `npm run env:example`; do not edit by hand).',
    '# Copy to .env and uncomment what you change. The real environment wins over .env.',
    '# Values `null` and `empty` (also `(null)`, `(empty)`) mean unset and empty, as in the PHP service.',
  ];
  for (const s of SETTING_DECLARATIONS) {
    lines.push('', `# ${s.meaning}${s.accepts === TEXT ? '' : ` (${s.accepts})`}`, `# ${s.name}=${quoted(s.default)}`);
  }
  return lines.join('\n') + '\n';
}

/** dotenv's own quoting where the value would otherwise be cut or trimmed. */
function quoted(value: string): string {
  return /[\s#"'$]/.test(value) ? `"${value}"` : value;
}
