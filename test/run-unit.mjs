// Runs every unit test (test/unit/**/*.test.ts) with Node's own test runner; TypeScript is
// loaded through tsx. Node 20's `--test` takes no globs, so the files are listed here.
// Usage: node test/run-unit.mjs [name-filter]
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function findTests(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(path);
    return entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

// The runner's tests start real workers from dist/worker.js: build first (about a second).
const build = spawnSync(process.execPath, ['esbuild.mjs'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const filter = process.argv[2] ?? '';
const files = findTests('test/unit').filter((f) => f.includes(filter)).sort();
if (files.length === 0) {
  console.error(`no unit tests match "${filter}"`);
  process.exit(1);
}
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
