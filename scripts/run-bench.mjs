#!/usr/bin/env node
// `pnpm bench`: runs the "bench" script of every package under packages/ that has one, in
// order, then the guest benchmark of the kernel module (kernel/test/bench/run-guest-bench.sh:
// watcher CPU per mount-table change, a mount burst, hook cost; booted under QEMU), and prints
// their figures. Benchmarks are not tests: nothing here is counted.
//   pnpm bench [FILTER...] [--guest 6.1|6.12|both] [--no-guest]
// FILTERs are passed on to each package's runner; the guest bench runs on 6.1 unless told.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

/** Splits our own options from the filters meant for the package runners. */
function parseArgs(args) {
  const options = { guest: '6.1', filters: [] };
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--no-guest') options.guest = undefined;
    else if (args[i] === '--guest') options.guest = args[++i];
    else if (args[i].startsWith('--guest=')) options.guest = args[i].slice('--guest='.length);
    else options.filters.push(args[i]);
  }
  if (options.guest !== undefined && !['6.1', '6.12', 'both'].includes(options.guest)) {
    console.error(`run-bench: --guest takes 6.1, 6.12 or both (got '${options.guest}')`);
    process.exit(2);
  }
  return options;
}

const { guest, filters } = parseArgs(process.argv.slice(2));
let failed = 0;
for (const name of readdirSync(join(root, 'packages')).sort()) {
  const dir = join(root, 'packages', name);
  const manifest = join(dir, 'package.json');
  if (!existsSync(manifest)) continue;
  const pkg = JSON.parse(readFileSync(manifest, 'utf8'));
  if (!pkg.scripts?.bench) continue;
  console.log(`\n# ${pkg.name}`);
  const run = spawnSync('pnpm', ['--dir', dir, 'run', '-s', 'bench', ...filters], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed++;
    console.log(`# ${pkg.name}: bench exited with ${run.status ?? run.signal}`);
  }
}

if (guest !== undefined) {
  console.log(
    `\n# guest bench (kernel/test/bench), Linux ${guest}: takes tens of minutes under TCG`,
  );
  const script = join(root, 'kernel', 'test', 'bench', 'run-guest-bench.sh');
  const run = spawnSync('bash', [script, '--kernel', guest], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed++;
    console.log(`# guest bench: exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed ? 1 : 0);
