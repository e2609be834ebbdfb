#!/usr/bin/python3
"""Changes the size= option of the tmpfs mounted at PATH with the new mount API:
fspick(2), fsconfig(FSCONFIG_SET_STRING "size"), fsconfig(FSCONFIG_CMD_RECONFIGURE). The
superblock is reconfigured in place; no mount(2) remount runs (util-linux 2.38 never does this,
newer libmount does).

Usage: fsconfig-size.py PATH SIZE
"""
import ctypes
import os
import sys

SYS_FSCONFIG, SYS_FSPICK = 431, 433  # x86_64
AT_FDCWD, FSPICK_CLOEXEC = -100, 1
FSCONFIG_SET_STRING, FSCONFIG_CMD_RECONFIGURE = 1, 7

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long


def check(ret, what):
    if ret < 0:
        err = ctypes.get_errno()
        sys.exit("%s %s: %s" % (what, sys.argv[1], os.strerror(err)))
    return ret


path, size = sys.argv[1].encode(), sys.argv[2].encode()
fd = check(libc.syscall(SYS_FSPICK, AT_FDCWD, path, FSPICK_CLOEXEC), "fspick")
check(libc.syscall(SYS_FSCONFIG, fd, FSCONFIG_SET_STRING, b"size", size, 0), "fsconfig size")
check(libc.syscall(SYS_FSCONFIG, fd, FSCONFIG_CMD_RECONFIGURE, None, None, 0), "reconfigure")
os.close(fd)
