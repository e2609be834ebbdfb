#!/usr/bin/python3
"""An independent client (pyroute2, Debian's python3-pyroute2) driving the USIP family.

Attribute numbers are read from the generated UAPI header, never written here. Prints one JSON
object with what it saw; kernel/test/guest/pyroute2.test.ts checks it.
Usage: usip_pyroute2.py roundtrip
"""
import json
import os
import re
import select
import sys
import time

from pyroute2.netlink import NLA_F_NESTED, NLM_F_ACK, NLM_F_REQUEST, genlmsg, nla
from pyroute2.netlink.generic import GenericNetlinkSocket

HEADER = os.path.join(os.path.dirname(__file__), "../../include/uapi/linux/usip.h")


def enum_block(text, first):
    """Names of the anonymous enum whose first entry is `first`, in value order."""
    m = re.search(r"enum \{\s*(" + first + r",.*?)\};", text, re.S)
    names = [n.strip().split(" ")[0] for n in m.group(1).split(",")]
    return [n for n in names if n and not n.startswith("__") and "=" not in n and not n.endswith("_MAX")]


def value_of(text, name):
    m = re.search(r"\b" + name + r" = (\d+)", text)
    if m:
        return int(m.group(1))
    for first in ("USIP_EVENT_TYPE_UNSPEC", "USIP_NOTIFY_UNSPEC"):
        block = re.search(r"\{\s*(" + first + r",.*?)\};", text, re.S).group(1)
        names = [n.strip() for n in block.split(",") if n.strip()]
        if name in names:
            return names.index(name)
    raise KeyError(name)


TEXT = open(HEADER).read()
A = enum_block(TEXT, "USIP_A_UNSPEC")
NOTIFIER_A = enum_block(TEXT, "USIP_NOTIFIER_A_UNSPEC")
CHANGE_A = enum_block(TEXT, "USIP_CHANGE_A_UNSPEC")
MOUNT_A = enum_block(TEXT, "USIP_MOUNT_A_UNSPEC")
CMD = {n: i for i, n in enumerate(enum_block(TEXT, "USIP_CMD_UNSPEC"))}
TYPES = {
    "USIP_A_STATUS": "int32", "USIP_A_EVENT_NOTIFIERS": "notifiers", "USIP_A_EVENT_TYPE": "uint32",
    "USIP_A_EVENT_FLAGS": "uint32", "USIP_A_EVENT_ACTION": "uint32", "USIP_A_EVENT_CMD": "uint8",
    "USIP_A_EVENT_GROUP": "uint32", "USIP_A_EVENT_ID": "uint32", "USIP_A_EVENT_TIME": "uint64",
    "USIP_A_MTAB_SEQ": "uint64", "USIP_A_PROTO_VERSION": "uint32", "USIP_A_FEATURES": "uint64",
    "USIP_A_MOUNT_ID": "uint32", "USIP_A_CHANGE": "change", "USIP_A_PATH": "asciiz",
}


class usipmsg(genlmsg):
    nla_map = tuple((i, n, TYPES.get(n, "hex")) for i, n in enumerate(A))

    class notifiers(nla):
        nla_flags = NLA_F_NESTED
        nla_map = tuple((i, "N%d" % i, "notifier") for i in range(1, 33))

        class notifier(nla):
            nla_flags = NLA_F_NESTED
            nla_map = tuple((i, n, "uint8" if n.endswith("_CMD") else "uint32") for i, n in enumerate(NOTIFIER_A))

    class change(nla):
        nla_map = tuple((i, n, {"USIP_CHANGE_A_SEQ": "uint64", "USIP_CHANGE_A_ACTION": "uint32",
                                "USIP_CHANGE_A_MOUNT": "mount"}.get(n, "hex")) for i, n in enumerate(CHANGE_A))

        class mount(nla):
            nla_map = tuple((i, n, "asciiz" if n in ("USIP_MOUNT_A_MOUNT_POINT", "USIP_MOUNT_A_SOURCE",
                                                     "USIP_MOUNT_A_FS_TYPE", "USIP_MOUNT_A_ROOT")
                             else "uint32") for i, n in enumerate(MOUNT_A))


