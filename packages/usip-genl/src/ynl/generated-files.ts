import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKernelGlue } from './gen-c-kernel.js';
import { generateUapiHeader } from './gen-c-uapi.js';
import { generateTypeScript } from './gen-ts.js';
import { loadSpecFile } from './load.js';

/** One file generated from a spec: where it goes and what it must contain. */
export interface GeneratedFile {
  path: string;
  text: string;
}

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root, from src/ynl of packages/usip-genl. */
export const repoRoot = resolve(here, '../../../..');

/**
 * Everything generated from kernel/usip.yaml, rendered in memory. The gen script writes
 * these; the staleness tests compare them with the committed files.
 */
export function generatedFiles(root = repoRoot): GeneratedFile[] {
  const specPath = join(root, 'kernel/usip.yaml');
  const spec = loadSpecFile(specPath);
  const specName = relative(root, specPath);
  const glue = generateKernelGlue(spec, specName, 'include/uapi/linux/usip.h', 'usip-nl-gen.h');
  return [
    {
      path: join(root, 'kernel/include/uapi/linux/usip.h'),
      text: generateUapiHeader(spec, specName),
    },
    { path: join(root, 'kernel/usip-nl-gen.h'), text: glue.header },
    { path: join(root, 'kernel/usip-nl-gen.c'), text: glue.source },
    {
      path: join(root, 'packages/usip-genl/src/usip/generated/usip.ts'),
      text: generateTypeScript(spec, specName, '../../ynl'),
    },
  ];
}
