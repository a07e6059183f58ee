import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

const READ = /^\s*(SELECT|WITH|SHOW|PRAGMA)\b/i;

/** Services this instance calls out to, each counted by outcome. */
export type Dependency = 'pusher' | 'smtp' | 'sms' | 'redis' | 'daemon';
export type AuthMethod = 'digest' | 'api_key' | 'jwt';
/** `challenge`: a DIGEST request without credentials answered with a challenge, the protocol's first step */
export type AuthOutcome = 'success' | 'challenge' | 'failure';

/** Every family this service exports (METRICS_ENABLED=true). */
export class Metrics {
  readonly registry = new Registry();
  readonly requests = new Counter({
    name: 'flexiapi_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern (unmatched: no route) and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = new Histogram({
    name: 'flexiapi_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly queryDuration = new Histogram({
    name: 'flexiapi_db_query_duration_seconds',
    help: 'Time of an SQL statement, by kind (read: SELECT, write: everything else) and outcome',
    labelNames: ['kind', 'outcome'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5],
    registers: [this.registry],
  });
  readonly pool = new Gauge({
    name: 'flexiapi_db_pool_connections',
    help: 'Database connections by state (total, idle, waiting: requests queued for one); MySQL/MariaDB only',
    labelNames: ['state'] as const,
    registers: [this.registry],
    collect: () => this.readPool(),
  });
  /** reads the pool's figures at scrape time (installDatabaseMetrics) */
  poolReader?: () => { total: number; idle: number; waiting: number };
  readonly auth = new Counter({
    name: 'flexiapi_auth_attempts_total',
    help: 'Authentications by method (digest, api_key, jwt) and outcome (success, challenge, failure)',
    labelNames: ['method', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly dependencies = new Counter({
    name: 'flexiapi_dependency_calls_total',
    help: 'Calls to the pusher, SMTP, SMS, Redis and linphone daemon, by outcome (success, failure)',
    labelNames: ['dependency', 'outcome'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  private readPool(): void {
    const figures = this.poolReader?.();
    if (!figures) return;
    for (const [state, value] of Object.entries(figures)) this.pool.set({ state }, value);
  }

  /** Times a statement: `kind` from its first word. */
  observeQuery(sql: string, seconds: number, success: boolean): void {
    this.queryDuration.observe({ kind: READ.test(sql) ? 'read' : 'write', outcome: success ? 'success' : 'failure' }, seconds);
  }
}

/**
 * The process's metrics, when METRICS_ENABLED=true; undefined otherwise, so
 * that every hook is one property read and nothing else when they are off.
 */
export let metrics: Metrics | undefined;

export function enableMetrics(): Metrics {
  metrics ??= new Metrics();
  return metrics;
}

/** Counts the outcome of a call to a dependency, and gives the call's result back unchanged. */
export function countDependency<T>(dependency: Dependency, call: Promise<T>): Promise<T> {
  const m = metrics;
  if (!m) return call;
  return call.then(
    (value) => {
      m.dependencies.inc({ dependency, outcome: 'success' });
      return value;
    },
    (error: unknown) => {
      m.dependencies.inc({ dependency, outcome: 'failure' });
      throw error;
    },
  );
}
