import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from './app';

export interface RunningDaemon {
  /** its unix socket: `/tmp/<pipe name>` (the daemon always puts it there) */
  path: string;
  /** what it printed (debugging a failure) */
  output(): string;
  /** SIGTERM; the socket file stays behind, as after a crash */
  stop(): Promise<void>;
  /** stop (if still running) and remove its files */
  remove(): Promise<void>;
}

/**
 * Headless: random SIP ports, its chat database in a file of its own (without
 * one, liblinphone 5.1's daemon crashes on `message`), a temporary HOME; with
 * no sound card mediastreamer only logs errors.
 */
const RC = (dir: string) => `[storage]
uri=${join(dir, 'linphone.db')}
[sip]
sip_port=-1
sip_tcp_port=-1
sip_tls_port=-1
[sound]
capture_dev_id=
playback_dev_id=
ringer_dev_id=
`;

/** Can a client connect? (Connects and leaves at once: the daemon then takes its next client.) */
function accepts(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(path, () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Debian's `linphone-daemon` (package linphone-cli) with `--pipe`, ready to take commands. */
export async function startLinphoneDaemon(): Promise<RunningDaemon> {
  const dir = mkdtempSync(join(tmpdir(), 'linphone-daemon-'));
  const rc = join(dir, 'linphonerc');
  writeFileSync(rc, RC(dir));
  const name = `flexiapi-test-${randomBytes(6).toString('hex')}`;
  const path = join('/tmp', name);
  let output = '';
  const child: ChildProcess = spawn('linphone-daemon', ['--pipe', name, '--config', rc], {
    cwd: dir,
    env: { HOME: dir, PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + 20_000;
  while (!(existsSync(path) && (await accepts(path)))) {
    if (child.exitCode !== null) throw new Error(`linphone-daemon exited (${child.exitCode}): ${output}`);
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`linphone-daemon did not open ${path}: ${output}`);
    }
    await sleep(100);
  }
  return {
    path,
    output: () => output,
    stop,
    async remove() {
      await stop();
      rmSync(path, { force: true });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface DaemonStandIn {
  path: string;
  /** the commands received, as sent */
  commands: string[];
  /** the most connections open at once */
  maxConcurrent: number;
  /** how the stand-in treats the next connections */
  behave(handler: (socket: Socket, command: string) => void): void;
  close(): Promise<void>;
}

/**
 * A unix socket server in the daemon's place, for what the real one does not
 * do on demand: never answer, close mid-answer, answer oddly.
 */
export async function startDaemonStandIn(): Promise<DaemonStandIn> {
  const dir = mkdtempSync(join(tmpdir(), 'daemon-stand-in-'));
  const path = join(dir, 'daemon.sock');
  let handler: (socket: Socket, command: string) => void = (socket) => socket.write('Status: Ok\n\nId: 1\n');
  const sockets = new Set<Socket>();
  const standIn: DaemonStandIn = {
    path,
    commands: [],
    maxConcurrent: 0,
    behave: (next) => (handler = next),
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const server = createServer((socket) => {
    sockets.add(socket);
    standIn.maxConcurrent = Math.max(standIn.maxConcurrent, sockets.size);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString();
      if (!received.endsWith('\n')) return;
      standIn.commands.push(received);
      handler(socket, received);
      received = '';
    });
    // the client's end of the conversation: ours too, as the daemon does
    socket.on('end', () => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return standIn;
}
