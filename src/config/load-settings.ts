import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, resolve } from 'node:path';
import * as dotenv from 'dotenv';
import { checkAppKey, parseSettings, Settings } from './settings';

export const APP_KEY_FILE = './data/app.key';

/** The environment with `.env` under it (the real environment wins). */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env };
  if (existsSync(envFile)) {
    const fromFile = dotenv.parse(readFileSync(envFile));
    for (const [key, value] of Object.entries(fromFile)) {
      if (merged[key] === undefined) merged[key] = value;
    }
  }
  return merged;
}

/** Reads `.env` (without overriding the real environment) then parses. */
export function loadSettings(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Settings {
  const settings = parseSettings(readEnvironment(env, envFile));
  if (!settings.appKey) settings.appKey = checkAppKey(readOrCreateAppKey(APP_KEY_FILE), `APP_KEY (from ${APP_KEY_FILE})`);
  return settings;
}

/** APP_KEY is generated once and kept, so the DIGEST opaque survives restarts. */
function readOrCreateAppKey(file: string): string {
  const path = resolve(file);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  mkdirSync(dirname(path), { recursive: true });
  const key = `base64:${randomBytes(32).toString('base64')}`;
  writeFileSync(path, key + '\n', { mode: 0o600 });
  return key;
}
