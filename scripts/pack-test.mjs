#!/usr/bin/env node
// For every package under packages/: build, `pnpm pack` (which rewrites workspace: ranges to
// real versions), install the tarball together with its workspace siblings' tarballs into an
// empty folder with npm, then load it with ESM import and CJS require and check its exports.
// For @usip/netlink-core it also opens a real netlink socket, proving the native shim was
// compiled by that install. Ends with "N passed, M failed" (read by scripts/run-tests.mjs).
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const keep = process.argv.includes('--keep'); // leave the temp folder for inspection

/** Export names each package must have (beyond "at least one"), in both module systems. */
const EXPECTED_EXPORTS = {
  '@usip/netlink-core': [
    'MessageBuilder',
    'AttrCursor',
    'NetlinkConnection',
    'NetlinkSocket',
    'NetlinkError',
  ],
};

/** Extra behaviour checks run inside the install folder: [label, module kind, code]. */
const SMOKE = {
  '@usip/netlink-core': [
    [
      'native shim built: a NETLINK_GENERIC socket opens (CJS)',
      'cjs',
      `const { NetlinkSocket } = require('@usip/netlink-core');
       const s = new NetlinkSocket({ protocol: 16 });
       if (!(s.portId > 0)) throw new Error('no port id');
       s.close();`,
    ],
    [
      'native shim built: a NETLINK_GENERIC socket opens (ESM)',
      'esm',
      `import { NetlinkSocket } from '@usip/netlink-core';
       const s = new NetlinkSocket({ protocol: 16 });
       if (!(s.portId > 0)) throw new Error('no port id');
       s.close();`,
    ],
  ],
};

let passed = 0;
let failed = 0;
function check(label, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label}${!ok && detail ? `\n${detail.trim()}` : ''}`);
  return ok;
}

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ?? ''}` };
}

function nodeEval(kind, code, cwd) {
  const args = kind === 'esm' ? ['--input-type=module', '-e', code] : ['-e', code];
  return run(process.execPath, args, cwd);
}

const work = mkdtempSync(join(tmpdir(), 'usip-pack-test-'));
const tarballDir = join(work, 'tarballs');
mkdirSync(tarballDir);

const packages = readdirSync(join(root, 'packages'))
  .map((name) => join(root, 'packages', name))
  .filter((dir) => existsSync(join(dir, 'package.json')))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) }))
  .filter(({ manifest }) => !manifest.private);
const byName = new Map(packages.map((p) => [p.manifest.name, p]));

// 1. Build and pack every package first: installs need their siblings' tarballs.
for (const p of packages) {
  const { name } = p.manifest;
  if (p.manifest.scripts?.build) {
    const build = run('pnpm', ['--dir', p.dir, 'run', 'build'], root);
    if (!check(`${name}: builds`, build.ok, build.output)) continue;
  }
  const before = new Set(readdirSync(tarballDir));
  const pack = run('pnpm', ['--dir', p.dir, 'pack', '--pack-destination', tarballDir], root);
  const created = readdirSync(tarballDir).filter((f) => !before.has(f));
  if (check(`${name}: pnpm pack`, pack.ok && created.length === 1, pack.output))
    p.tarball = join(tarballDir, created[0]);
}

/** The package's tarball and those of every workspace package it depends on, transitively. */
function tarballsFor(p, seen = new Set()) {
  if (seen.has(p.manifest.name)) return [];
  seen.add(p.manifest.name);
  const siblings = Object.keys(p.manifest.dependencies ?? {})
    .map((dep) => byName.get(dep))
    .filter(Boolean);
  return [p.tarball, ...siblings.flatMap((s) => tarballsFor(s, seen))];
}

// 2. Install each into an empty folder and load it both ways.
for (const p of packages) {
  const { name } = p.manifest;
  const tarballs = tarballsFor(p);
  if (tarballs.some((t) => !t)) {
    check(`${name}: install (a tarball is missing)`, false);
    continue;
  }
  const project = join(work, name.replace(/[@/]/g, '_'));
  mkdirSync(project);
  writeFileSync(
    join(project, 'package.json'),
    // npm >= 11 skips dependencies' install scripts unless allowed: the shim must be compiled.
    JSON.stringify({
      name: 'pack-test',
      version: '1.0.0',
      private: true,
      allowScripts: { '@usip/netlink-core': true },
    }),
  );
  const install = run('npm', ['install', '--no-audit', '--no-fund', ...tarballs], project);
  if (
    !check(
      `${name}: npm install of the tarball(s) into an empty folder`,
      install.ok,
      install.output,
    )
  )
    continue;

  const esm = nodeEval(
    'esm',
    `const m = await import('${name}'); console.log(JSON.stringify(Object.keys(m)));`,
    project,
  );
  const cjs = nodeEval(
    'cjs',
    `console.log(JSON.stringify(Object.keys(require('${name}'))));`,
    project,
  );
  const esmNames = esm.ok
    ? JSON.parse(esm.output.trim().split('\n').at(-1)).filter((k) => k !== 'default')
    : [];
  const cjsNames = cjs.ok ? JSON.parse(cjs.output.trim().split('\n').at(-1)) : [];
  check(`${name}: ESM import has exports`, esm.ok && esmNames.length > 0, esm.output);
  check(`${name}: CJS require has exports`, cjs.ok && cjsNames.length > 0, cjs.output);
  const missingInCjs = esmNames.filter((n) => !cjsNames.includes(n));
  check(
    `${name}: ESM and CJS export the same names`,
    missingInCjs.length === 0,
    `missing in CJS: ${missingInCjs.join(', ')}`,
  );
  const expected = EXPECTED_EXPORTS[name] ?? [];
  const missing = expected.filter((n) => !esmNames.includes(n) || !cjsNames.includes(n));
  if (expected.length)
    check(
      `${name}: exports ${expected.join(', ')}`,
      missing.length === 0,
      `missing: ${missing.join(', ')}`,
    );
  for (const [label, kind, code] of SMOKE[name] ?? []) {
    const smoke = nodeEval(kind, code, project);
    check(`${name}: ${label}`, smoke.ok, smoke.output);
  }
}

if (keep) console.log(`kept ${work}`);
else rmSync(work, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
