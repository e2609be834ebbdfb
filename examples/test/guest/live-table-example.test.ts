// live-table: one dump, then change records; the change comes from this process (TEST_MTAB).
import { UsipClient } from '@usip/usip-client';
import t from 'tap';
import { rootMountId } from '../helpers/guest.js';
import { startExample } from '../helpers/run-example.js';

t.test('live-table follows a change', async (t) => {
  const client = await UsipClient.open();
  t.teardown(() => client.close());
  let ready = false;
  let finished = false;
  const { done } = startExample('live-table', ['--count', '1', '--timeout', '200'], {
    readyPattern: /live-table: \d+ mounts at seq \d+/,
    whenReady: () => {
      ready = true;
    },
  });
  void done.then(() => {
    finished = true;
  });
  // Until the example has seen one: it may register a moment after it prints its table size.
  while (!finished) {
    if (ready) await client.testMtab({ action: 'attr', mountId: rootMountId });
    await new Promise((r) => setTimeout(r, 1000));
  }
  const listened = await done;
  t.equal(listened.code, 0, listened.stderr);
  t.match(listened.stdout, new RegExp(`^attr #${rootMountId} seq \\d+: now \\d+ mounts$`, 'm'));
});
