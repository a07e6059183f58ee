import { createServer, Server } from 'node:http';
import type { FastifyInstance } from 'fastify';
import type { DataSource, EntitySubscriberInterface } from 'typeorm';
import type { AfterQueryEvent } from 'typeorm/subscriber/event/QueryEvent';
import type { Counter, Histogram } from 'prom-client';
import type { Metrics } from './metrics';

/**
 * Counts and times every answer by the route that matched (its declared
 * pattern, never the URL: no ids or tokens in labels); `unmatched` when no
 * route did (404s of unknown paths).
 */
export function installRequestMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  // each series' children, found by one string key: prom-client hashes a label object on every call
  const series = new Map<string, { count: Counter.Internal; time: Histogram.Internal<string> }>();
  fastify.addHook('onResponse', (request, reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${reply.statusCode} ${route}`;
    let children = series.get(key);
    if (!children) {
      const labels = { method: request.method, route, status: String(reply.statusCode) };
      children = { count: metrics.requests.labels(labels), time: metrics.requestDuration.labels(labels) };
      series.set(key, children);
    }
    children.count.inc();
    children.time.observe(reply.elapsedTime / 1000);
    done();
  });
}

interface MysqlPoolQueues {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

/**
 * Times the statements TypeORM runs (its afterQuery event; the hot fixed
 * statements are timed in statements.ts) and reads mysql2's pool at scrape
 * time (SQLite has one connection and no pool).
 */
export function installDatabaseMetrics(dataSource: DataSource, metrics: Metrics): void {
  const subscriber: EntitySubscriberInterface = {
    afterQuery(event: AfterQueryEvent<unknown>) {
      if (event.executionTime !== undefined) metrics.observeQuery(event.query, event.executionTime / 1000, event.success);
    },
  };
  dataSource.subscribers.push(subscriber);
  const pool = (dataSource.driver as { pool?: MysqlPoolQueues }).pool;
  if (pool?._allConnections) {
    metrics.poolReader = () => ({
      total: pool._allConnections?.length ?? 0,
      idle: pool._freeConnections?.length ?? 0,
      waiting: pool._connectionQueue?.length ?? 0,
    });
  }
}

/**
 * The metrics listener (METRICS_HOST:METRICS_PORT): `GET /metrics` and
 * nothing else, apart from the application's port and its Spaces.
 */
export function serveMetrics(metrics: Metrics, host: string, port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
      () => res.writeHead(500).end(),
    );
  });
  // a scraper's keep-alive connection must not hold the process open at shutdown
  server.unref();
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server);
    });
  });
}
