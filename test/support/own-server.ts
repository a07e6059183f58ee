import { ChildProcess, spawn } from 'node:child_process';
import { createConnection } from 'node:net';
import { sleep } from './app';

export interface ServerStart {
  /** for error messages: `redis-server`, `node1: mariadbd` … */
  name: string;
  /** the port it listens on: kill() waits until it is closed */
  port: number;
  /** its output so far says it is ready */
  ready(output: string): boolean;
  timeoutMs: number;
  /** how often the output is looked at */
  pollMs: number;
}

/**
 * A server process of a test's own (own-redis.ts, own-mariadb.ts,
 * own-galera.ts): spawned, its output kept, waited for until it says it is
 * ready; stopped, continued and killed by signals.
 */
export class OwnServer {
  private log = '';

  private constructor(
    private readonly child: ChildProcess,
    private readonly port: number,
  ) {
    child.stdout?.on('data', (chunk) => (this.log += chunk));
    child.stderr?.on('data', (chunk) => (this.log += chunk));
  }

  /**
   * Spawns `command args` and resolves once `ready` holds of its output;
   * throws with the output if it exits, or is not ready in time (then killed).
   */
  static async start(command: string, args: string[], options: ServerStart): Promise<OwnServer> {
    const server = new OwnServer(spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }), options.port);
    const deadline = Date.now() + options.timeoutMs;
    while (!options.ready(server.log)) {
      if (server.child.exitCode !== null) throw new Error(`${options.name} exited (${server.child.exitCode}):\n${server.log}`);
      if (Date.now() > deadline) {
        // the caller never gets it: nothing else would end it
        server.child.kill('SIGKILL');
        throw new Error(`${options.name} was not ready in ${options.timeoutMs} ms:\n${server.log}`);
      }
      await sleep(options.pollMs);
    }
    return server;
  }

  running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  output(): string {
    return this.log;
  }

  /** SIGSTOP: the server keeps its connections and answers nothing; SIGCONT: it goes on. */
  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.child.kill(signal);
  }

  /** SIGKILL (a crash), then waits until the port is closed. */
  async kill(): Promise<void> {
    if (!this.running()) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGCONT');
    this.child.kill('SIGKILL');
    await exited;
    while (await listening(this.port)) await sleep(20);
  }

  /** SIGTERM (a clean stop), SIGKILL after `graceMs`. */
  async stop(graceMs = 30_000): Promise<void> {
    if (!this.running()) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGCONT');
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}
