#!/usr/bin/env node
// The `usip` command. Everything but process wiring lives in main.ts (tested in-process).
import { runCli } from './main.js';
import { processContext } from './real-context.js';

runCli(process.argv.slice(2), processContext()).then((code) => {
  process.exitCode = code;
});
