import type { FsUsage } from '../../model.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { jsonLine } from '../format/json.js';
import { formatDf } from '../format/mounts.js';
import { jsonOption, withClient } from './common.js';

export const dfCommand: Command = {
  name: 'df',
  summary: 'file-system usage (statfs figures) of the file systems holding the paths',
  args: ['<path>...'],
  options: { json: jsonOption },
  run: (ctx, { values, positionals }) =>
    withClient(ctx, async (client) => {
      const rows: { path: string; usage: FsUsage }[] = [];
      for (const path of positionals) {
        const usage = await client.fsUsage(path);
        if (values.json) ctx.io.out(jsonLine({ path, ...usage }));
        rows.push({ path, usage });
      }
      if (!values.json) ctx.io.out(formatDf(rows));
      return ExitCode.OK;
    }),
};
