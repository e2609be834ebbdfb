import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const pkg = fileURLToPath(new URL('../..', import.meta.url));

t.test('ynl-gen turns another family spec into a C header that compiles', async (t) => {
  const out = mkdtempSync(join(tmpdir(), 'ynl-gen-'));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const header = join(out, 'netdev.h');
  execFileSync(
    'node',
    [
      '--import',
      'tsx',
      'scripts/ynl-gen.ts',
      '--spec',
      'specs/netdev.yaml',
      '--uapi',
      header,
      '--ts',
      join(out, 'netdev.ts'),
    ],
    { cwd: pkg },
  );
  const text = readFileSync(header, 'utf8');
  t.match(text, /#define NETDEV_FAMILY_NAME\t"netdev"/);
  t.match(text, /\tNETDEV_A_DEV_XDP_FEATURES,/);
  t.match(text, /\tNETDEV_CMD_DEV_CHANGE_NTF,/);
  t.match(text, /\tNETDEV_XDP_ACT_RX_SG = 32,/);
  // Compiles as C with warnings on (the kernel's own netdev.h has the same numbers).
  execFileSync('gcc', ['-Wall', '-W', '-Werror', '-fsyntax-only', '-x', 'c', header]);
  t.match(readFileSync(join(out, 'netdev.ts'), 'utf8'), /export function decodeDevGetReply\(/);
});
