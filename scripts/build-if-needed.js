// Builds dist/ when it is missing or older than a source file, so `npm start` works on a fresh clone.
const { existsSync, statSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const { execFileSync } = require('node:child_process');

function newest(dir) {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

const root = join(__dirname, '..');
const marker = join(root, 'dist', 'main.js');
const sources = join(root, 'src');
// an image or package carries dist/ without src/: nothing to build from, dist is what runs
const stale = existsSync(sources) && (!existsSync(marker) || statSync(marker).mtimeMs < newest(sources));
if (stale) {
  // on stderr: `npm run cli` and `env:example` keep their stdout for their own output
  process.stderr.write(
    `Building dist/ from src/ (${existsSync(marker) ? 'sources changed' : 'first start'}), this takes about a minute…\n`,
  );
  execFileSync(process.execPath, [join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
}
