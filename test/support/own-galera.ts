import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './app';
import { OwnServer } from './own-server';

/** Where Debian's galera-4 puts the provider. */
export const GALERA_PROVIDER = '/usr/lib/galera/libgalera_smm.so';

interface NodePorts {
  sql: number;
  /** group communication (gmcast.listen_addr) */
  galera: number;
  /** incremental state transfer (ist.recv_addr) */
  ist: number;
  /** state snapshot transfer (rsync daemon of wsrep_sst_rsync) */
  sst: number;
}

/**
 * One node of an OwnGalera cluster: a mariadbd of the test's own (data folder,
 * ports and socket in a temporary directory), as test/support/own-mariadb.ts.
 */
export class GaleraNode {
  private server?: OwnServer;

  constructor(
    readonly name: string,
    readonly dir: string,
    readonly ports: NodePorts,
    /** gcomm://… of every node */
    private readonly cluster: string,
    /** pc.weight: the node that must keep quorum alone weighs more */
    private readonly weight: number,
  ) {}

  env(): Record<string, string> {
    return { DB_CONNECTION: 'mysql', DB_HOST: '127.0.0.1', DB_PORT: String(this.ports.sql), DB_USERNAME: 'root', DB_PASSWORD: '' };
  }

  running(): boolean {
    return this.server?.running() ?? false;
  }

  /**
   * Starts mariadbd and waits until it is Synced with the cluster and accepts
   * connections: `bootstrap` forms a new cluster (--wsrep-new-cluster); else it
   * joins the other node, by SST on an empty data folder, by IST after a kill.
   */
  async start(options: { bootstrap?: boolean; timeoutMs?: number } = {}): Promise<void> {
    const data = join(this.dir, 'data');
    mkdirSync(data, { recursive: true });
    // wsrep_sst_rsync's receiving rsync daemon runs as nobody when started by root: it must write here
    chmodSync(this.dir, 0o755);
    chmodSync(data, 0o777);
    const provider = [
      `gmcast.listen_addr=tcp://127.0.0.1:${this.ports.galera}`,
      `ist.recv_addr=127.0.0.1:${this.ports.ist}`,
      `pc.weight=${this.weight}`,
      'gcache.size=64M',
      // a killed peer is noticed in seconds, not the default 5 + 15
      'evs.keepalive_period=PT0.5S',
      'evs.suspect_timeout=PT2S',
      'evs.inactive_timeout=PT4S',
      'evs.inactive_check_period=PT0.5S',
      'evs.install_timeout=PT4S',
    ].join(';');
    const args = [
      '--no-defaults',
      `--datadir=${data}`,
      `--socket=${join(this.dir, 'mariadb.sock')}`,
      `--pid-file=${join(this.dir, 'mariadb.pid')}`,
      `--port=${this.ports.sql}`,
      '--bind-address=127.0.0.1',
      '--user=root',
      '--skip-name-resolve',
      '--performance-schema=OFF',
      '--innodb-buffer-pool-size=32M',
      '--innodb-flush-log-at-trx-commit=1',
      '--skip-log-bin',
      // what Galera requires of every node
      '--binlog-format=ROW',
      '--default-storage-engine=InnoDB',
      '--innodb-autoinc-lock-mode=2',
      '--wsrep-on=ON',
      `--wsrep-provider=${GALERA_PROVIDER}`,
      `--wsrep-provider-options=${provider}`,
      '--wsrep-cluster-name=flexiapi-test',
      `--wsrep-cluster-address=${this.cluster}`,
      `--wsrep-node-name=${this.name}`,
      `--wsrep-node-address=127.0.0.1:${this.ports.galera}`,
      `--wsrep-node-incoming-address=127.0.0.1:${this.ports.sql}`,
      '--wsrep-sst-method=rsync',
      `--wsrep-sst-receive-address=127.0.0.1:${this.ports.sst}`,
      '--wsrep-slave-threads=2',
      // reads wait until the node applied every write the cluster committed before them: a write acknowledged by one instance is read by the other (docs/scaling.md)
      '--wsrep-sync-wait=1',
    ];
    // after a crash the saved position is -1: recover it from InnoDB (as galera_recovery does), so that the node rejoins by IST
    const position = crashed(data) ? await recoveredPosition(args) : undefined;
    this.server = await OwnServer.start(
      '/usr/sbin/mariadbd',
      [...args, ...(position ? [`--wsrep-start-position=${position}`] : []), ...(options.bootstrap ? ['--wsrep-new-cluster'] : [])],
      {
        name: `${this.name}: mariadbd`,
        port: this.ports.sql,
        // 'Synced' comes after 'ready for connections' on a joiner that needed a transfer
        ready: (log) => log.includes('ready for connections') && /WSREP: (Server|Shifting) .*(SYNCED|Synced)/.test(log),
        timeoutMs: options.timeoutMs ?? 90_000,
        pollMs: 50,
      },
    );
  }

