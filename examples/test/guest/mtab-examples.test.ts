// mtab-listener (the prototype's mount-table listener) against mtab-trigger (TEST_MTAB).
import t from 'tap';
import { listenAndTrigger, rootMountId } from '../helpers/guest.js';

t.test('mtab-listener prints the change mtab-trigger raises', async (t) => {
  const { listened, triggered } = await listenAndTrigger(
    'mtab-listener',
    /listener \d+ registered/,
    'mtab-trigger',
    ['attr', String(rootMountId)],
  );
  t.equal(triggered?.code, 0, triggered?.stderr ?? '');
  t.match(triggered?.stdout, 'TEST_MTAB attr sent');
  t.equal(listened.code, 0, listened.stderr);
  t.match(listened.stdout, new RegExp(`^ATTR mount ${rootMountId} \\S+ \\(seq \\d+\\)$`, 'm'));
});
