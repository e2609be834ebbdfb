#!/usr/bin/python3
"""Prints SEED-determined random mount-table operations as shell commands (one a line) on
mount points under BASE: mount, bind, rbind, move, umount, lazy umount, remount read-only or
read-write, and propagation changes. Some fail (moving what is not a mount point, ...): the
kernel refusing is fine, every change it makes must still be reported.

Usage: gen-mtab-ops.py SEED COUNT BASE
"""
import random
import sys

seed, count, base = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(seed)
dirs = ["%s/d%d" % (base, i) for i in range(8)]
print("mkdir -p " + " ".join(dirs))
print("mount -t tmpfs -o size=64k top %s/d0" % base)


def target():
    d = rng.choice(dirs)
    # Sometimes one level down, inside whatever is mounted there.
    return d + "/s" if rng.random() < 0.3 else d


for i in range(count):
    a, b = target(), target()
    op = rng.choice(["mount", "mount", "bind", "rbind", "move", "umount", "lazy", "ro", "rw",
                     "shared", "private", "slave", "unbindable"])
    if op == "mount":
        print("mkdir -p %s; mount -t tmpfs -o size=64k t%d %s" % (a, i, a))
    elif op == "bind":
        print("mkdir -p %s; mount --bind %s %s" % (b, a, b))
    elif op == "rbind":
        print("mkdir -p %s; mount --rbind %s %s" % (b, a, b))
    elif op == "move":
        print("mkdir -p %s; mount --move %s %s" % (b, a, b))
    elif op == "umount":
        print("umount %s" % a)
    elif op == "lazy":
        print("umount -l %s" % a)
    elif op == "ro":
        print("mount -o remount,ro,bind %s" % a)
    elif op == "rw":
        print("mount -o remount,rw,bind %s" % a)
    else:
        print("mount --make-%s %s" % (op, a))
