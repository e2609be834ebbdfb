import { describeFeatures } from '../../features.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { jsonLine } from '../format/json.js';
import { jsonOption, withClient } from './common.js';

export const pingCommand: Command = {
  name: 'ping',
  summary: 'check that the USIP module answers; show its protocol version and features',
  args: [],
  options: { json: jsonOption },
  run: (ctx, { values }) =>
    withClient(ctx, async (client) => {
      const reply = await client.ping();
      const features = describeFeatures(reply.features);
      if (values.json) {
        ctx.io.out(jsonLine({ ...reply, featureNames: features }));
      } else {
        ctx.io.out(`usip_family: alive, protocol ${reply.protoVersion}`);
        ctx.io.out(`features: ${features.join(', ') || 'none'}`);
      }
      return ExitCode.OK;
    }),
};
