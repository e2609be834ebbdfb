#!/usr/bin/env node
// Installs the comparison baseline (the `netlink` npm package) into bench/node_modules, apart
// from the workspace so it never enters the published package's dependencies. Idempotent.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
if (!existsSync(join(here, 'node_modules', 'netlink', 'package.json'))) {
  const npm = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--silent'], {
    cwd: here,
    stdio: 'inherit',
  });
  if (npm.status !== 0)
    console.error('bench: could not install the `netlink` npm package; comparing without it');
}