  signal(signal: 'SIGSTOP' | 'SIGCONT'): void {
    this.server?.signal(signal);
  }

  /** SIGKILL (a crash: no goodbye to the cluster), then waits until the port is closed. */
  async kill(): Promise<void> {
    await this.server?.kill();
  }

  /** SIGTERM: leaves the cluster cleanly. */
  async stop(): Promise<void> {
    await this.server?.stop();
  }

  /** The output of the server started last. */
  output(): string {
    return this.server?.output() ?? '';
  }
}

/**
 * A two-node Galera cluster of the test's own: node 1 bootstraps it on a
 * fresh data folder, node 2 joins it with an empty one (SST by rsync). Node 1
 * weighs 2 (pc.weight), so it keeps quorum alone when node 2 is killed; node
 * 2 alone is not primary. Root logs in without a password on both.
 */
export class OwnGalera {
  private constructor(
    readonly dir: string,
    readonly nodes: [GaleraNode, GaleraNode],
  ) {}

  static available(): boolean {
    return existsSync(GALERA_PROVIDER) && existsSync('/usr/bin/wsrep_sst_rsync');
  }

  static async install(): Promise<OwnGalera> {
    const dir = mkdtempSync(join(tmpdir(), 'flexiapi-galera-'));
    chmodSync(dir, 0o755);
    const ports: NodePorts[] = [];
    // freePort closes its listener: take all eight before anything listens
    const taken = new Set<number>();
    for (let i = 0; i < 2; i++) {
      const next = async () => {
        for (;;) {
          const port = await freePort();
          if (!taken.has(port)) return (taken.add(port), port);
        }
      };
      ports.push({ sql: await next(), galera: await next(), ist: await next(), sst: await next() });
    }
    const address = `gcomm://${ports.map((p) => `127.0.0.1:${p.galera}`).join(',')}`;
    const nodes = ports.map((p, i) => new GaleraNode(`node${i + 1}`, join(dir, `node${i + 1}`), p, address, i === 0 ? 2 : 1)) as [
      GaleraNode,
      GaleraNode,
    ];
    mkdirSync(join(nodes[0].dir, 'data'), { recursive: true });
    await promisify(execFile)('mariadb-install-db', [
      '--no-defaults',
      `--datadir=${join(nodes[0].dir, 'data')}`,
      '--user=root',
      '--auth-root-authentication-method=normal',
      '--skip-test-db',
    ]);
    return new OwnGalera(dir, nodes);
  }

  /** Bootstraps node 1, then node 2 joins by SST; resolves once both are Synced. */
  async start(): Promise<void> {
    await this.nodes[0].start({ bootstrap: true });
    await this.nodes[1].start();
  }

  async stop(): Promise<void> {
    // the joiner first, so that the last one standing is the bootstrap node
    await this.nodes[1].stop();
    await this.nodes[0].stop();
  }

  async remove(): Promise<void> {
    for (const node of this.nodes) await node.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** grastate.dat says the node did not stop cleanly (seqno -1). */
function crashed(data: string): boolean {
  const file = join(data, 'grastate.dat');
  return existsSync(file) && /^seqno:\s+-1\s*$/m.test(readFileSync(file, 'utf8'));
}

/** `mariadbd --wsrep-recover`: the last committed position in InnoDB, `uuid:seqno`. */
async function recoveredPosition(args: string[]): Promise<string | undefined> {
  const { stderr } = await promisify(execFile)('/usr/sbin/mariadbd', [...args, '--wsrep-recover']).catch((e: { stderr?: string }) => ({
    stderr: e.stderr ?? '',
  }));
  return /WSREP: Recovered position: (\S+:-?\d+)/.exec(stderr)?.[1];
}

/** For describeWith (test/support/system-packages.ts): the Galera provider and rsync SST. */
export const GALERA = {
  what: `the Galera provider (${GALERA_PROVIDER}) and wsrep_sst_rsync with rsync`,
  debian: 'galera-4 rsync',
  available: () => OwnGalera.available() && existsSync('/usr/bin/rsync'),
};
