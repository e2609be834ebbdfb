import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The API: ESM + CJS + types, dependencies left to the package manager.
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node20',
  },
  {
    // The `usip` command as one file: zod, yaml and usip-genl bundled in, because loading their
    // hundreds of modules dominates a short command's start-up (seconds on a slow disk or 9p).
    // netlink-core stays external: it loads its native addon from its own directory.
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    noExternal: ['@usip/usip-genl', 'zod', 'yaml'],
    // yaml is CommonJS: give the ESM bundle a require() for its built-in modules.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    sourcemap: true,
    target: 'node20',
  },
]);
