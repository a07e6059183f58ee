import { Injectable } from '@nestjs/common';
import { createConnection } from 'node:net';
import { InjectSettings } from '../config/settings.module';
import { Settings } from '../config/settings';
import { isCompleteAnswer } from './daemon-protocol';

/** The daemon's answers are a few lines: anything longer is not one. */
const ANSWER_MAX_BYTES = 64 * 1024;
/** After its answer, how long the daemon may take to close our connection (it polls every 50 ms). */
const LINGER_MS = 1000;
/** Between attempts while another client holds the daemon. */
const RETRY_MS = 50;

/** The complete answer, or why there is none. */
export type DaemonReply = { answer: string } | { failure: string };

type Attempt = DaemonReply | { busy: true };

/**
 * One command over the daemon's unix socket (`--pipe`), one answer. The
 * daemon serves one client at a time and drops any other that connects
 * meanwhile, unread: commands of this process wait for the previous one's
 * connection to close, and a connection dropped before any answer (another
 * process's command was running) is tried again. Everything, waiting
 * included, ends by APP_LINPHONE_DAEMON_TIMEOUT_SECONDS.
 */
@Injectable()
export class LinphoneDaemon {
  private readonly path: string;
  private readonly timeoutMs: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(@InjectSettings() settings: Settings) {
    this.path = settings.linphoneDaemonUnixPath;
    this.timeoutMs = settings.linphoneDaemonTimeoutSeconds * 1000;
  }

  async send(command: string): Promise<DaemonReply> {
    const deadline = Date.now() + this.timeoutMs;
    const previous = this.tail;
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    this.tail = previous.then(() => mine);
    if (!(await before(previous, deadline))) {
      release();
      return { failure: 'no answer in time (an earlier command was still running)' };
    }
    for (;;) {
      const { attempt, closed } = talk(this.path, command, deadline);
      const outcome = await attempt;
      if (!('busy' in outcome)) {
        void closed.then(release);
        return outcome;
      }
      await closed;
      if (Date.now() + RETRY_MS >= deadline) {
        release();
        return { failure: 'the daemon closed the connection without answering' };
      }
      await sleep(RETRY_MS);
    }
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether `promise` settles before the deadline. */
async function before(promise: Promise<void>, deadline: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()))));
  try {
    return await Promise.race([promise.then(() => true as const), late]);
  } finally {
    clearTimeout(timer);
  }
}

/** One connection: the command, then its answer; `closed` once the daemon let the connection go. */
function talk(path: string, command: string, deadline: number): { attempt: Promise<Attempt>; closed: Promise<void> } {
  const socket = createConnection(path);
  const chunks: Buffer[] = [];
  let received = 0;
  let settle!: (outcome: Attempt) => void;
  let settled = false;
  const attempt = new Promise<Attempt>((resolve) => (settle = resolve));
  const finish = (outcome: Attempt) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    settle(outcome);
  };
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const timer = setTimeout(
    () => {
      finish({ failure: received ? 'the answer was not complete in time' : 'no answer in time' });
      socket.destroy();
    },
    Math.max(0, deadline - Date.now()),
  );

  socket.once('connect', () => socket.write(command));
  socket.on('data', (chunk: Buffer) => {
    if (settled) return;
    chunks.push(chunk);
    received += chunk.length;
    if (received > ANSWER_MAX_BYTES) {
      finish({ failure: 'the answer was too long' });
      socket.destroy();
      return;
    }
    const text = Buffer.concat(chunks).toString('utf8');
    if (!isCompleteAnswer(text)) return;
    finish({ answer: text });
    // our end of the conversation: the daemon then closes its side and takes its next client
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
  socket.on('error', (error: NodeJS.ErrnoException) => {
    const dropped = received === 0 && (error.code === 'ECONNRESET' || error.code === 'EPIPE');
    finish(dropped ? { busy: true } : { failure: `cannot talk to it (${error.code ?? error.message})` });
  });
  socket.on('close', () => finish(received === 0 ? { busy: true } : { failure: 'it closed the connection in the middle of its answer' }));
  return { attempt, closed };
}
