#!/usr/bin/python3
"""Makes the mount at PATH and every mount under it read-only with mount_setattr(2)
(AT_RECURSIVE, MOUNT_ATTR_RDONLY): the change util-linux 2.38 never makes, systemd does.

Usage: setattr-ro.py PATH
"""
import ctypes
import os
import sys

SYS_MOUNT_SETATTR = 442  # x86_64
AT_FDCWD, AT_RECURSIVE, MOUNT_ATTR_RDONLY = -100, 0x8000, 1


class MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


libc = ctypes.CDLL(None, use_errno=True)
attr = MountAttr(MOUNT_ATTR_RDONLY, 0, 0, 0)
if libc.syscall(SYS_MOUNT_SETATTR, AT_FDCWD, sys.argv[1].encode(), AT_RECURSIVE,
                ctypes.byref(attr), ctypes.sizeof(attr)) != 0:
    err = ctypes.get_errno()
    sys.exit("mount_setattr %s: %s" % (sys.argv[1], os.strerror(err)))
