import { Injectable, Logger } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { parseFirebaseKeysMap, PushNotification, pusherArguments } from './pusher-arguments';

/**
 * How long a push may take: flexisip_pusher makes one HTTPS request to APNs
 * or FCM, and a phone app waits for our answer. Fixed (no setting in the
 * contract); a pusher still running then is killed, with anything it started.
 */
export const PUSHER_TIMEOUT_MS = 5000;
/** Output kept for the log, per stream. */
const OUTPUT_LIMIT = 8 * 1024;

/**
 * Runs APP_FLEXISIP_PUSHER_PATH with an argument vector and no shell
 * (deviation 6): a value is one argument whatever it holds. Sent means the
 * process exited with code 0 (CONTRACT).
 */
@Injectable()
export class PusherService {
  private readonly logger = new Logger('Pusher');
  private readonly firebaseKeys: Map<string, string>;

  constructor(@InjectSettings() private readonly settings: Settings) {
    this.firebaseKeys = parseFirebaseKeysMap(settings.pusherFirebaseKeysMap);
  }

  /** `secrets`: values the pusher's output must not bring to the log (a token in the payload). */
  async send(push: PushNotification, secrets: string[] = []): Promise<boolean> {
    const path = this.settings.pusherPath;
    if (path === '') {
      this.logger.warn('Push not sent: APP_FLEXISIP_PUSHER_PATH is not set');
      return false;
    }
    const args = pusherArguments(push, this.firebaseKeys);
    const key = push.param === null ? undefined : this.firebaseKeys.get(push.param);
    const result = await run(path, args);
    // the pusher may echo what it was given
    const output = redact(`stdout: ${result.stdout.trim()} | stderr: ${result.stderr.trim()}`, [...secrets, key ?? '']);
    this.logger.debug(`flexisip_pusher (${push.provider}, ${push.type}): ${result.outcome}; ${output}`);
    if (!result.sent) this.logger.warn(`Push not sent (${push.provider}, ${push.type}): ${result.outcome}`);
    return result.sent;
  }
}

interface RunResult {
  /** exit code 0 */
  sent: boolean;
  /** `exit code N`, `killed by SIGX`, `timed out …`, `could not start (ENOENT)` */
  outcome: string;
  stdout: string;
  stderr: string;
}

function run(path: string, args: string[]): Promise<RunResult> {
  return new Promise((resolve) => {
    const stdout = new Capped();
    const stderr = new Capped();
    let settled = false;
    let child: ChildProcess | undefined;
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: string, sent = false) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ sent, outcome, stdout: stdout.text, stderr: stderr.text });
    };
    try {
      // its own process group, so that a timeout also ends what it started; the
      // service's environment, as the reference's exec() gives it
      child = spawn(path, args, { shell: false, stdio: ['ignore', 'pipe', 'pipe'], detached: true, env: process.env });
    } catch (error) {
      return finish(`could not start (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    child.stdout!.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.add(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => finish(`could not start (${error.code ?? error.message})`));
    child.on('close', (code, signal) => finish(code !== null ? `exit code ${code}` : `killed by ${signal}`, code === 0));
    timer = setTimeout(() => {
      killGroup(child!);
      finish(`timed out after ${PUSHER_TIMEOUT_MS} ms, killed`);
    }, PUSHER_TIMEOUT_MS);
  });
}

function killGroup(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
    child.kill('SIGKILL');
  }
}

class Capped {
  text = '';
  add(chunk: Buffer): void {
    if (this.text.length < OUTPUT_LIMIT) this.text += chunk.toString('utf8').slice(0, OUTPUT_LIMIT - this.text.length);
  }
}

function redact(text: string, secrets: string[]): string {
  return secrets.filter((secret) => secret !== '').reduce((out, secret) => out.split(secret).join('[Redacted]'), text);
}
