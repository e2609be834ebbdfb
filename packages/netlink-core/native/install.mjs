#!/usr/bin/env node
// Builds the socket shim with node-gyp when the package is installed. node-gyp ships with npm
// (and pnpm); we only find it, point it at the local Node headers when they exist (no download
// needed), and explain clearly what is missing when there is no C toolchain.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function onPath(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' }).status === 0;
}

function fail(message) {
  console.error(`@usip/netlink-core: cannot build the native socket shim: ${message}`);
  process.exit(1);
}

const missing = ['cc', 'make', 'python3'].filter((tool) => !onPath(tool));
if (missing.length > 0)
  fail(
    `missing ${missing.join(', ')}. Install a C compiler, make and Python 3 ` +
      '(Debian/Ubuntu: apt-get install build-essential python3), then reinstall.',
  );

/** The node-gyp the package manager told us about, else npm's bundled copy, else PATH. */
function nodeGypCommand() {
  const fromEnv = process.env.npm_config_node_gyp;
  if (fromEnv && existsSync(fromEnv)) return [process.execPath, fromEnv];
  const prefix = dirname(dirname(process.execPath));
  const bundled = join(prefix, 'lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js');
  if (existsSync(bundled)) return [process.execPath, bundled];
  if (onPath('node-gyp')) return ['node-gyp'];
  return fail('node-gyp not found (it ships with npm; install npm or run `npm i -g node-gyp`).');
}

/** Local headers of this very Node (e.g. /usr/include/node) spare node-gyp a download. */
function localNodeDir() {
  const prefix = dirname(dirname(process.execPath));
  const versionHeader = join(prefix, 'include/node/node_version.h');
  if (!existsSync(versionHeader) || !existsSync(join(prefix, 'include/node/common.gypi')))
    return null;
  const text = readFileSync(versionHeader, 'utf8');
  const part = (name) => new RegExp(`#define ${name} (\\d+)`).exec(text)?.[1];
  const version = `v${part('NODE_MAJOR_VERSION')}.${part('NODE_MINOR_VERSION')}.${part('NODE_PATCH_VERSION')}`;
  return version === process.version ? prefix : null;
}

const [command, ...prefixArgs] = nodeGypCommand();
const args = [...prefixArgs, 'rebuild', `--directory=${here}`];
const nodeDir = localNodeDir();
if (nodeDir) args.push(`--nodedir=${nodeDir}`);
const result = spawnSync(command, args, { stdio: 'inherit' });
if (result.status !== 0) fail(`node-gyp exited with status ${result.status ?? result.signal}.`);
