import { Injectable, Logger } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import { ApiError } from '../common/errors';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { optionLikeValue, parseFirebaseKeysMap, PushNotification, pusherArguments } from './pusher-arguments';
import { metrics } from '../metrics/metrics';

/**
 * How long a push may take: flexisip_pusher makes one HTTPS request to APNs
 * or FCM, and a phone app waits for our answer. Fixed (no setting in the
 * contract); a pusher still running then is killed, with anything it started.
 */
export const PUSHER_TIMEOUT_MS = 5000;
/** Output kept for the log, per stream. */
const OUTPUT_LIMIT = 8 * 1024;
/** The longest a pusher holds its place: a client told to wait this long finds one free. */
export const PUSHER_RETRY_AFTER_SECONDS = Math.ceil(PUSHER_TIMEOUT_MS / 1000);

/** `busy`: APP_FLEXISIP_PUSHER_MAX_PROCESSES pushers were running, none was started. */
export type PushOutcome = 'sent' | 'not sent' | 'busy';

/** The route's 503 for a push that did not go; `Retry-After` when the pushers were all busy. */
export function pushNotSent(message: string, outcome: PushOutcome): ApiError {
  return new ApiError(503, message, outcome === 'busy' ? { 'retry-after': String(PUSHER_RETRY_AFTER_SECONDS) } : {});
}

/**
 * Runs APP_FLEXISIP_PUSHER_PATH with an argument vector and no shell
 * (deviation 6): a value is one argument whatever it holds. Sent means the
 * process exited with code 0 (CONTRACT). At most
 * APP_FLEXISIP_PUSHER_MAX_PROCESSES run at once: past it a push is refused
 * at once (`busy`), never queued, so that requests cannot pile up either.
 */
@Injectable()
export class PusherService {
  private readonly logger = new Logger('Pusher');
  private readonly firebaseKeys: Map<string, string>;
  /** processes started and not yet exited */
  private running = 0;

  constructor(@InjectSettings() private readonly settings: Settings) {
    this.firebaseKeys = parseFirebaseKeysMap(settings.pusherFirebaseKeysMap);
  }

  /** `secrets`: values the pusher's output must not bring to the log (a token in the payload). */
  async send(push: PushNotification, secrets: string[] = []): Promise<PushOutcome> {
    const path = this.settings.pusherPath;
    if (path === '') {
      this.logger.warn('Push not sent: APP_FLEXISIP_PUSHER_PATH is not set');
      return 'not sent';
    }
    // flexisip_pusher has no end-of-options marker: such a value would be read as an option (the DTOs refuse it first)
    if (optionLikeValue(push)) {
      this.logger.warn(`Push not sent (${push.provider}, ${push.type}): a value starts with "-"`);
      return 'not sent';
    }
    if (this.running >= this.settings.pusherMaxProcesses) {
      this.logger.warn(
        `Push not sent (${push.provider}, ${push.type}): ${this.running} pushers running (APP_FLEXISIP_PUSHER_MAX_PROCESSES)`,
      );
      return 'busy';
    }
    const args = pusherArguments(push, this.firebaseKeys);
    const key = push.param === null ? undefined : this.firebaseKeys.get(push.param);
    this.running++;
    const result = await run(path, args, () => this.running--);
    // the pusher may echo what it was given
    const output = redact(`stdout: ${result.stdout.trim()} | stderr: ${result.stderr.trim()}`, [...secrets, key ?? '']);
    this.logger.debug(`flexisip_pusher (${push.provider}, ${push.type}): ${result.outcome}; ${output}`);
    if (!result.sent) this.logger.warn(`Push not sent (${push.provider}, ${push.type}): ${result.outcome}`);
    metrics?.dependencies.inc({ dependency: 'pusher', outcome: result.sent ? 'success' : 'failure' });
    return result.sent ? 'sent' : 'not sent';
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

/**
 * `gone` is called once, when the process no longer exists (exited, killed,
 * or never started): a pusher killed at the timeout holds its place until
 * then, although the request has its answer.
 */
function run(path: string, args: string[], gone: () => void): Promise<RunResult> {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    gone();
  };
  return new Promise((resolve) => {
    const stdout = new Capped();
    const stderr = new Capped();
    let settled = false;
    let child: ChildProcess | undefined;
    // eslint-disable-next-line prefer-const -- finish() reads it, and may run before it is set
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
      release();
      return finish(`could not start (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    child.stdout!.on('data', (chunk: Buffer) => stdout.add(chunk));
    child.stderr!.on('data', (chunk: Buffer) => stderr.add(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      // a process that could not start has no exit
      if (child.pid === undefined) release();
      finish(`could not start (${error.code ?? error.message})`);
    });
    child.on('exit', release);
    child.on('close', (code, signal) => {
      release();
      finish(code !== null ? `exit code ${code}` : `killed by ${signal}`, code === 0);
    });
    timer = setTimeout(() => {
      killGroup(child);
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
