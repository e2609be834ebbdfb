// Port of the prototype's test-enospc.c: ask the module to raise a synthetic ENOSPC event for a
// path (TEST_ENOSPC; module parameter test_commands=1, CAP_SYS_ADMIN).
//   pnpm run enospc-trigger /mnt/small
import { UsipClient } from '@usip/usip-client';

const path = process.argv[2] ?? '/';
await using client = await UsipClient.open();
await client.testEnospc(path);
console.log(`TEST_ENOSPC sent for ${path}`);
