import { fileURLToPath } from 'node:url';
import t from 'tap';
import { messages } from '../../src/usip/generated/usip.js';
import { YnlDecodeError } from '../../src/ynl/codec/errors.js';
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
