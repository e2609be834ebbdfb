/**
 * Generate code from any YNL spec:
 *   tsx scripts/ynl-gen.ts --spec specs/netdev.yaml [--uapi out.h] [--kernel out-dir]
 *                          [--ts out.ts --ynl-import ../path/to/src/ynl]
 * --kernel writes <name>-nl-gen.c and <name>-nl-gen.h (name = the spec file's base name),
 * including the UAPI header as given by --uapi-include (default: linux/<name>.h).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateKernelGlue } from '../src/ynl/gen-c-kernel.js';
import { generateUapiHeader } from '../src/ynl/gen-c-uapi.js';
import { generateTypeScript } from '../src/ynl/gen-ts.js';
import { loadSpecFile } from '../src/ynl/load.js';

const { values } = parseArgs({
  options: {
    spec: { type: 'string' },
    uapi: { type: 'string' },
    'uapi-include': { type: 'string' },
    kernel: { type: 'string' },
    ts: { type: 'string' },
    'ynl-import': { type: 'string', default: '@usip/usip-genl' },
  },
});
if (!values.spec) {
  console.error('usage: ynl-gen --spec <file.yaml> [--uapi f.h] [--kernel dir] [--ts f.ts]');
  process.exit(2);
}
const spec = loadSpecFile(values.spec);
const name = basename(values.spec).replace(/\.ya?ml$/, '');
const write = (path: string, text: string) => {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  console.log(`wrote ${path}`);
};
if (values.uapi) write(values.uapi, generateUapiHeader(spec, values.spec));
if (values.kernel) {
  const header = `${name}-nl-gen.h`;
  const glue = generateKernelGlue(
    spec,
    values.spec,
    values['uapi-include'] ?? `linux/${name}.h`,
    header,
  );
  write(join(values.kernel, header), glue.header);
  write(join(values.kernel, `${name}-nl-gen.c`), glue.source);
}
if (values.ts) write(values.ts, generateTypeScript(spec, values.spec, values['ynl-import']));
