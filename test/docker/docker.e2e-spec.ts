import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, normalize, resolve } from 'node:path';
import { SETTING_DECLARATIONS } from '../../src/config/declarations';
import { freePort, sleep } from '../support/app';

/**
 * The Docker files, checked without a Docker daemon (none on CI machines):
 * the Dockerfile's and compose file's structure, every path they copy, every
 * container command the README gives, and the image's /app layout rebuilt in
 * a temporary folder from the Dockerfile's COPY lines, where `npm run cli`
 * and the HEALTHCHECK are run for real. What this cannot see: the base
 * images themselves, the build's network, and Docker's own behaviour.
 */
const ROOT = resolve(__dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
// js-yaml comes with jest (istanbul); no types of its own here
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load(text: string): unknown };

interface Instruction {
  op: string;
  args: string;
  stage: number;
}

/** The Dockerfile's instructions (continuations joined, comments dropped), each with its stage's index. */
function instructions(text: string): Instruction[] {
  const joined = text.replace(/\\\n/g, ' ');
  const out: Instruction[] = [];
  let stage = -1;
  for (const line of joined.split('\n')) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const [, op, args] = /^(\S+)\s*(.*)$/.exec(trimmed)!;
    if (op.toUpperCase() === 'FROM') stage++;
    out.push({ op: op.toUpperCase(), args, stage });
  }
  return out;
}

interface Copy {
  from?: string;
  sources: string[];
  dest: string;
  stage: number;
}

function copies(all: Instruction[]): Copy[] {
  return all
    .filter((i) => i.op === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const flags = words.filter((w) => w.startsWith('--'));
      const paths = words.filter((w) => !w.startsWith('--'));
      const from = flags.find((f) => f.startsWith('--from='))?.slice('--from='.length);
      return { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1], stage: i.stage };
    });
}

/** Docker's .dockerignore: the last matching pattern decides, `!` re-includes, a folder's exclusion covers its content. */
function dockerIgnored(path: string, patterns: string[]): boolean {
  const toRegex = (glob: string) =>
    new RegExp(
      '^' +
        glob
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*/g, '\u0000')
          .replace(/\*/g, '[^/]*')
          .replace(/\?/g, '[^/]')
          // eslint-disable-next-line no-control-regex -- NUL stands for `**` while `*` is replaced
          .replace(/\u0000/g, '.*') +
        '$',
    );
  const parts = normalize(path).split('/');
  let ignored = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    const re = toRegex(normalize(negated ? pattern.slice(1) : pattern).replace(/\/$/, ''));
    for (let i = 1; i <= parts.length; i++) {
      if (re.test(parts.slice(0, i).join('/'))) {
        ignored = !negated;
        break;
      }
    }
  }
  return ignored;
}

const dockerignore = read('.dockerignore')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const dockerfile = instructions(read('docker/Dockerfile'));
const finalStage = Math.max(...dockerfile.map((i) => i.stage));
const inFinal = (op: string) => dockerfile.filter((i) => i.op === op && i.stage === finalStage);
const allCopies = copies(dockerfile);
const WORKDIR = inFinal('WORKDIR')[0]?.args;
const pkg = JSON.parse(read('package.json')) as { engines: { node: string }; scripts: Record<string, string> };

