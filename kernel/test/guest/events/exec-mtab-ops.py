#!/usr/bin/python3
"""Runs the op lines of gen-mtab-ops.py (read from stdin, one per line) with the system calls
util-linux 2.38 makes for them, in this one long-lived process, and answers each line with
"done" once it ran: under TCG, starting mount(8) or python for every operation costs most of
a second. Failures (moving what is not a mount point, a directory on a read-only mount...)
are expected and ignored, as in the shell version; a line this parser does not know is an error.

Usage: exec-mtab-ops.py <ops
"""
import ctypes
import os
import shlex
import sys

MS_RDONLY, MS_REMOUNT, MS_BIND, MS_MOVE, MS_REC = 1, 32, 4096, 8192, 16384
MS_UNBINDABLE, MS_PRIVATE, MS_SLAVE, MS_SHARED = 1 << 17, 1 << 18, 1 << 19, 1 << 20
MNT_DETACH = 2
PROPAGATION = {"--make-shared": MS_SHARED, "--make-private": MS_PRIVATE,
               "--make-slave": MS_SLAVE, "--make-unbindable": MS_UNBINDABLE}

libc = ctypes.CDLL(None, use_errno=True)


def mount(source, target, fstype, flags, data=None):
    enc = (lambda s: s.encode() if s is not None else None)
    libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data))


def run(argv):
    if argv[:2] == ["mkdir", "-p"]:
        for path in argv[2:]:
            os.makedirs(path, exist_ok=True)
    elif argv[0] == "umount":
        libc.umount2(argv[-1].encode(), MNT_DETACH if argv[1] == "-l" else 0)
    elif argv[:2] == ["mount", "-t"]:  # mount -t TYPE -o OPTS SOURCE TARGET
        mount(argv[5], argv[6], argv[2], 0, argv[4])
    elif argv[1] in ("--bind", "--rbind"):
        mount(argv[2], argv[3], None, MS_BIND | (MS_REC if argv[1] == "--rbind" else 0))
    elif argv[1] == "--move":
        mount(argv[2], argv[3], None, MS_MOVE)
    elif argv[1] in PROPAGATION:
        mount(None, argv[2], None, PROPAGATION[argv[1]])
    elif argv[1:3] in (["-o", "remount,ro,bind"], ["-o", "remount,rw,bind"]):
        ro = MS_RDONLY if argv[2] == "remount,ro,bind" else 0
        mount(None, argv[3], None, MS_REMOUNT | MS_BIND | ro)
    else:
        raise ValueError("exec-mtab-ops: unknown operation: " + " ".join(argv))


for line in sys.stdin:
    for command in line.strip().split(";"):
        if command.strip():
            try:
                run(shlex.split(command))
            except OSError:
                pass
    print("done", flush=True)
