// Start-up time: spawn `node dist/main.js` on an existing database and time
// until the first successful `GET /api/ping`. Usage: node scripts/startup-time.js [runs]
// (SQLite in a temporary folder; the first run creates and migrates it, the next ones reuse it).
const { spawn } = require('node:child_process');
const { mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const MAIN = join(__dirname, '..', 'dist', 'main.js');

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function once(dir) {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [MAIN], {
    cwd: dir,
    env: { PATH: process.env.PATH, APP_PORT: String(port), LOG_LEVEL: 'silent', ...extraEnv() },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (;;) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/ping`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 10));
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  cpu.push(cpuMs(child.pid));
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
  return ms;
}

/** CPU time (user + system) the process has used so far, from /proc (Linux): steadier than wall time on a busy machine. */
const cpu = [];
function cpuMs(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

function extraEnv() {
  return process.env.DB_CONNECTION ? { DB_CONNECTION: process.env.DB_CONNECTION, DB_DATABASE: process.env.DB_DATABASE ?? '' } : {};
}

(async () => {
  const runs = Number(process.argv[2] ?? 4);
  const dir = mkdtempSync(join(tmpdir(), 'flexiapi-startup-'));
  try {
    const first = await once(dir);
    console.log(`first start (creates the database): ${first.toFixed(0)} ms`);
    const times = [];
    for (let i = 0; i < runs; i++) times.push(await once(dir));
    times.sort((a, b) => a - b);
    console.log(
      `existing database, ${runs} runs: ${times.map((t) => t.toFixed(0)).join(', ')} ms (median ${times[Math.floor(runs / 2)].toFixed(0)})`,
    );
    console.log(`CPU time to ready (user + system, first run included): ${cpu.map((t) => t.toFixed(0)).join(', ')} ms`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
})();
