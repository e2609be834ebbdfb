import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { jsonLine } from '../format/json.js';
import { formatMountDetail } from '../format/mounts.js';
import { jsonOption, withClient } from './common.js';

/** A decimal number is a mount id; anything else is a path. */
export function parseMountRef(text: string): number | string {
  return /^\d+$/.test(text) ? Number(text) : text;
}

export const mountCommand: Command = {
  name: 'mount',
  summary: 'show one mount, by mount id or by a path inside it',
  args: ['<id|path>'],
  options: { json: jsonOption },
  run: (ctx, { values, positionals }) =>
    withClient(ctx, async (client) => {
      const { seq, mount } = await client.mount(parseMountRef(positionals[0]!));
      ctx.io.out(values.json ? jsonLine({ seq, mount }) : formatMountDetail(mount, seq));
      return ExitCode.OK;
    }),
};
