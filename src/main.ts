import cluster from 'node:cluster';
import { setFlagsFromString } from 'node:v8';
import { AggregatorRegistry } from 'prom-client';
import { runWorkers, SETUP_WORKER } from './cluster';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { unusedPhpSettings } from './config/declarations';
import { loadSettings, readEnvironment } from './config/load-settings';
import { Settings, SettingsError } from './config/settings';
import { readTlsFiles, TlsFiles } from './config/tls-files';
import { migrate } from './database/migrate';
import { whenDatabaseReachable } from './database/connect-retry';
import { SpacesService } from './spaces/spaces.service';
import { createLogger, flushLogger, PINO } from './common/logging';
import type { Logger as Pino } from 'pino';
import { metrics } from './metrics/metrics';
import { serveMetrics } from './metrics/install';
import { databaseLine, migrationsLine, version } from './start-lines';

/**
 * The old generation grows by half its live size between full collections,
 * not up to 4x (V8's throughput default): a request's short-lived objects
 * promoted under load are collected before they cost ~100 MB of resident
 * memory (issue 9). Read at every collection, so it can be set at run time.
 */
setFlagsFromString('--heap-growing-percent=50');

async function main(): Promise<void> {
  const env = readEnvironment();
  const settings = loadSettings(env);
  // the logger reads LOG_LEVEL from the environment: a level given in .env applies too
  process.env.LOG_LEVEL = settings.logLevel;
  // a worker of APP_WORKERS: the primary has checked the settings and migrated
  if (cluster.isWorker) return serve(settings, readTlsFiles(settings), undefined, process.env[SETUP_WORKER] === '1');
  const unused = unusedPhpSettings(env);
  if (unused.length > 0)
    new Logger('Settings').warn(`Settings of the PHP service that this service does not use, ignored: ${unused.join(', ')}`);
  // a wrong certificate stops the start before any migration
  const tls = readTlsFiles(settings);
  const logger = new Logger('Database');
  const applied = await whenDatabaseReachable(
    settings,
    () => migrate(settings),
    (line) => logger.warn(line),
  );
  if (settings.workers <= 1) return serve(settings, tls, applied, true);
  const pino = createLogger();
  pino.info({ context: 'Main' }, `FlexiAPI ${version()} on Node.js ${process.version}, ${settings.workers} workers (APP_WORKERS)`);
  pino.info({ context: 'Main' }, databaseLine(settings));
  pino.info({ context: 'Main' }, migrationsLine(applied));
  if (!settings.sharedState.redis) {
    pino.warn(
      { context: 'Main' },
      'REDIS_SHARED_STATE is off: each worker counts rate limits on its own, and sees Space changes made by another after APP_SPACE_CACHE_SECONDS',
    );
  }
  runWorkers(settings, pino);
}

/** One HTTP server: the only process, or a worker (no start lines then but its own, no metrics listener of its own). */
async function serve(settings: Settings, tls: TlsFiles | undefined, applied: string[] | undefined, setup: boolean): Promise<void> {
  const app = await createApp(settings, tls);
  // one line per fact, instead of Nest's line per module and route (common/logging.ts)
  const main = new Logger('Main');
  if (applied) {
    main.log(`FlexiAPI ${version()} on Node.js ${process.version}`);
    main.log(databaseLine(settings));
    main.log(migrationsLine(applied));
  }
  if (setup) {
    const created = await app.get(SpacesService).ensureDefault(settings.sipDomain, settings.defaultHost);
    main.log(
      created
        ? `Default Space created: domain ${created.domain}, Host ${created.host}`
        : 'Default Space: none created, the database has its Spaces',
    );
  }
  if (metrics && cluster.isWorker) {
    // the primary serves the sum of every worker's (cluster.ts); constructing one makes this worker answer its requests
    new AggregatorRegistry();
    AggregatorRegistry.setRegistries([metrics.registry]);
  } else if (metrics) {
    await serveMetrics(metrics, settings.metrics.host, settings.metrics.port);
    main.log(`Metrics on http://${hostPort(settings.metrics.host, settings.metrics.port)}/metrics`);
  }
  await app.listen(settings.port, '0.0.0.0');
  const protocols = tls ? 'HTTPS, HTTP/2 and HTTP/1.1' : 'HTTP/1.1';
  const who = cluster.isWorker ? `Worker ${cluster.worker!.id} (pid ${process.pid}) listening` : 'Listening';
  main.log(`${who} on ${tls ? 'https' : 'http'}://0.0.0.0:${settings.port} (${protocols})`);
  // shutdown exits once everything is closed (bootstrap.ts): the last line says so
  const pino = app.get<Pino>(PINO);
  process.once('exit', (code) => {
    pino.info({ context: 'Main', code }, `Stopped (exit code ${code})`);
    flushLogger(pino);
  });
}

const hostPort = (host: string, port: number): string => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

main().catch((error: unknown) => {
  // a bad setting stops the start with one line naming the variable
  if (error instanceof SettingsError) process.stderr.write(`Invalid setting: ${error.message}\n`);
  else process.stderr.write(`Start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
