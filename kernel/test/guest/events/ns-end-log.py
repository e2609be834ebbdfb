#!/usr/bin/python3
"""An ended mount namespace's change log is freed at its end, not left for eviction to find
(docs/design-hooks.md), unless a listener registered in it still lives: then with that listener.
Counts the module's live change logs (/sys/module/usip/parameters/live_change_logs) around two
private namespaces that get a tmpfs mounted and then end (this process leaves them by setns):
  unpinned: a GLOBAL mtab listener outside makes the namespace's changes logged;
  pinned:   a listener registered inside outlives the namespace, then its socket is closed.
Prints one JSON line:
  {"base": N, "unpinned": {"alive": N, "ended": N},
   "pinned": {"alive": N, "ended": N, "closed": N}}
Run as root; numbers come from the UAPI header (../raw_client.py).
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import raw_client as rc  # noqa: E402

from mntns import check, leave, libc, private_namespace  # noqa: E402

LOGS = "/sys/module/usip/parameters/live_change_logs"


def logs():
    with open(LOGS) as f:
        return int(f.read())


def settle(want, seconds=5.0):
    """The log count once it is `want`, or after `seconds` (records drain in a work item)."""
    deadline = time.monotonic() + seconds
    while logs() != want and time.monotonic() < deadline:
        time.sleep(0.05)
    return logs()


def mount_tmpfs(target):
    check(libc.mount(b"nsend", target.encode(), b"tmpfs", 0, None), "mount tmpfs")


def main():
    home = os.open("/proc/self/ns/mnt", os.O_RDONLY)
    root = os.open("/", os.O_RDONLY)  # the guest runs the tests chrooted
    target = "/tmp/usip-ns-end-%d" % os.getpid()
    os.makedirs(target, exist_ok=True)
    base = logs()

    watcher = rc.Client()
    watcher.register(flags=1)  # GLOBAL: every namespace's changes are logged
    private_namespace()
    mount_tmpfs(target)
    unpinned = {"alive": settle(base + 1)}
    leave(home, root)  # no task is left in the namespace: it ends
    unpinned["ended"] = settle(base)
    watcher.s.close()

    private_namespace()
    listener = rc.Client()
    listener.register()  # of this namespace: pins its log
    mount_tmpfs(target)
    pinned = {"alive": settle(base + 1)}
    leave(home, root)
    time.sleep(1.0)  # the end's records drain; the log must stay for the listener
    pinned["ended"] = logs()
    listener.s.close()
    pinned["closed"] = settle(base)

    os.rmdir(target)
    print(json.dumps({"base": base, "unpinned": unpinned, "pinned": pinned}), flush=True)


if __name__ == "__main__":
    main()
