#!/usr/bin/python3
"""A listener that outlives its mount namespace must hear nothing of a new namespace that takes
the ended one's inode number (the kernel hands out the lowest free one). This process registers
a listener in a private namespace, leaves it (setns: the namespace has no task left and ends),
makes a new one and mounts a tmpfs there. Prints one JSON line:
  {"ended": INUM, "reused": INUM, "attempts": N, "end_records": N, "leaked": N, "fresh": N}
end_records: notifications of the ended namespace's own end, addressed to its listener;
leaked: notifications of the new namespace addressed to the old listener (must be 0);
fresh: notifications of the new namespace addressed to a listener registered in it.
Run as root; numbers come from the UAPI header (../raw_client.py).
"""
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import raw_client as rc  # noqa: E402

from mntns import MNT_DETACH, check, leave, libc, private_namespace  # noqa: E402


def count_addressed(client, ids, quiet):
    """Notifications per listener id in ids, until `quiet` seconds pass without any."""
    counts = {i: 0 for i in ids}
    client.s.settimeout(quiet)
    try:
        for ev in client.notifications():
            if ev.get("id") in counts:
                counts[ev["id"]] += 1
    except TimeoutError:
        pass
    return counts


def main():
    home = os.open("/proc/self/ns/mnt", os.O_RDONLY)
    root = os.open("/", os.O_RDONLY)  # the guest runs the tests chrooted
    client = rc.Client()
    client.s.setsockopt(rc.SOL_NETLINK, rc.NETLINK_ADD_MEMBERSHIP, client.groups["mcg_mtab"])
    target = "/tmp/usip-ns-reuse-%d" % os.getpid()
    os.makedirs(target, exist_ok=True)
    for attempt in range(1, 6):
        ended = private_namespace()
        old_id, group = client.register()
        if group != ended:
            raise SystemExit("registered for namespace %d, not %d" % (group, ended))
        leave(home, root)  # no task is left in the namespace: it ends
        end_records = count_addressed(client, [old_id], 1.0)[old_id]
        reused = private_namespace()
        if reused == ended:
            break
        leave(home, root)  # another number: try again
    new_id, _ = client.register()
    check(libc.mount(b"nsreuse", target.encode(), b"tmpfs", 0, None), "mount tmpfs")
    counts = count_addressed(client, [old_id, new_id], 1.0)
    check(libc.umount2(target.encode(), MNT_DETACH), "umount")
    leave(home, root)
    os.rmdir(target)
    print(json.dumps({"ended": ended, "reused": reused, "attempts": attempt,
                      "end_records": end_records, "leaked": counts[old_id],
                      "fresh": counts[new_id]}), flush=True)


if __name__ == "__main__":
    main()
