#!/usr/bin/env node
// Stands in for flexisip_pusher in tests. Appends its arguments, as one JSON
// array per line, to the file named by FAKE_PUSHER_RECORD; echoes them on
// stderr; then exits with the code asked, or never exits (with a child of its
// own, which must be killed too). What to do: the content of the file named
// by FAKE_PUSHER_MODE_FILE when it exists (`hang` or an exit code), else
// FAKE_PUSHER_HANG=1 or FAKE_PUSHER_EXIT (default 0).
// FAKE_PUSHER_SLEEP_MS: wait that long before exiting. FAKE_PUSHER_LIVE_DIR:
// holds a `<pid>.alive` file while this process lives, and each run appends to
// its `seen.log` how many were alive when it started (itself included).
const { appendFileSync, readdirSync, readFileSync, unlinkSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { spawn } = require('node:child_process');

const live = process.env.FAKE_PUSHER_LIVE_DIR;
if (live) {
  const mine = join(live, `${process.pid}.alive`);
  writeFileSync(mine, '');
  process.on('exit', () => unlinkSync(mine));
  appendFileSync(join(live, 'seen.log'), `${readdirSync(live).filter((name) => name.endsWith('.alive')).length}\n`);
}

const args = process.argv.slice(2);
if (process.env.FAKE_PUSHER_RECORD) appendFileSync(process.env.FAKE_PUSHER_RECORD, JSON.stringify(args) + '\n');
process.stdout.write(`fake pusher: ${args.length} arguments\n`);
process.stderr.write(`fake pusher got: ${args.join(' ')}\n`);

let mode = process.env.FAKE_PUSHER_HANG === '1' ? 'hang' : (process.env.FAKE_PUSHER_EXIT ?? '0');
try {
  if (process.env.FAKE_PUSHER_MODE_FILE) mode = readFileSync(process.env.FAKE_PUSHER_MODE_FILE, 'utf8').trim();
} catch {
  // no mode file: the environment's
}
if (mode === 'hang') {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'inherit' });
  if (process.env.FAKE_PUSHER_PIDS) appendFileSync(process.env.FAKE_PUSHER_PIDS, `${process.pid} ${child.pid}\n`);
  setInterval(() => {}, 1 << 30);
} else {
  process.exitCode = Number(mode);
  const sleep = Number(process.env.FAKE_PUSHER_SLEEP_MS ?? 0);
  if (sleep > 0) setTimeout(() => {}, sleep);
}
