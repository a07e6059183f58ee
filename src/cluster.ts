import cluster, { Worker } from 'node:cluster';
import { createServer } from 'node:http';
import { AggregatorRegistry } from 'prom-client';
import type { Logger as Pino } from 'pino';
import { Settings } from './config/settings';
import { flushLogger } from './common/logging';

/** Set in the environment of the worker that creates the default Space (one process, not N racing). */
export const SETUP_WORKER = 'FLEXIAPI_SETUP_WORKER';

/**
 * APP_WORKERS > 1: this process (the primary, migrations already applied)
 * forks the workers, which share APP_PORT (node:cluster hands connections out
 * in turn). The first one creates the default Space before the others start.
 * A worker that dies is replaced; one that dies before listening stops the
 * start. SIGTERM/SIGINT: each worker drains and writes its pending API key
 * usage (its own shutdown), the primary exits once they all have.
 */
export function runWorkers(settings: Settings, log: Pino): void {
  let stopping = false;
  let listening = 0;
  const fork = (setup: boolean): Worker => {
    const worker = cluster.fork(setup ? { [SETUP_WORKER]: '1' } : {});
    worker.once('listening', () => {
      if (++listening === 1) for (let i = 1; i < settings.workers; i++) fork(false);
      if (listening === settings.workers) log.info({ context: 'Main' }, `${settings.workers} workers listening on port ${settings.port}`);
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      if (listening < settings.workers) return stop(`a worker exited during the start (${signal ?? `exit code ${code}`})`, 1);
      log.warn({ context: 'Main', pid: worker.process.pid }, `Worker exited (${signal ?? `exit code ${code}`}), starting another`);
      fork(false);
    });
    return worker;
  };

  const stop = (why: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ context: 'Main' }, `Stopping on ${why}: the workers finish their requests in flight`);
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined && !w.isDead());
    let left = workers.length;
    const done = () => {
      log.info({ context: 'Main', code }, `Stopped (exit code ${code})`);
      flushLogger(log);
      process.exit(code);
    };
    if (left === 0) return done();
    for (const worker of workers) {
      worker.once('exit', () => --left === 0 && done());
      worker.process.kill('SIGTERM');
    }
  };
  process.once('SIGTERM', () => stop('SIGTERM', 0));
  process.once('SIGINT', () => stop('SIGINT', 0));

  if (settings.metrics.enabled) serveClusterMetrics(settings, log);
  fork(true);
}

/** One /metrics for every worker: the primary asks each for its registry (prom-client over the cluster's IPC) and sums them. */
function serveClusterMetrics(settings: Settings, log: Pino): void {
  const registry = new AggregatorRegistry();
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found\n');
      return;
    }
    registry.clusterMetrics().then(
      (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(req.method === 'HEAD' ? undefined : text),
      (error: Error) => {
        log.warn({ context: 'Metrics' }, `Metrics of the workers not gathered: ${error.message}`);
        res.writeHead(500).end();
      },
    );
  });
  server.unref();
  server.listen(settings.metrics.port, settings.metrics.host, () => {
    log.info({ context: 'Main' }, `Metrics of every worker on http://${settings.metrics.host}:${settings.metrics.port}/metrics`);
  });
}
