// The examples that need the USIP module, run as programs in the guest: each listener example is
// started, the matching trigger example raises the event, and the listener must print it.
import { readFileSync } from 'node:fs';
import { UsipClient } from '@usip/usip-client';
import t from 'tap';
import { runExample, startExample } from '../helpers/run-example.js';

const rootMountId = readFileSync('/proc/self/mountinfo', 'utf8').split(' ')[0]!;

/** Starts `listener`, runs `trigger` once it is registered, and returns the listener's run. */
async function listenAndTrigger(
  listener: string,
  listenerArgs: string[],
  ready: RegExp,
  trigger: string,
  triggerArgs: string[],
) {
  let triggered: Promise<{ code: number | null; stdout: string; stderr: string }> | undefined;
  const { done } = startExample(listener, ['--count', '1', '--timeout', '180', ...listenerArgs], {
    readyPattern: ready,
    whenReady: () => {
      triggered = runExample(trigger, triggerArgs);
    },
  });
  const listened = await done;
  return { listened, triggered: await triggered };
}

t.test('enospc-listener prints the event enospc-trigger raises', async (t) => {
  const { listened, triggered } = await listenAndTrigger(
    'enospc-listener',
    [],
    /listener \d+ registered/,
    'enospc-trigger',
    ['/tmp'],
  );
  t.equal(triggered?.code, 0, triggered?.stderr ?? '');
  t.match(triggered?.stdout, 'TEST_ENOSPC sent for /tmp');
  t.equal(listened.code, 0, listened.stderr);
  t.match(
    listened.stdout,
    new RegExp(`^ENOSPC on /tmp \\(.*\\): inode \\d+, pid ${'\\d+'}/\\d+, uid 0$`, 'm'),
  );
});

t.test('mtab-listener prints the change mtab-trigger raises', async (t) => {
  const { listened, triggered } = await listenAndTrigger(
    'mtab-listener',
    [],
    /listener \d+ registered/,
    'mtab-trigger',
    ['attr', rootMountId],
  );
  t.equal(triggered?.code, 0, triggered?.stderr ?? '');
  t.equal(listened.code, 0, listened.stderr);
  t.match(listened.stdout, new RegExp(`^ATTR mount ${rootMountId} \\S+ \\(seq \\d+\\)$`, 'm'));
});

t.test('live-table follows a change', async (t) => {
  // The trigger comes from this process (mtab-trigger already ran above): one node start less.
  const client = await UsipClient.open();
  t.teardown(() => client.close());
  let ready = false;
  const { done } = startExample('live-table', ['--count', '1', '--timeout', '180'], {
    readyPattern: /live-table: \d+ mounts at seq \d+/,
    whenReady: () => {
      ready = true;
    },
  });
  let finished = false;
  void done.then(() => {
    finished = true;
  });
  while (!finished) {
    if (ready) await client.testMtab({ action: 'attr', mountId: Number(rootMountId) });
    await new Promise((r) => setTimeout(r, 1000));
  }
  const listened = await done;
  t.equal(listened.code, 0, listened.stderr);
  t.match(listened.stdout, new RegExp(`^attr #${rootMountId} seq \\d+: now \\d+ mounts$`, 'm'));
});
