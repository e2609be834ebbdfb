#!/usr/bin/python3
"""A burst of mount-table changes from one process, as fast as mount(2) goes: mounts COUNT
small tmpfs at DIR/0 .. DIR/COUNT-1, or unmounts them again (last first).

Usage: mount-burst.py mount|umount DIR COUNT
"""
import ctypes
import os
import sys

libc = ctypes.CDLL(None, use_errno=True)
action, top, count = sys.argv[1], sys.argv[2], int(sys.argv[3])


def check(ret, what):
    if ret != 0:
        err = ctypes.get_errno()
        raise OSError(err, "%s: %s" % (what, os.strerror(err)))


if action == "mount":
    for i in range(count):
        path = os.path.join(top, str(i))
        os.makedirs(path, exist_ok=True)
        check(libc.mount(b"burst", path.encode(), b"tmpfs", 0, b"size=4k"), "mount " + path)
else:
    for i in reversed(range(count)):
        path = os.path.join(top, str(i))
        check(libc.umount2(path.encode(), 0), "umount " + path)
