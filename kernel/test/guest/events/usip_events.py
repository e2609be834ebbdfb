#!/usr/bin/python3
"""Watches real USIP events for the guest tests of kernel/hooks, printing one JSON object per
line. It reuses the plain-socket client of ../raw_client.py (numbers from the UAPI header).

Usage: usip_events.py watch QUIET_SECONDS DONE_FILE [global]
  registers a listener for mount-table and storage events, joins both multicast groups,
  dumps the mount table (which starts the namespace's change log), prints
  {"ready": true, "seq": "N", "ns": INODE}, then every notification decoded, and stops once
  DONE_FILE exists and QUIET_SECONDS passed without a notification. Run it in the mount
  namespace to watch.
       usip_events.py changed SEQ
  prints the MTAB_CHANGED records after SEQ as {"changed": [...]} or {"errno": N}.
"""
import json
import os
import select
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import raw_client as rc  # noqa: E402

A = rc.A
MOUNT_A = rc.names("USIP_MOUNT_A_UNSPEC")
CHANGE_A = rc.names("USIP_CHANGE_A_UNSPEC")
USAGE_A = rc.names("USIP_FS_USAGE_A_UNSPEC")


STRINGS = {"event-mountpoint", "event-device", "event-fstype", "test-path", "path", "root",
           "mount-point", "fs-type", "source", "mount-options", "super-options"}
# Sequence numbers start from a time in ns, beyond what a JSON reader's double holds exactly:
# printed as decimal strings.
EXACT = {"seq", "mtab-seq"}
U64 = {"event-ino", "event-time", "mtab-seq", "lost-count", "seq", "features"} | {
    k.split("_A_", 1)[1].lower().replace("_", "-") for k in USAGE_A}


def decode(attrs, names, nested):
    out = {}
    for key, num in names.items():
        if num not in attrs or key.endswith("_UNSPEC") or key.endswith("_PAD"):
            continue
        raw = attrs[num]
        short = key.split("_A_", 1)[1].lower().replace("_", "-")
        if num in nested:
            sub_names, sub_nested = nested[num]
            out[short] = decode(rc.attrs_of(raw, 0, len(raw)), sub_names, sub_nested)
        elif short in STRINGS:
            out[short] = raw.rstrip(b"\0").decode(errors="replace")
        elif short in U64 and len(raw) == 8:
            out[short] = struct.unpack("=Q", raw)[0]
            if short in EXACT:
                out[short] = str(out[short])
        elif len(raw) == 4:
            out[short] = struct.unpack("=I", raw)[0]
        elif len(raw) == 1:
            out[short] = raw[0]
        else:
            out[short] = raw.hex()
    return out


MOUNT = (MOUNT_A, {})
NESTED = {
    A["USIP_A_MOUNT"]: MOUNT,
    A["USIP_A_CHANGE"]: (CHANGE_A, {CHANGE_A["USIP_CHANGE_A_MOUNT"]: MOUNT}),
    A["USIP_A_FS_USAGE"]: (USAGE_A, {}),
}


def dump(c, cmd, payload=b""):
    """A netlink dump (NLM_F_DUMP): the replies' attribute maps; OSError on an error."""
    c.seq += 1
    body = struct.pack("=BBH", rc.CMD[cmd], 2, 0) + payload
    c.s.send(struct.pack("=IHHII", 16 + len(body), c.family, 0x305, c.seq, 0) + body)
    replies = []
    while True:
        data = c.s.recv(1 << 20)
        off = 0
        while off < len(data):
            n, t, _f, seq, _p = struct.unpack_from("=IHHII", data, off)
            if seq == c.seq:
                if t in (2, 3):
                    err = struct.unpack_from("=i", data, off + 16)[0]
                    if err:
                        raise OSError(-err, os.strerror(-err))
                    return replies
                replies.append(rc.attrs_of(data, off + 20, off + n))
            off += (n + 3) & ~3


def notifier(event_type):
    return rc.attr(rc.NOTIFIER_A["USIP_NOTIFIER_A_TYPE"], struct.pack("=I", event_type)) + \
        rc.attr(rc.NOTIFIER_A["USIP_NOTIFIER_A_FLAGS"], struct.pack("=I", 1))


def storage_listener(global_listener=False, join=False, rcvbuf=None):
    """A new client with one storage notifier registered (for every namespace when
    global_listener), joined to mcg_storage when join."""
    c = rc.Client(rcvbuf=rcvbuf)
    payload = rc.attr(0x8000 | A["USIP_A_EVENT_NOTIFIERS"], rc.attr(0x8001, notifier(2)))
    if global_listener:
        payload = rc.attr(A["USIP_A_EVENT_FLAGS"], struct.pack("=I", 1)) + payload
    c.usip("USIP_CMD_EVENT_REGISTER", payload)
    if join:
        c.s.setsockopt(rc.SOL_NETLINK, rc.NETLINK_ADD_MEMBERSHIP, c.groups["mcg_storage"])
    return c


def print_notifications(sock, quiet, done_file):
    """Prints each notification on sock, decoded, as a JSON line with the number of the
    datagram that carried it ("datagram", from 0); returns once done_file exists and quiet
    seconds passed without one."""
    last = time.monotonic()
    datagrams = 0
    while True:
        if not select.select([sock], [], [], 0.2)[0]:
            if os.path.exists(done_file) and time.monotonic() - last >= quiet:
                return
            continue
        last = time.monotonic()
        data = sock.recv(1 << 20)
        off = 0
        while off < len(data):
            n = struct.unpack_from("=I", data, off)[0]
            ev = decode(rc.attrs_of(data, off + 20, off + n), A, NESTED)
            ev["cmd"] = data[off + 16]
            ev["datagram"] = datagrams
            print(json.dumps(ev), flush=True)
            off += (n + 3) & ~3
        datagrams += 1


def watch(quiet, done_file, global_listener):
    c = rc.Client(rcvbuf=4 << 20)
    nest = rc.attr(0x8001, notifier(1)) + rc.attr(0x8002, notifier(2))
    payload = rc.attr(0x8000 | A["USIP_A_EVENT_NOTIFIERS"], nest)
    if global_listener:
        payload = rc.attr(A["USIP_A_EVENT_FLAGS"], struct.pack("=I", 1)) + payload
    reply = c.usip("USIP_CMD_EVENT_REGISTER", payload)[0]
    for group in ("mcg_mtab", "mcg_storage"):
        c.s.setsockopt(rc.SOL_NETLINK, rc.NETLINK_ADD_MEMBERSHIP, c.groups[group])
    table = dump(c, "USIP_CMD_MTAB_GET")
    seq = struct.unpack("=Q", table[0][A["USIP_A_MTAB_SEQ"]])[0] if table else 0
    ns = struct.unpack("=I", reply[A["USIP_A_EVENT_GROUP"]])[0]
    print(json.dumps({"ready": True, "seq": str(seq), "ns": ns}), flush=True)
    print_notifications(c.s, quiet, done_file)


def changed(since):
    c = rc.Client()
    try:
        records = dump(c, "USIP_CMD_MTAB_CHANGED",
                       rc.attr(A["USIP_A_MTAB_SEQ"], struct.pack("=Q", since)))
    except OSError as err:
        print(json.dumps({"errno": err.errno}))
        return
    print(json.dumps({"changed": [decode(r, A, NESTED) for r in records]}))


if __name__ == "__main__":
    if sys.argv[1] == "watch":
        watch(float(sys.argv[2]), sys.argv[3], len(sys.argv) > 4 and sys.argv[4] == "global")
    elif sys.argv[1] == "changed":
        changed(int(sys.argv[2]))
