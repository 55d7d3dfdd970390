// `npm start` on a fresh clone: build first when dist/ is missing or older than src/. Where the Nest CLI
// is not installed (an image without dev dependencies), the dist/ that is there is used as it is.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');
const entry = join(root, 'dist', 'main.js');

function newestIn(directory) {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let cli = null;
try {
  cli = createRequire(join(root, 'package.json')).resolve('@nestjs/cli/bin/nest.js');
} catch {
  // no dev dependencies
}
const stale = !existsSync(entry) || statSync(entry).mtimeMs < newestIn(join(root, 'src'));
if (stale && cli) {
  console.log('claimflow: building (dist/ is missing or older than src/)');
  execFileSync(process.execPath, [cli, 'build'], { cwd: root, stdio: 'inherit' });
} else if (!existsSync(entry)) {
  console.error('claimflow: dist/main.js is missing and the Nest CLI is not installed; run `npm ci && npm run build`');
  process.exit(1);
}
