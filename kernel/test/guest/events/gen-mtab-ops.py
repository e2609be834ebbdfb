#!/usr/bin/python3
"""Prints SEED-determined random mount-table operations as shell commands (one a line) on
mount points under BASE: mount, bind, rbind, move, umount, lazy umount, remount read-only or
read-write, and propagation changes. Some fail (moving what is not a mount point, ...): the
kernel refusing is fine, every change it makes must still be reported.

With PEER_SHARE (0..1), each line starts with the namespace that runs it, "A" or "B" and a
tab, about that share of them "B": two namespaces whose mounts under BASE are shared peers.

Usage: gen-mtab-ops.py SEED COUNT BASE [PEER_SHARE]
"""
import random
import sys

seed, count, base = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
peer_share = float(sys.argv[4]) if len(sys.argv) > 4 else None
rng = random.Random(seed)


def emit(line):
    if peer_share is None:
        print(line)
    else:
        print(("B" if rng.random() < peer_share else "A") + "\t" + line)


dirs = ["%s/d%d" % (base, i) for i in range(8)]
emit("mkdir -p " + " ".join(dirs))
emit("mount -t tmpfs -o size=64k top %s/d0" % base)


def target():
    d = rng.choice(dirs)
    # Sometimes one level down, inside whatever is mounted there.
    return d + "/s" if rng.random() < 0.3 else d


for i in range(count):
    a, b = target(), target()
    op = rng.choice(["mount", "mount", "bind", "rbind", "move", "umount", "lazy", "ro", "rw",
                     "shared", "private", "slave", "unbindable"])
    if op == "mount":
        emit("mkdir -p %s; mount -t tmpfs -o size=64k t%d %s" % (a, i, a))
    elif op == "bind":
        emit("mkdir -p %s; mount --bind %s %s" % (b, a, b))
    elif op == "rbind":
        emit("mkdir -p %s; mount --rbind %s %s" % (b, a, b))
    elif op == "move":
        emit("mkdir -p %s; mount --move %s %s" % (b, a, b))
    elif op == "umount":
        emit("umount %s" % a)
    elif op == "lazy":
        emit("umount -l %s" % a)
    elif op == "ro":
        emit("mount -o remount,ro,bind %s" % a)
    elif op == "rw":
        emit("mount -o remount,rw,bind %s" % a)
    else:
        emit("mount --make-%s %s" % (op, a))
