#!/usr/bin/env node
// Runs every bench/*.bench.ts of this package, one process each (one core). Each file is
// bundled with esbuild first (packages stay external), so what runs is plain ESM like the
// published build, not a TypeScript loader's module wrappers.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const dir = new URL('.', import.meta.url).pathname;
const only = process.argv.slice(2);
// Inside node_modules so the bundles resolve this package's dependencies.
mkdirSync(join(dir, '../node_modules/.cache'), { recursive: true });
const out = mkdtempSync(join(dir, '../node_modules/.cache/bench-'));
let failed = 0;
try {
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.bench.ts'))
    .sort()) {
    if (only.length > 0 && !only.some((o) => file.includes(o))) continue;
    console.log(`## ${file}`);
    const bundle = join(out, file.replace(/\.ts$/, '.mjs'));
    await build({
      entryPoints: [join(dir, file)],
      outfile: bundle,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });
    const run = spawnSync(process.execPath, [bundle], { stdio: 'inherit', cwd: dir });
    if (run.status !== 0) failed++;
  }
} finally {
  rmSync(out, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
