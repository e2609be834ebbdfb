/**
 * Regenerate every file derived from a YNL spec: `pnpm --dir packages/usip-genl run gen`.
 * With --check, writes nothing and exits 1 if any generated file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { generatedFiles } from '../src/ynl/generated-files.js';

const check = process.argv.includes('--check');
let stale = 0;
for (const file of generatedFiles()) {
  let current: string | undefined;
  try {
    current = readFileSync(file.path, 'utf8');
  } catch {
    current = undefined;
  }
  if (current === file.text) continue;
  if (check) {
    console.error(`stale: ${file.path}`);
    stale++;
  } else {
    writeFileSync(file.path, file.text);
    console.log(`wrote ${file.path}`);
  }
}
process.exit(stale > 0 ? 1 : 0);
