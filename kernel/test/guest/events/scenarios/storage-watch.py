#!/usr/bin/python3
"""A storage-only USIP listener for the namespace scenario (storage-ns.sh), printing one JSON
object per line: first {"ready": true, "id": LISTENER_ID, "ns": GROUP}, then every
notification on mcg_storage, decoded as usip_events.py does. Privileged listeners' notifications
travel on the multicast group, so every member receives every listener's; each carries the id
of the listener it is addressed to (event-id), which is how a client tells its own apart.

Usage: storage-watch.py QUIET_SECONDS DONE_FILE [global]
  stops once DONE_FILE exists and QUIET_SECONDS passed without a notification.
"""
import json
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import usip_events as ue  # noqa: E402

rc = ue.rc
STORAGE = 2  # USIP_EVENT_TYPE_STORAGE


def main(quiet, done_file, global_listener):
    c = rc.Client(rcvbuf=1 << 20)
    payload = rc.attr(0x8000 | rc.A["USIP_A_EVENT_NOTIFIERS"], rc.attr(0x8001, ue.notifier(STORAGE)))
    if global_listener:
        payload = rc.attr(rc.A["USIP_A_EVENT_FLAGS"], struct.pack("=I", 1)) + payload
    reply = c.usip("USIP_CMD_EVENT_REGISTER", payload)[0]
    c.s.setsockopt(rc.SOL_NETLINK, rc.NETLINK_ADD_MEMBERSHIP, c.groups["mcg_storage"])
    u32 = lambda name: struct.unpack("=I", reply[rc.A[name]])[0]  # noqa: E731
    ready = {"ready": True, "id": u32("USIP_A_EVENT_ID"), "ns": u32("USIP_A_EVENT_GROUP")}
    print(json.dumps(ready), flush=True)
    ue.print_notifications(c.s, quiet, done_file)

if __name__ == "__main__":
    main(float(sys.argv[1]), sys.argv[2], len(sys.argv) > 3 and sys.argv[3] == "global")