def request(sock, cmd, attrs, flags=NLM_F_REQUEST | NLM_F_ACK):
    msg = usipmsg()
    msg["cmd"] = CMD[cmd]
    msg["version"] = 2
    msg["attrs"] = attrs
    return sock.nlm_request(msg, msg_type=sock.prid, msg_flags=flags)


def roundtrip():
    out = {}
    sock = GenericNetlinkSocket()
    sock.bind("usip_family", usipmsg)
    ping = request(sock, "USIP_CMD_PING", [])[0]
    out["ping"] = {"status": ping.get_attr("USIP_A_STATUS"), "version": ping.get_attr("USIP_A_PROTO_VERSION"),
                   "features": ping.get_attr("USIP_A_FEATURES")}
    mtab = value_of(TEXT, "USIP_EVENT_TYPE_MTAB")
    notify = value_of(TEXT, "USIP_FLAGS_NOTIFIER_NOTIFY")
    reg = request(sock, "USIP_CMD_EVENT_REGISTER", [
        ("USIP_A_EVENT_NOTIFIERS", {"attrs": [("N1", {"attrs": [
            ("USIP_NOTIFIER_A_TYPE", mtab), ("USIP_NOTIFIER_A_FLAGS", notify),
            ("USIP_NOTIFIER_A_CMD", CMD["USIP_CMD_MTAB_CHANGED"])]})]})])[0]
    listener = {"id": reg.get_attr("USIP_A_EVENT_ID"), "group": reg.get_attr("USIP_A_EVENT_GROUP")}
    out["register"] = listener
    out["ns_inode"] = os.stat("/proc/self/ns/mnt").st_ino
    sock.add_membership("mcg_mtab")
    request(sock, "USIP_CMD_TEST_MTAB", [("USIP_A_EVENT_ACTION", value_of(TEXT, "USIP_NOTIFY_MOUNT"))])
    note = None
    out["seen"] = []  # (cmd, listener id) of everything received, for diagnosis
    deadline = time.monotonic() + 30
    while note is None and time.monotonic() < deadline:
        # Notifications that arrived while nlm_request waited for its ACK are already in
        # pyroute2's backlog (sequence 0), not in the socket: select() would not see them.
        if not sock.backlog.get(0) and not select.select([sock], [], [], 5)[0]:
            break  # silence: reported as missing
        for msg in sock.get():
            out["seen"].append((msg.get("cmd"), msg.get_attr("USIP_A_EVENT_ID")))
            # Joined the group: other privileged listeners' notifications arrive too.
            if (msg.get("cmd") == CMD["USIP_CMD_MTAB_NOTIFY"]
                    and msg.get_attr("USIP_A_EVENT_ID") == listener["id"]):
                note = msg
                break
    if note:
        change = note.get_attr("USIP_A_CHANGE")
        out["notify"] = {"id": note.get_attr("USIP_A_EVENT_ID"), "group": note.get_attr("USIP_A_EVENT_GROUP"),
                         "action": note.get_attr("USIP_A_EVENT_ACTION"), "cmd": note.get_attr("USIP_A_EVENT_CMD"),
                         "seq": change.get_attr("USIP_CHANGE_A_SEQ"),
                         "mount_point": change.get_attr("USIP_CHANGE_A_MOUNT").get_attr("USIP_MOUNT_A_MOUNT_POINT")}
    request(sock, "USIP_CMD_EVENT_UNREGISTER", [("USIP_A_EVENT_GROUP", listener["group"]),
                                                ("USIP_A_EVENT_ID", listener["id"])])
    out["unregistered"] = True
    try:
        request(sock, "USIP_CMD_EVENT_UNREGISTER", [("USIP_A_EVENT_GROUP", listener["group"]),
                                                    ("USIP_A_EVENT_ID", listener["id"])])
        out["second_unregister"] = 0
    except Exception as err:  # pyroute2 raises NetlinkError with the errno in .code
        out["second_unregister"] = getattr(err, "code", -1)
    sock.close()
    return out


if __name__ == "__main__":
    print(json.dumps({"roundtrip": roundtrip}[sys.argv[1]]()))
