import type { Mount } from '../../model.js';
import type { Command } from '../command.js';
import type { CliIo } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { jsonLine } from '../format/json.js';
import { formatMountTable } from '../format/mounts.js';
import { jsonOption, withClient } from './common.js';

// Redraw the progress line every this many mounts: cheap, yet visibly moving on a large dump.
const PROGRESS_EVERY = 500;

export const mountsCommand: Command = {
  name: 'mounts',
  summary: "list the caller's mount table (a netlink dump, one message per mount)",
  args: [],
  options: { json: jsonOption },
  details: 'On a terminal, a large dump shows its progress on stderr.',
  run: (ctx, { values }) =>
    withClient(ctx, async (client) => {
      const progress = progressReporter(ctx.io);
      const mounts: Mount[] = [];
      for await (const mount of client.mounts({
        onProgress: progress.update,
        signal: ctx.signal,
      })) {
        if (values.json) ctx.io.out(jsonLine(mount));
        else mounts.push(mount);
      }
      progress.done();
      if (!values.json) ctx.io.out(formatMountTable(mounts));
      return ExitCode.OK;
    }),
};

/** Progress on stderr, only when it is a terminal (never in pipes or logs). */
export function progressReporter(io: CliIo) {
  let shown = false;
  return {
    update: (count: number) => {
      if (!io.stderrIsTTY || count % PROGRESS_EVERY !== 0) return;
      shown = true;
      io.progress(`reading mount table: ${count} mounts`);
    },
    done: () => {
      if (shown) io.progress('');
    },
  };
}
