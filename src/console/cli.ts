import 'reflect-metadata';
import { CommandFactory } from 'nest-commander';
import { loadSettings } from '../config/load-settings';
import { SettingsError } from '../config/settings';
import { migrate } from '../database/migrate';
import { SpacesService } from '../spaces/spaces.service';
import { COMMAND_NAMES, oneLine } from '../common/console-command';
import { ConsoleModule } from './console.module';

/**
 * `npm run cli -- <command> [args]`: the console, on the server's settings and
 * database. Prints only the commands' own lines; exit 0 on success, else 1
 * with a one-line reason on stderr.
 */
async function main(): Promise<void> {
  process.env.TZ = 'UTC';
  // nothing but the commands' lines on stdout (CLI_LOG_LEVEL to debug)
  process.env.LOG_LEVEL = process.env.CLI_LOG_LEVEL ?? 'silent';

  const args = process.argv.slice(2);
  const name = args[0];
  const wantsHelp = name === undefined || name === 'help' || args.includes('-h') || args.includes('--help');
  if (name !== undefined && !name.startsWith('-') && name !== 'help' && !COMMAND_NAMES.has(name)) {
    fail(`Command "${name}" is not defined.`);
    return;
  }
  const isCommand = !wantsHelp;

  const settings = loadSettings();
  // the help touches no database
  if (wantsHelp) settings.db = { ...settings.db, connection: 'sqlite', database: ':memory:' };
  // pending migrations first (idempotent), as `npm start` does; a fresh MySQL schema is created here
  const applied = isCommand ? await migrate(settings, (line) => process.stdout.write(`${line}\n`)) : [];

  const app = await CommandFactory.createWithoutRunning(ConsoleModule.forRoot(settings, applied), {
    logger: false,
    abortOnError: false,
    cliName: 'npm run cli --',
    serviceErrorHandler: (error) => fail(oneLine(error)),
    outputConfiguration: {
      // commander's own errors (missing argument, unknown option) on one line
      outputError: (text, write) => write(`${oneLine(text)}\n`),
    },
  });
  try {
    // like the server's start: the default Space of a fresh install
    if (isCommand) await app.get(SpacesService).ensureDefault(settings.sipDomain, settings.defaultHost);
    await CommandFactory.runApplication(app);
  } finally {
    await app.close();
  }
}

function fail(reason: string): void {
  process.stderr.write(`${reason}\n`);
  process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    fail(error instanceof SettingsError ? `Invalid setting: ${error.message}` : oneLine(error));
  })
  .finally(() => process.exit(process.exitCode ?? 0));
