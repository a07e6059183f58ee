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
  await whenDatabaseReachable(settings, () => migrate(settings), (line) => logger.warn(line));
  const app = await createApp(settings, tls);
  await app.get(SpacesService).ensureDefault(settings.sipDomain, settings.defaultHost);
  await app.listen(settings.port, '0.0.0.0');
  const protocols = tls ? 'HTTPS, HTTP/2 and HTTP/1.1' : 'HTTP/1.1';
  new Logger('Main').log(`FlexiAPI listening on port ${settings.port}, ${protocols} (${settings.db.connection})`);
}

main().catch((error: unknown) => {
  // a bad setting stops the start with one line naming the variable
  if (error instanceof SettingsError) process.stderr.write(`Invalid setting: ${error.message}\n`);
  else process.stderr.write(`Start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
