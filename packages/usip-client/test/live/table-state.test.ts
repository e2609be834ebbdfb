import t from 'tap';
import { MountTableState } from '../../src/live/table-state.js';
import { makeMount } from '../helpers/model-namespace.js';

const root = makeMount(1, 1, '/');
const a = makeMount(10, 1, '/a');

t.test('applies mount, attr, move and umount records in sequence', async (t) => {
  const state = new MountTableState({ seq: 5n, mounts: [root] });
  t.same(state.apply({ seq: 6n, action: 'mount', mount: a }), { kind: 'applied' });
  const ro = { ...a, mountOptions: 'ro' };
  t.same(state.apply({ seq: 7n, action: 'attr', mount: ro }), { kind: 'applied' });
  t.same(state.get(10), ro);
  const moved = { ...ro, mountPoint: '/b' };
  t.same(state.apply({ seq: 8n, action: 'move', mount: moved }), { kind: 'applied' });
  t.same(state.mounts(), [root, moved], 'a move keeps the mountinfo position');
  t.same(state.apply({ seq: 9n, action: 'umount', mount: { id: 10 } }), { kind: 'applied' });
  t.same(state.mounts(), [root]);
  t.equal(state.seq, 9n);
});

t.test('drops records the table already covers', async (t) => {
  const state = new MountTableState({ seq: 5n, mounts: [root] });
  t.same(state.apply({ seq: 5n, action: 'mount', mount: a }), { kind: 'stale' });
  t.equal(state.size, 1);
});

t.test('refuses a sequence gap without changing anything', async (t) => {
  const state = new MountTableState({ seq: 5n, mounts: [root] });
  t.same(state.apply({ seq: 7n, action: 'mount', mount: a }), {
    kind: 'diverged',
    divergence: { kind: 'gap', expected: 6n, got: 7n },
  });
  t.equal(state.seq, 5n);
  t.equal(state.size, 1);
});

t.test('refuses records about mounts it does not know, or knows already', async (t) => {
  const state = new MountTableState({ seq: 0n, mounts: [root] });
  t.match(state.apply({ seq: 1n, action: 'umount', mount: { id: 99 } }), {
    divergence: { kind: 'unknown-mount', id: 99, action: 'umount' },
  });
  t.match(state.apply({ seq: 1n, action: 'mount', mount: root }), {
    divergence: { kind: 'duplicate-mount', id: 1 },
  });
  t.equal(state.seq, 0n);
});

t.test('replace() reports what a fresh dump added, removed and changed', async (t) => {
  const b = makeMount(11, 1, '/b');
  const state = new MountTableState({ seq: 1n, mounts: [root, a] });
  const bRo = { ...b, mountOptions: 'ro' };
  const aRo = { ...a, mountOptions: 'ro' };
  const diff = state.replace(new MountTableState({ seq: 9n, mounts: [root, aRo, bRo] }));
  t.same(diff, { added: [bRo], removed: [], changed: [aRo] });
  const diff2 = state.replace(new MountTableState({ seq: 10n, mounts: [root] }));
  t.same(diff2, { added: [], removed: [aRo, bRo], changed: [] });
  t.equal(state.seq, 10n);
});

t.test(
  'lenient records (right after a dump) converge whether or not the dump saw them',
  async (t) => {
    const b = makeMount(11, 1, '/b');
    // The dump reported seq 5 but was read after records 6 (mount a) and 7 (umount b) happened.
    const state = new MountTableState({ seq: 5n, mounts: [root, a] });
    t.same(state.apply({ seq: 6n, action: 'mount', mount: a }, { lenient: true }), {
      kind: 'applied',
    });
    t.same(state.apply({ seq: 7n, action: 'umount', mount: { id: b.id } }, { lenient: true }), {
      kind: 'applied',
    });
    t.same(state.mounts(), [root, a]);
    t.match(state.apply({ seq: 9n, action: 'mount', mount: b }, { lenient: true }), {
      divergence: { kind: 'gap' },
    });
  },
);
