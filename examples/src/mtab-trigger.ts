// Port of the prototype's mount-table trigger: ask the module to raise a synthetic mount-table
// event (TEST_MTAB; test_commands=1, CAP_SYS_ADMIN).
//   pnpm run mtab-trigger [mount|umount|move|attr] [mount-id]
import { UsipClient } from '@usip/usip-client';

const action = (process.argv[2] ?? 'mount') as 'mount' | 'umount' | 'move' | 'attr';
const mountId = process.argv[3] === undefined ? undefined : Number(process.argv[3]);
await using client = await UsipClient.open();
await client.testMtab(mountId === undefined ? { action } : { action, mountId });
console.log(`TEST_MTAB ${action} sent`);
