#!/usr/bin/env node
// `pnpm bench`: runs the "bench" script of every package under packages/ that has one, in
// order, and prints their figures. Benchmarks are not tests: nothing here is counted.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const only = process.argv.slice(2); // optional filters passed on to each package's runner
let failed = 0;
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) continue;
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  if (!pkg.scripts?.bench) continue;
  console.log(`\n# ${pkg.name}`);
  const run = spawnSync('pnpm', ['--dir', dir, 'run', '-s', 'bench', ...only], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed++;
    console.log(`# ${pkg.name}: bench exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed ? 1 : 0);
