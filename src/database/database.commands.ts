import { Inject } from '@nestjs/common';
import { BaseCommand, ConsoleCommand } from '../common/console-command';

/** The names of the migrations the CLI applied before building the application. */
export const APPLIED_MIGRATIONS = Symbol('APPLIED_MIGRATIONS');

@ConsoleCommand({ name: 'db:migrate', description: 'Applies pending migrations (idempotent)' })
export class DbMigrateCommand extends BaseCommand {
  constructor(@Inject(APPLIED_MIGRATIONS) private readonly applied: string[]) {
    super();
  }

  run(): Promise<void> {
    // the migrations ran before the application context was built (a fresh MySQL schema must exist first)
    if (this.applied.length === 0) this.line('Nothing to migrate');
    for (const name of this.applied) this.line(`Migrated: ${name}`);
    return Promise.resolve();
  }
}
