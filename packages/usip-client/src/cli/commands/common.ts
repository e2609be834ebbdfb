import type { UsipApi } from '../../api.js';
import type { OptionSpec } from '../command.js';
import type { CliContext } from '../context.js';

export const jsonOption: OptionSpec = {
  type: 'boolean',
  description: 'print JSON (one object per line; 64-bit numbers as decimal strings)',
};

/** Opens a client for the duration of `body` and always closes it. */
export async function withClient<T>(
  ctx: CliContext,
  body: (client: UsipApi) => Promise<T>,
): Promise<T> {
  const client = await ctx.openClient();
  try {
    return await body(client);
  } finally {
    await client.close();
  }
}
