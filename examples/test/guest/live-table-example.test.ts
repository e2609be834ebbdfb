// live-table: one dump, then change records; the change comes from this process (TEST_MTAB).
import { UsipClient } from '@usip/usip-client';
import t from 'tap';
import { rootMountId } from '../helpers/guest.js';
import { type ExampleRun, startExample } from '../helpers/run-example.js';

/** Runs live-table until it has seen one change, which this process makes (TEST_MTAB). */
async function followOneChange(client: UsipClient): Promise<ExampleRun> {
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
  return done;
}

t.test('live-table follows a change', async (t) => {
  const client = await UsipClient.open();
  t.teardown(() => client.close());
  let listened = await followOneChange(client);
  // Node processes have died by a signal with no output in full guest runs under emulation
  // (no oops, no kernel warning): say so loudly and run once more; a second death fails.
  if (listened.signal) {
    console.error(`live-table died by ${listened.signal}; running it once more`);
    listened = await followOneChange(client);
  }
  t.equal(listened.code, 0, listened.stderr);
  t.match(listened.stdout, new RegExp(`^attr #${rootMountId} seq \\d+: now \\d+ mounts$`, 'm'));
});
