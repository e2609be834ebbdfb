// Shared by the guest tests of the module-dependent examples.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ExampleRun, runExample, startExample } from './run-example.js';

/** The id of the first mount of /proc/self/mountinfo (the root as this process sees it). */
export const rootMountId = Number(readFileSync('/proc/self/mountinfo', 'utf8').split(' ')[0]);

/** A fresh directory with a small tmpfs on it, so events name a mount point of their own. */
export function mountScratch(): string {
  const dir = mkdtempSync(join(tmpdir(), 'usip-example-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'usip-example', dir]);
  return dir;
}

export function umount(dir: string): void {
  execFileSync('umount', [dir]);
}

/** Starts `listener --count 1`, runs `trigger` once it is registered; returns both runs. */
export async function listenAndTrigger(
  listener: string,
  ready: RegExp,
  trigger: string,
  triggerArgs: string[],
): Promise<{ listened: ExampleRun; triggered: ExampleRun | undefined }> {
  for (let attempt = 1; ; attempt++) {
    let triggered: Promise<ExampleRun> | undefined;
    const { done } = startExample(listener, ['--count', '1', '--timeout', '200'], {
      readyPattern: ready,
      whenReady: () => {
        triggered = runTriggerOnce(trigger, triggerArgs);
      },
    });
    const listened = await done;
    // Once (6.12 guest, under emulation) the listener died by a signal before it registered,
    // with no output. Say so loudly and try once more; a second death fails the test.
    if (!triggered && listened.signal && attempt === 1) {
      console.error(`${listener} died by ${listened.signal} before registering; retrying once`);
      continue;
    }
    return { listened, triggered: await triggered };
  }
}

/**
 * Runs the trigger; if it dies by a signal with no output (seen under emulation in full guest
 * runs, cause not found: no oops, no kernel warning), says so loudly and runs it once more. The
 * listener is still waiting for its one event; a second death fails the test.
 */
async function runTriggerOnce(trigger: string, args: string[]): Promise<ExampleRun> {
  const first = await runExample(trigger, args);
  if (!first.signal) return first;
  console.error(
    `${trigger} died by ${first.signal} (stdout ${JSON.stringify(first.stdout)}, stderr ${JSON.stringify(first.stderr)}); running it once more`,
  );
  return runExample(trigger, args);
}
