import { setFlagsFromString } from 'node:v8';
import { Logger } from '@nestjs/common';
import { createApp } from './bootstrap';
import { unusedPhpSettings } from './config/declarations';
import { loadSettings, readEnvironment } from './config/load-settings';
import { SettingsError } from './config/settings';
import { readTlsFiles } from './config/tls-files';
import { migrate } from './database/migrate';
import { whenDatabaseReachable } from './database/connect-retry';
import { SpacesService } from './spaces/spaces.service';
import { flushLogger, PINO } from './common/logging';
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
  const unused = unusedPhpSettings(env);
  if (unused.length > 0) new Logger('Settings').warn(`Settings of the PHP service that this service does not use, ignored: ${unused.join(', ')}`);
  // a wrong certificate stops the start before any migration
  const tls = readTlsFiles(settings);
  const logger = new Logger('Database');
  const applied = await whenDatabaseReachable(settings, () => migrate(settings), (line) => logger.warn(line));
  const app = await createApp(settings, tls);
  // one line per fact, instead of Nest's line per module and route (common/logging.ts)
  const main = new Logger('Main');
  main.log(`FlexiAPI ${version()} on Node.js ${process.version}`);
  main.log(databaseLine(settings));
  main.log(migrationsLine(applied));
  const created = await app.get(SpacesService).ensureDefault(settings.sipDomain, settings.defaultHost);
  main.log(
    created
      ? `Default Space created: domain ${created.domain}, Host ${created.host}`
      : 'Default Space: none created, the database has its Spaces',
  );
  if (metrics) {
    await serveMetrics(metrics, settings.metrics.host, settings.metrics.port);
    main.log(`Metrics on http://${hostPort(settings.metrics.host, settings.metrics.port)}/metrics`);
  }
  await app.listen(settings.port, '0.0.0.0');
  const protocols = tls ? 'HTTPS, HTTP/2 and HTTP/1.1' : 'HTTP/1.1';
  main.log(`Listening on ${tls ? 'https' : 'http'}://0.0.0.0:${settings.port} (${protocols})`);
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
