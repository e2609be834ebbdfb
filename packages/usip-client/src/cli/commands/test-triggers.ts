import { testMtabSchema } from '../../inputs.js';
import { validate } from '../../notifier.js';
import type { Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { withClient } from './common.js';

const testNote =
  'Needs the module loaded with test_commands=1 and CAP_SYS_ADMIN (exit code 6 / 4 otherwise).';

export const testEnospcCommand: Command = {
  name: 'test enospc',
  summary: 'inject a synthetic "file system full" event for a path (TEST_ENOSPC)',
  args: ['<path>'],
  options: {
    edquot: { type: 'boolean', description: 'report EDQUOT (over quota) instead of ENOSPC' },
  },
  details: testNote,
  run: (ctx, { values, positionals }) =>
    withClient(ctx, async (client) => {
      await client.testEnospc(positionals[0]!, values.edquot ? 'EDQUOT' : 'ENOSPC');
      return ExitCode.OK;
    }),
};

export const testMtabCommand: Command = {
  name: 'test mtab',
  summary: 'inject a synthetic mount-table change (TEST_MTAB)',
  args: [],
  options: {
    action: {
      type: 'string',
      valueName: 'ACTION',
      description: 'mount (default), umount, move or attr',
    },
    'mount-id': { type: 'string', valueName: 'ID', description: 'the mount the change is about' },
  },
  details: testNote,
  run: (ctx, { values }) => {
    const mountId = values['mount-id'];
    const options = validate(
      testMtabSchema,
      {
        action: values.action,
        mountId: typeof mountId === 'string' ? Number(mountId) : undefined,
      },
      'test mtab options',
    );
    return withClient(ctx, async (client) => {
      await client.testMtab(options);
      return ExitCode.OK;
    });
  },
};
