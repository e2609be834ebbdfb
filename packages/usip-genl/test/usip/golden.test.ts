import t from 'tap';
import {
  decodeEventRegisterRequest,
  decodeStorageNotify,
  EventType,
  encodeEventRegisterRequest,
  encodePingRequest,
  encodeStorageNotify,
  NotifierFlags,
  NotifyAction,
} from '../../src/usip/generated/usip.js';

// Byte-exact vectors, written out by hand from the wire format: nlmsghdr (len u32, type u16,
// flags u16, seq u32, pid u32), genlmsghdr (cmd u8, version u8, reserved u16), then
// attributes (len u16, type u16, value, padded to 4). All little-endian. Family id 0x1a.
const hex = (s: string) => Buffer.from(s.replace(/\s+|#[^\n]*/g, ''), 'hex');
const FAMILY = 0x1a;

t.test('ping request: headers only', async (t) => {
  const expected = hex(`
    14000000 1a00 0100 01000000 00000000   # len 20, type 0x1a, NLM_F_REQUEST, seq 1
    02 02 0000                             # USIP_CMD_PING, version 2
  `);
  t.same(encodePingRequest(FAMILY, {}, { seq: 1 }), expected);
});

t.test('event-register with two notifiers (indexed array of nests)', async (t) => {
  const expected = hex(`
    60000000 1a00 0500 07000000 00000000   # len 96, REQUEST|ACK, seq 7
    03 02 0000                             # USIP_CMD_EVENT_REGISTER, version 2
    4400 0280                              # EVENT_NOTIFIERS (2) | NLA_F_NESTED, len 68
      2400 0180                            #   element 1, nested, len 36
        0800 0100 01000000                 #     TYPE = MTAB
        0800 0200 00000000                 #     ACTION = UNSPEC (any)
        0500 0300 06 000000                #     CMD = 6 (u8, 3 bytes padding)
        0800 0400 01000000                 #     FLAGS = NOTIFY
      1c00 0280                            #   element 2, nested, len 28
        0800 0100 02000000                 #     TYPE = STORAGE
        0800 0200 01000000                 #     ACTION = ENOSPC
        0800 0400 03000000                 #     FLAGS = NOTIFY | KERN_LOG
    0800 0400 01000000                     # EVENT_FLAGS (4) = GLOBAL
  `);
  const request = {
    eventFlags: 1,
    eventNotifiers: [
      { type: EventType.MTAB, action: NotifyAction.UNSPEC, cmd: 6, flags: NotifierFlags.NOTIFY },
      {
        type: EventType.STORAGE,
        action: NotifyAction.ENOSPC,
        flags: NotifierFlags.NOTIFY | NotifierFlags.KERN_LOG,
      },
    ],
  };
  const wire = encodeEventRegisterRequest(FAMILY, request, { seq: 7, flags: 0x5 });
  t.same(wire, expected);
  t.same(decodeEventRegisterRequest(expected.subarray(16)), request);
});

t.test('storage-notify: a u64 after a 4-byte-aligned offset gets a PAD attribute', async (t) => {
  const expected = hex(`
    70000000 1a00 0000 00000000 00000000   # len 112, multicast: no flags, seq 0
    0c 02 0000                             # USIP_CMD_STORAGE_NOTIFY, version 2
    0800 0300 02000000                     # @20 EVENT_TYPE = STORAGE
    0800 0500 01000000                     # @28 EVENT_ACTION = ENOSPC
    0800 0700 010000f0                     # @36 EVENT_GROUP = 0xf0000001
    0800 0800 05000000                     # @44 EVENT_ID = 5
    0800 0900 d2040000                     # @52 EVENT_PID = 1234
    0c00 0d00 0c00000000000000             # @60 EVENT_INO = 12 (value at 64: aligned)
    0e00 0e00 2f6d6e742f6461746100 0000    # @72 EVENT_MOUNTPOINT "/mnt/data\\0", 2 pad
    0400 1500                              # @88 PAD (21): the value would sit at 92
    0c00 1000 15cd853dfe9c9717             # @92 EVENT_TIME = 1700000000123456789 ns
    0800 1d00 1c000000                     # @104 EVENT_ERRNO (29) = 28 (ENOSPC)
  `);
  const event = {
    eventType: EventType.STORAGE,
    eventAction: NotifyAction.ENOSPC,
    eventGroup: 0xf0000001,
    eventId: 5,
    eventPid: 1234,
    eventIno: 12n,
    eventMountpoint: '/mnt/data',
    eventTime: 1700000000123456789n,
    eventErrno: 28,
  };
  t.same(encodeStorageNotify(FAMILY, event, { flags: 0 }), expected);
  t.strictSame(decodeStorageNotify(expected.subarray(16)), event);
});
