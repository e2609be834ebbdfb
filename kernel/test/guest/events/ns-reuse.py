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
import ctypes
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import raw_client as rc  # noqa: E402

CLONE_NEWNS = 0x00020000
MS_REC = 0x4000
MS_PRIVATE = 1 << 18
MNT_DETACH = 2
libc = ctypes.CDLL(None, use_errno=True)


def check(ret, what):
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, "%s: %s" % (what, os.strerror(err)))


def private_namespace():
    """Enters a new mount namespace whose mounts propagate nowhere; returns its inode number."""
    check(libc.unshare(CLONE_NEWNS), "unshare")
    check(libc.mount(b"none", b"/", None, MS_REC | MS_PRIVATE, None), "mount --make-rprivate /")
    return os.stat("/proc/self/ns/mnt").st_ino


def leave(home, root):
    """Back to the namespace `home`; setns() also moves the root there, so chroot back."""
    check(libc.setns(home, CLONE_NEWNS), "setns")
    os.fchdir(root)
    os.chroot(".")


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
