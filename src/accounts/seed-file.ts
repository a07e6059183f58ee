import { existsSync, readFileSync } from 'node:fs';
import { ConsoleError } from '../common/console-command';
import { SeedRow } from '../account-core/accounts-maintenance.repository';

/**
 * The reference's `accounts:seed <json-file>`: an array of
 * `{"type": "account", …}` and `{"type": "range", …}` elements (console.md).
 */
export function readSeedFile(path: string): Iterable<SeedRow> {
  if (!existsSync(path)) throw new ConsoleError("The JSON file doesn't exists");
  let elements: unknown;
  try {
    elements = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ConsoleError('Malformed JSON file');
  }
  if (!Array.isArray(elements)) throw new ConsoleError('Malformed JSON file');
  // every element is checked before anything is written; ranges are expanded lazily
  const parts = elements.map((element, index): Iterable<SeedRow> => {
    if (typeof element !== 'object' || element === null) throw invalid(index, 'not an object');
    const e = element as Record<string, unknown>;
    if (e.type === 'account') return [account(e, index)];
    if (e.type === 'range') return range(e, index);
    throw invalid(index, 'type must be "account" or "range"');
  });
  return (function* () {
    for (const part of parts) yield* part;
  })();
}

function account(e: Record<string, unknown>, index: number): SeedRow {
  const passwords = e.passwords === undefined ? [] : e.passwords;
  if (!Array.isArray(passwords)) throw invalid(index, 'passwords must be an array');
  return {
    ...common(e, index),
    id: integer(e.id, index, 'id'),
    username: text(e.username, index, 'username'),
    passwords: passwords.map((p: Record<string, unknown>) => ({
      hash: text(p?.hash, index, 'passwords.hash'),
      algorithm: text(p?.algorithm, index, 'passwords.algorithm'),
    })),
  };
}

function range(e: Record<string, unknown>, index: number): Iterable<SeedRow> {
  const id = text(typeof e.id === 'number' ? String(e.id) : e.id, index, 'id');
  const username = text(e.username, index, 'username');
  const iteration = integer(e.iteration, index, 'iteration');
  const idStart = integer(e.idStart, index, 'idStart');
  const usernameStart = integer(e.usernameStart, index, 'usernameStart');
  const shared = common(e, index);
  integer(id.split('%id%').join(String(idStart)), index, 'id');
  return (function* () {
    for (let i = 0; i < iteration; i++) {
      yield {
        ...shared,
        id: integer(id.split('%id%').join(String(idStart + i)), index, 'id'),
        username: username.split('%usernamePostfix%').join(String(usernameStart + i)),
        passwords: [{ hash: 'secret', algorithm: 'CLRTXT' }],
      };
    }
  })();
}

function common(e: Record<string, unknown>, index: number): Pick<SeedRow, 'domain' | 'phone' | 'activated' | 'confirmation_key'> {
  /* eslint-disable @typescript-eslint/no-base-to-string -- JSON numbers are taken as their text */
  return {
    domain: text(e.domain, index, 'domain'),
    phone: e.phone == null ? null : String(e.phone),
    activated: e.activated === undefined ? true : Boolean(e.activated),
    confirmation_key: e.confirmation_key == null ? null : String(e.confirmation_key),
  };
  /* eslint-enable @typescript-eslint/no-base-to-string */
}

function text(value: unknown, index: number, field: string): string {
  if (typeof value !== 'string' || value === '') throw invalid(index, `${field} is required`);
  return value;
}

function integer(value: unknown, index: number, field: string): number {
  const number = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) throw invalid(index, `${field} must be a whole number`);
  return number;
}

const invalid = (index: number, reason: string): ConsoleError => new ConsoleError(`Malformed JSON file: element ${index}, ${reason}`);
