import { fileURLToPath } from 'node:url';
import t from 'tap';
import { messages } from '../../src/usip/generated/usip.js';
import { YnlDecodeError, YnlEncodeError } from '../../src/ynl/codec/errors.js';
import { encodeSpecMessage } from '../../src/ynl/codec/genl-message.js';
import { repoRoot } from '../../src/ynl/generated-files.js';
import { SpecFamily } from '../../src/ynl/runtime.js';

const usip = SpecFamily.fromFile(`${repoRoot}/kernel/usip.yaml`);
const nlctrl = SpecFamily.fromFile(
  fileURLToPath(new URL('../../specs/nlctrl.yaml', import.meta.url)),
);

t.test('the run-time driver and the generated bindings write the same bytes', async (t) => {
  const request = { eventFlags: 1, eventNotifiers: [{ type: 1, action: 2, cmd: 6, flags: 1 }] };
  t.same(
    usip.encodeRequest(0x1a, 'event-register', request, { seq: 3 }),
    messages.eventRegisterRequest.encode(0x1a, request, { seq: 3 }),
  );
  const notify = { eventType: 1, eventGroup: 7, eventId: 2, change: { seq: 9n, mount: { id: 4 } } };
  const wire = messages.mtabNotify.encode(0x1a, notify);
  t.same(usip.decodeNotification(wire.subarray(16)), {
    op: 'mtab-notify',
    cmd: 11,
    attrs: notify,
  });
});

t.test('dump requests, enum names, unknown commands', async (t) => {
  const dump = nlctrl.encodeRequest(0x10, 'getfamily', {}, { dump: true, flags: 0x301 });
  t.equal(dump.length, 20, 'a dump request without attributes');
  t.equal(dump[16], 3, 'CTRL_CMD_GETFAMILY');
  t.same(nlctrl.enumNames('op-flags', 0x0e), ['cmd-cap-do', 'cmd-cap-dump', 'cmd-cap-haspol']);
  t.same(usip.enumNames('notify-action', 3), ['umount']);
  t.equal(usip.decodeNotification(Buffer.from([99, 2, 0, 0])), undefined);
  t.throws(() => usip.encodeRequest(0x1a, 'mtab-notify'), /no do-request/);
  t.throws(() => nlctrl.operation('nope'), /no operation "nope"/);
});

t.test('decode errors are typed and name the attribute', async (t) => {
  // CTRL_ATTR_FAMILY_ID is a u16: give it 4 bytes.
  const bad = Buffer.from([1, 2, 0, 0, 8, 0, 1, 0, 0x10, 0, 0, 0]);
  const err = t.throws(() => nlctrl.decodeReply('getfamily', bad)) as YnlDecodeError;
  t.type(err, YnlDecodeError);
  t.same(err.path, ['family-id']);
});

t.test('notify operations reuse the do reply of the operation they name', async (t) => {
  const netdev = SpecFamily.fromFile(
    fileURLToPath(new URL('../../specs/netdev.yaml', import.meta.url)),
  );
  const attrs = { ifindex: 3, xdpFeatures: 0x21n };
  // The kernel sends a dev-get reply's attributes under cmd DEV_ADD_NTF (2).
  const ntf = Buffer.concat([Buffer.from([2, 1, 0, 0]), encodedAttrs(netdev, attrs)]);
  t.same(netdev.decodeNotification(ntf), { op: 'dev-add-ntf', cmd: 2, attrs });
  t.same(netdev.enumNames('xdp-act', attrs.xdpFeatures), ['basic', 'rx-sg']);
});

t.test('values that do not fit their type are refused with the attribute path', async (t) => {
  const err = t.throws(() =>
    usip.encodeRequest(0x1a, 'event-register', { eventNotifiers: [{ cmd: 300 }] }),
  ) as YnlEncodeError;
  t.type(err, YnlEncodeError);
  t.same(err.path, ['event-notifiers', 'cmd']);
  t.throws(() => usip.encodeRequest(0x1a, 'mtab-changed', { mtabSeq: -1n }, { dump: true }), {
    name: 'YnlEncodeError',
  });
  t.throws(() => usip.encodeRequest(0x1a, 'fs-usage', { path: 42 }), /expected a string/);
});

/** A dev-get reply's attributes as bytes (no headers). */
function encodedAttrs(family: SpecFamily, attrs: Record<string, unknown>): Buffer {
  const m = family.message('dev-get', 'do-reply');
  return encodeSpecMessage(0x14, 1, 1, m.set, attrs).subarray(20);
}
