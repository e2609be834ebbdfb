#!/usr/bin/python3
"""Name-creating calls into a full directory, each in its own process so that each event can
be told apart by its pid: mkdir(2), mknod(2) of a fifo, symlink(2) and, given a file of DIR,
link(2) and rename(2) of it to long names until the directory needs a block it cannot get.
Prints "FACT <call>_pid PID" and "FACT <call>_errno ERRNO" for the storage scenarios.

Usage: storage-creates.py DIR [FILE]
"""
import os
import stat
import sys

LONG = "n" * 240  # few such entries fit in a directory block


def mkdir(d):
    os.mkdir(os.path.join(d, "dir"))


def mknod(d):
    os.mknod(os.path.join(d, "fifo"), stat.S_IFIFO | 0o644)


def symlink(d):
    os.symlink("target", os.path.join(d, "symlink"))


def link(d):
    """Hard links to FILE until the directory is full."""
    for i in range(10000):
        os.link(os.path.join(d, source), os.path.join(d, "%s%05d" % (LONG, i)))


def rename(d):
    os.rename(os.path.join(d, source), os.path.join(d, LONG + "-renamed"))


def run(call, d):
    """One call in a child process; its pid and errno as facts."""
    pid = os.fork()
    if pid == 0:
        print("FACT %s_pid %d" % (call.__name__, os.getpid()), flush=True)
        try:
            call(d)
        except OSError as e:
            print("FACT %s_errno %d" % (call.__name__, e.errno), flush=True)
        os._exit(0)
    os.waitpid(pid, 0)


if __name__ == "__main__":
    source = sys.argv[2] if len(sys.argv) > 2 else None
    for call in [mkdir, mknod, symlink] + ([link, rename] if source else []):
        run(call, sys.argv[1])
