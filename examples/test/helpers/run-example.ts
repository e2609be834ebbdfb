// Runs an example as `pnpm run NAME` would (node + tsx), collecting its output; optionally waits
// for a line on stderr (the example's "ready" message) before calling `whenReady`.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const examplesDir = fileURLToPath(new URL('../..', import.meta.url));

export interface ExampleRun {
  code: number | null;
  /** The signal that ended the process, if one did. */
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function startExample(
  name: string,
  args: string[] = [],
  options: { wrap?: string[]; readyPattern?: RegExp; whenReady?: () => void | Promise<void> } = {},
): { child: ChildProcess; done: Promise<ExampleRun> } {
  const command = [
    ...(options.wrap ?? []),
    process.execPath,
    '--import',
    'tsx',
    `src/${name}.ts`,
    ...args,
  ];
  const child = spawn(command[0]!, command.slice(1), {
    cwd: examplesDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let ready = false;
  child.stdout!.on('data', (d) => {
    stdout += d;
  });
  child.stderr!.on('data', (d) => {
    stderr += d;
    if (!ready && options.readyPattern?.test(stderr)) {
      ready = true;
      void options.whenReady?.();
    }
  });
  const done = new Promise<ExampleRun>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { child, done };
}

export function runExample(
  name: string,
  args: string[] = [],
  wrap?: string[],
): Promise<ExampleRun> {
  return startExample(name, args, wrap ? { wrap } : {}).done;
}