/** Where a build-stage path comes from: copied in from the context, or made by one of its RUN lines. */
function madeInBuildStage(stageName: string, path: string): boolean {
  const from = dockerfile.find((i) => i.op === 'FROM' && new RegExp(`\\bAS\\s+${stageName}$`, 'i').test(i.args));
  if (!from) return false;
  const runs = dockerfile.filter((i) => i.stage === from.stage && i.op === 'RUN').map((i) => i.args);
  const rel = path.replace(/^\/app\//, '');
  if (rel === 'node_modules') return runs.some((r) => /\bnpm ci\b/.test(r));
  if (rel === 'dist') return runs.some((r) => /\bnpm run build\b/.test(r)) && pkg.scripts.build === 'nest build';
  return allCopies.some((c) => c.stage === from.stage && !c.from && c.sources.some((s) => s === rel || rel.startsWith(`${s}/`)));
}

/** The paths of /app in the final image, relative to it, as its COPY lines make them. */
const imagePaths: string[] = allCopies
  .filter((c) => c.stage === finalStage)
  .flatMap((c) =>
    c.sources.map((s) => {
      const base = c.from ? s.replace(/^\/app\//, '') : s;
      // `COPY a b ./` keeps the names; `COPY dir ./dir` names the destination
      return c.dest.endsWith('/') ? base.split('/').pop()! : normalize(c.dest.replace(/^\/app\//, ''));
    }),
  );

/** A file the image has: copied as such, or compiled into dist/ from src/. */
function inImage(path: string): boolean {
  const rel = normalize(path);
  if (!imagePaths.some((p) => rel === p || rel.startsWith(`${p}/`))) return false;
  if (rel.startsWith('dist/')) return existsSync(join(ROOT, 'src', rel.slice('dist/'.length).replace(/\.js$/, '.ts')));
  return rel === 'node_modules' || rel.startsWith('node_modules/') || existsSync(join(ROOT, rel));
}

/** The files a package.json script runs with node. */
const nodeFilesOf = (script: string) => [...script.matchAll(/\bnode\s+(?:--\S+\s+)*(\S+\.js)\b/g)].map((m) => m[1]);

interface Compose {
  services: Record<string, Record<string, unknown> & { environment?: Record<string, string> }>;
}
const compose = yaml.load(read('docker/docker-compose.yml')) as Compose;
/** `${NAME:-default}` as compose reads it with NAME unset. */
const interpolated = (value: unknown) => String(value).replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

describe('docker/Dockerfile', () => {
  it('is multi-stage on a maintained Node LTS bookworm image that package.json engines allows', () => {
    const froms = dockerfile.filter((i) => i.op === 'FROM').map((i) => i.args);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    const majors = froms.map((f) => /^node:(\d+)-bookworm(-slim)?\b/.exec(f)?.[1]);
    expect(majors.every((m) => m !== undefined)).toBe(true);
    expect(new Set(majors).size).toBe(1);
    const major = Number(majors[0]);
    // an LTS line is even; 20 reached its end of life in April 2026
    expect(major % 2).toBe(0);
    expect(major).toBeGreaterThanOrEqual(22);
    expect(froms[froms.length - 1]).toMatch(/^node:\d+-bookworm-slim$/);
    const minimum = /^>=\s*(\d+)/.exec(pkg.engines.node)?.[1];
    expect(minimum).toBeDefined();
    expect(major).toBeGreaterThanOrEqual(Number(minimum));
  });

  it('copies from the build context only paths that exist and that .dockerignore lets through', () => {
    const fromContext = allCopies.filter((c) => !c.from).flatMap((c) => c.sources);
    expect(fromContext.length).toBeGreaterThan(0);
    for (const source of fromContext) {
      expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
      expect([source, dockerIgnored(source, dockerignore)]).toEqual([source, false]);
    }
    // what must never reach the context
    for (const secret of ['.env', 'data/app.key', 'node_modules/x', '.git/config', 'dist/main.js']) {
      expect([secret, dockerIgnored(secret, dockerignore)]).toEqual([secret, true]);
    }
  });

  it('copies from the build stage only what that stage copied in or made', () => {
    const fromBuild = allCopies.filter((c) => c.from);
    expect(fromBuild.length).toBeGreaterThan(0);
    for (const c of fromBuild) for (const s of c.sources) expect([s, madeInBuildStage(c.from!, s)]).toEqual([s, true]);
  });

  it('runs as a non-root user that owns the data folder, with a HEALTHCHECK on /health', () => {
    const users = inFinal('USER').map((i) => i.args);
    expect(users.length).toBeGreaterThan(0);
    expect(['root', '0', '0:0']).not.toContain(users[users.length - 1]);
    const last = dockerfile.filter((i) => i.stage === finalStage);
    expect(last.findIndex((i) => i.op === 'USER')).toBeLessThan(last.findIndex((i) => i.op === 'CMD'));
    expect(inFinal('VOLUME').map((i) => i.args)).toEqual(['["/app/data"]']);
    expect(inFinal('RUN').some((i) => i.args.includes(`chown ${users[users.length - 1]}:`) && i.args.includes('/app/data'))).toBe(true);

    const healthchecks = inFinal('HEALTHCHECK');
    expect(healthchecks).toHaveLength(1);
    const command = JSON.parse(/CMD\s+(\[.*\])$/.exec(healthchecks[0].args)![1]) as string[];
    expect(command[0]).toBe('node');
    expect(inImage(command[1])).toBe(true);
    expect(read(command[1])).toContain("path: '/health'");
  });

  it('starts dist/main.js, and has what `npm run cli` runs', () => {
    expect(WORKDIR).toBe('/app');
    const cmd = JSON.parse(inFinal('CMD')[0].args) as string[];
    expect(cmd[0]).toBe('node');
    expect(inImage(cmd[cmd.length - 1])).toBe(true);
    expect(cmd[cmd.length - 1]).toBe('dist/main.js');
    expect(inImage('package.json')).toBe(true);
    const files = nodeFilesOf(pkg.scripts.cli);
    expect(files).toEqual(['scripts/build-if-needed.js', 'dist/console/cli.js']);
    for (const file of files) expect([file, inImage(file)]).toEqual([file, true]);
  });
});

describe('docker/docker-compose.yml', () => {
  const { services } = compose;

  it('parses, builds the Dockerfile, and restarts every service unless stopped', () => {
    expect(Object.keys(services).sort()).toEqual(['flexiapi', 'mariadb', 'redis']);
    const build = services.flexiapi.build as { context: string; dockerfile: string };
    const context = resolve(ROOT, 'docker', build.context);
    expect(context).toBe(ROOT);
    expect(existsSync(join(context, build.dockerfile))).toBe(true);
    for (const [name, service] of Object.entries(services)) expect([name, service.restart]).toEqual([name, 'unless-stopped']);
  });

  it('has healthchecks for MariaDB and Redis, and the service waits until both are healthy', () => {
    for (const name of ['mariadb', 'redis']) {
      const test = (services[name].healthcheck as { test: string[] }).test;
      expect(test[0]).toBe('CMD');
      expect(test.length).toBeGreaterThan(1);
    }
    expect(services.flexiapi.depends_on).toEqual({ mariadb: { condition: 'service_healthy' }, redis: { condition: 'service_healthy' } });
  });

  it("gives the service only settings it declares, pointing at the stack's MariaDB and Redis", () => {
    const env = Object.fromEntries(Object.entries(services.flexiapi.environment!).map(([k, v]) => [k, interpolated(v)]));
    const declared = new Set(SETTING_DECLARATIONS.map((s) => s.name));
    expect(Object.keys(env).filter((k) => !declared.has(k))).toEqual([]);
    expect(env.DB_CONNECTION).toBe('mysql');
    expect(services[env.DB_HOST]).toBeDefined();
    expect(services[env.REDIS_HOST]).toBeDefined();
    const db = Object.fromEntries(Object.entries(services.mariadb.environment!).map(([k, v]) => [k, interpolated(v)]));
    expect([env.DB_DATABASE, env.DB_USERNAME, env.DB_PASSWORD]).toEqual([db.MARIADB_DATABASE, db.MARIADB_USER, db.MARIADB_PASSWORD]);
  });

  it("publishes the image's port and keeps its data volume", () => {
    const port = /APP_PORT=(\d+)/.exec(
      inFinal('ENV')
        .map((i) => i.args)
        .join(' '),
    )![1];
    expect(inFinal('EXPOSE').map((i) => i.args)).toEqual([port]);
    expect(services.flexiapi.ports).toEqual([`${port}:${port}`]);
    expect((services.flexiapi.volumes as string[]).map((v) => v.split(':')[1])).toEqual(['/app/data']);
  });
});

describe("the README's Docker commands", () => {
  const lines = read('README.md')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^docker (compose|build)\b/.test(l));

  it('name files that exist, services of the compose file, and commands the image has', () => {
    expect(lines.length).toBeGreaterThanOrEqual(3);
    let execs = 0;
    for (const line of lines) {
      const words = line.replace(/\s+#.*$/, '').split(/\s+/);
      const file = words[words.indexOf('-f') + 1];
      expect([line, existsSync(join(ROOT, file))]).toEqual([line, true]);
      const exec = words.indexOf('exec');
      if (exec < 0) continue;
      execs++;
      const [service, ...command] = words.slice(exec + 1);
      expect([line, services(service)]).toEqual([line, true]);
      // `npm run <script> -- …`: the script and every file it runs are in the image
      expect(command.slice(0, 2)).toEqual(['npm', 'run']);
      const script = pkg.scripts[command[2]];
      expect([line, script !== undefined]).toEqual([line, true]);
      for (const f of nodeFilesOf(script)) expect([line, f, inImage(f)]).toEqual([line, f, true]);
    }
    expect(execs).toBeGreaterThan(0);
  });

  const services = (name: string) => compose.services[name] !== undefined;
});

/** The final image's /app, rebuilt from its COPY lines out of this checkout (built by `npm test`). */
function assembleImage(): string {
  const app = mkdtempSync(join(tmpdir(), 'flexiapi-image-'));
  for (const c of allCopies.filter((x) => x.stage === finalStage)) {
    for (const s of c.sources) {
      const rel = c.from ? s.replace(/^\/app\//, '') : s;
      const target = join(app, c.dest.endsWith('/') ? rel.split('/').pop()! : c.dest.replace(/^\/app\//, ''));
      mkdirSync(dirname(target), { recursive: true });
      // the big folders by link (the build stage's equivalents), the rest as copies
      if (rel === 'node_modules' || rel === 'dist') symlinkSync(join(ROOT, rel), target);
      else cpSync(join(ROOT, rel), target, { recursive: true });
    }
  }
  mkdirSync(join(app, 'data'));
  return app;
}

describe('the image layout, run for real (SQLite, no Docker)', () => {
  let app: string;
  let server: ChildProcess | undefined;
  beforeAll(() => {
    app = assembleImage();
  });
  afterAll(() => {
    if (server?.exitCode === null) server.kill('SIGKILL');
    rmSync(app, { recursive: true, force: true });
  });
  const env = (port: number) => ({ PATH: process.env.PATH ?? '', HOME: app, APP_PORT: String(port), LOG_LEVEL: 'silent' });

  it('has no src/ to build from, and `npm run cli -- …` works in it', () => {
    expect(existsSync(join(app, 'src'))).toBe(false);
    const run = spawnSync('npm', ['run', '--silent', 'cli', '--', 'spaces:create-update', 'sip.example.org', 'localhost', '--super'], {
      cwd: app,
      env: env(8000),
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect([run.status, run.stderr]).toEqual([0, '']);
    expect(existsSync(join(app, 'data', 'flexiapi.sqlite'))).toBe(true);
  });

  it('the HEALTHCHECK passes on the running service and fails once it is gone', async () => {
    const port = await freePort();
    const healthcheck = () => spawnSync(process.execPath, ['docker/healthcheck.js'], { cwd: app, env: env(port), timeout: 10_000 }).status;
    server = spawn(process.execPath, ['dist/main.js'], { cwd: app, env: env(port), stdio: 'ignore' });
    let status = healthcheck();
    for (let i = 0; i < 100 && status !== 0; i++) {
      await sleep(200);
      status = healthcheck();
    }
    expect(status).toBe(0);
    const exited = new Promise((r) => server!.once('exit', r));
    server.kill('SIGTERM');
    await exited;
    expect(healthcheck()).toBe(1);
  });
});
