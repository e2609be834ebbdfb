// enospc-listener (the prototype's test-notify-2) against enospc-trigger (test-enospc).
import t from 'tap';
import { listenAndTrigger, mountScratch, umount } from '../helpers/guest.js';

t.test('enospc-listener prints the event enospc-trigger raises', async (t) => {
  const dir = mountScratch();
  t.teardown(() => umount(dir));
  const { listened, triggered } = await listenAndTrigger(
    'enospc-listener',
    /listener \d+ registered/,
    'enospc-trigger',
    [dir],
  );
  t.equal(triggered?.code, 0, triggered?.stderr ?? '');
  t.match(triggered?.stdout, `TEST_ENOSPC sent for ${dir}`);
  t.equal(listened.code, 0, listened.stderr);
  t.match(
    listened.stdout,
    new RegExp(`^ENOSPC on ${dir} \\(usip-example\\): inode \\d+, pid \\d+/\\d+, uid 0$`, 'm'),
  );
});
