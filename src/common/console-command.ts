import { Command, CommandMetadata, CommandRunner } from 'nest-commander';

/** A failure the operator can act on: its message is the one line printed on stderr. */
export class ConsoleError extends Error {}

/** Every console command's name and aliases, known before the application is built. */
export const COMMAND_NAMES = new Set<string>();

/** nest-commander's @Command, also recording the name (the CLI refuses unknown names before touching the database). */
export function ConsoleCommand(meta: CommandMetadata): ClassDecorator {
  COMMAND_NAMES.add(meta.name);
  for (const alias of meta.aliases ?? []) COMMAND_NAMES.add(alias);
  return Command(meta) as ClassDecorator;
}

export abstract class BaseCommand extends CommandRunner {
  /** Commands print only their own lines. */
  protected line(text: string): void {
    process.stdout.write(`${text}\n`);
  }
}

/** A whole number ≥ 0 given on the command line, or a clear error naming it. */
export function wholeNumber(value: string | undefined, name: string): number {
  if (value === undefined || !/^\d+$/.test(value.trim())) {
    throw new ConsoleError(`The ${name} must be a whole number, got "${value ?? ''}"`);
  }
  return Number(value.trim());
}

/** One line: what stderr gets for any failure. */
export function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim() || 'Unknown error';
}
