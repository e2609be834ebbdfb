#!/usr/bin/python3
"""A plain-socket USIP client (no library), run as another user by the guest tests to check
what an unprivileged process may do. Numbers come from the generated UAPI header.

Usage: raw_client.py MODE, MODE one of
  probe        try GLOBAL register, TEST_MTAB, joining mcg_mtab; print errnos as JSON
  listen N     register an mtab listener, print "registered <id> <group>", then print one JSON
               line per notification (cmd, event-id, lost-count) for N notifications
  flood        like listen, but with a tiny receive buffer left unread until stdin says "read"
"""
import errno
import json
import os
import re
import socket
import struct
import sys

HEADER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../include/uapi/linux/usip.h")
TEXT = open(HEADER).read()


def names(first):
    block = re.search(r"enum \{\s*(" + first + r",.*?)\};", TEXT, re.S).group(1)
    out = [n.strip() for n in block.split(",")]
    return {n: i for i, n in enumerate(x for x in out if x and not x.startswith("__") and "=" not in x)}


A = names("USIP_A_UNSPEC")
CMD = names("USIP_CMD_UNSPEC")
NOTIFIER_A = names("USIP_NOTIFIER_A_UNSPEC")
SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, NETLINK_EXT_ACK = 270, 1, 11


def attr(t, payload):
    n = 4 + len(payload)
    return struct.pack("=HH", n, t) + payload + b"\0" * ((4 - n % 4) % 4)


def attrs_of(buf, off, end):
    out = {}
    while off + 4 <= end:
        n, t = struct.unpack_from("=HH", buf, off)
        out[t & 0x3FFF] = buf[off + 4 : off + n]
        off += (n + 3) & ~3
    return out


class Client:
    def __init__(self, rcvbuf=None):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 16)
        if rcvbuf:
            self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
        self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        self.s.bind((0, 0))
        self.seq = 0
        ctrl = self.request(16, 3, attr(2, b"usip_family\0"), version=1)[0]
        self.family = struct.unpack_from("=H", ctrl[1], 0)[0]
        self.groups = {}
        grps = attrs_of(ctrl[7], 0, len(ctrl[7])) if 7 in ctrl else {}
        for g in grps.values():
            ga = attrs_of(g, 0, len(g))
            self.groups[ga[1].rstrip(b"\0").decode()] = struct.unpack("=I", ga[2])[0]

    def request(self, kind, cmd, payload, version=2):
        """Returns the replies' attribute maps; raises OSError(errno) on an error ack."""
        self.seq += 1
        body = struct.pack("=BBH", cmd, version, 0) + payload
        self.s.send(struct.pack("=IHHII", 16 + len(body), kind, 5, self.seq, 0) + body)
        replies = []
        while True:
            data = self.s.recv(65536)
            off = 0
            while off < len(data):
                n, t, _f, seq, _p = struct.unpack_from("=IHHII", data, off)
                if t == 2 and seq == self.seq:
                    err = struct.unpack_from("=i", data, off + 16)[0]
                    if err:
                        raise OSError(-err, os.strerror(-err))
                    return replies
                if seq == self.seq:
                    replies.append(attrs_of(data, off + 20, off + n))
                off += (n + 3) & ~3

    def usip(self, cmd, payload=b""):
        return self.request(self.family, CMD[cmd], payload)

    def register(self, flags=0):
        notifier = attr(NOTIFIER_A["USIP_NOTIFIER_A_TYPE"], struct.pack("=I", 1))
        payload = attr(0x8000 | A["USIP_A_EVENT_NOTIFIERS"], attr(0x8001, notifier))
        if flags:
            payload = attr(A["USIP_A_EVENT_FLAGS"], struct.pack("=I", flags)) + payload
        reply = self.usip("USIP_CMD_EVENT_REGISTER", payload)[0]
        return (struct.unpack("=I", reply[A["USIP_A_EVENT_ID"]])[0],
                struct.unpack("=I", reply[A["USIP_A_EVENT_GROUP"]])[0])

    def notifications(self):
        while True:
            try:
                data = self.s.recv(65536)
            except OSError as err:
                if err.errno != errno.ENOBUFS:
                    raise
                yield {"overrun": True}  # the kernel dropped messages for this socket
                continue
            off = 0
            while off < len(data):
                n, _t, _f, seq, _p = struct.unpack_from("=IHHII", data, off)
                cmd = data[off + 16]
                a = attrs_of(data, off + 20, off + n)
                ev = {"cmd": cmd}
                if A["USIP_A_EVENT_ID"] in a:
                    ev["id"] = struct.unpack("=I", a[A["USIP_A_EVENT_ID"]])[0]
                if A["USIP_A_LOST_COUNT"] in a:
                    ev["lost"] = struct.unpack("=Q", a[A["USIP_A_LOST_COUNT"]])[0]
                off += (n + 3) & ~3
                yield ev


def errno_of(fn):
    try:
        fn()
        return 0
    except OSError as err:
        return err.errno


def probe():
    c = Client()
    out = {
        "global_register": errno_of(lambda: c.register(flags=1)),
        "test_mtab": errno_of(lambda: c.usip("USIP_CMD_TEST_MTAB", attr(A["USIP_A_EVENT_ACTION"], struct.pack("=I", 2)))),
        "join_mtab": errno_of(lambda: c.s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, c.groups["mcg_mtab"])),
        "join_storage": errno_of(lambda: c.s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, c.groups["mcg_storage"])),
        "register": errno_of(lambda: c.register()),
        "ping": errno_of(lambda: c.usip("USIP_CMD_PING")),
    }
    print(json.dumps(out), flush=True)


def listen(count, rcvbuf=None):
    c = Client(rcvbuf)
    lid, group = c.register()
    print("registered %d %d" % (lid, group), flush=True)
    if rcvbuf:
        sys.stdin.readline()  # the test fires events while nothing is read
    for i, ev in enumerate(c.notifications()):
        print(json.dumps(ev), flush=True)
        if i + 1 >= count:
            break


if __name__ == "__main__":
    mode = sys.argv[1]
    if mode == "probe":
        probe()
    elif mode == "listen":
        listen(int(sys.argv[2]))
    elif mode == "flood":
        listen(int(sys.argv[2]), rcvbuf=1024)
