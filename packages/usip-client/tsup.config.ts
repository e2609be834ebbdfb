import { defineConfig } from 'tsup';

export default defineConfig({
  // index: the API; cli: the `usip` command (dist/cli.js keeps its shebang for the bin link).
  entry: { index: 'src/index.ts', cli: 'src/cli/bin.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
});
