import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { formatFamilies } from '../format/families.js';
import { jsonLine } from '../format/json.js';
import { jsonOption } from './common.js';

export const familiesCommand: Command = {
  name: 'families',
  summary: 'list every generic netlink family of the running kernel (like `genl ctrl list`)',
  args: [],
  options: { json: jsonOption },
  details: "Needs no USIP module: it asks the kernel's nlctrl family.",
  run: async (ctx, { values }) => {
    const families = await ctx.listFamilies();
    if (values.json) for (const f of families) ctx.io.out(jsonLine(f));
    else ctx.io.out(formatFamilies(families));
    return ExitCode.OK;
  },
};
