#!/usr/bin/python3
"""Failed writes by threads that never return to user space, on a full 1 MiB tmpfs.

Usage: kernel-writer.py loop   (as root, in the initial mount namespace)
  A loop device backed by a file on the tmpfs, written with O_DIRECT: the loop driver's worker
  (a kernel thread) gets ENOSPC from the backing file; a GLOBAL storage listener listens.
  Prints {"dd_status", "dd_pid", "dd_err", "events": [{"pid", "ppid", "comm", "errno",
  "mountpoint", "device", "fstype", "ino", "backing_ino", "tmpfs"}...]}
       kernel-writer.py async OP   (as root, in any mount namespace)
  One asynchronous write on the full tmpfs by async-write.c (built here with gcc), OP being
  uring-fallocate (run by an io_uring worker thread of the process), uring-write or aio-write
  (both reach ->write_iter past the VFS write functions), uring-write-direct (O_DIRECT, on a
  full 8 MiB ext4 on a loop device instead), uring-write-btrfs or aio-write-btrfs (on a full
  32 MiB btrfs on a loop device: btrfs's own write path), or a create on a tmpfs out of
  inodes: uring-openat or uring-mkdirat (run by a worker); a listener of this namespace
  listens. Prints {"async": {"pid", "res", "ino"}, "fs": {"device", "fstype"} (expected in
  the events), "events": [...as above]}; for a create,
  "ino" and each event's "backing_ino" are the directory's.
"""
import json
import os
import select
import struct
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import raw_client as rc  # noqa: E402

import usip_events as ue  # noqa: E402


def status_field(pid, name):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(name + ":"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return None


def read_events(c, tmpfs, file):
    """The storage events heard within 10 s (until 2 s pass without one), with their writers."""
    events = []
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not select.select([c.s], [], [], 2.0)[0]:
            if events:
                break
            continue
        data = c.s.recv(1 << 20)
        off = 0
        while off < len(data):
            n = struct.unpack_from("=I", data, off)[0]
            ev = ue.decode(rc.attrs_of(data, off + 20, off + n), ue.A, ue.NESTED)
            off += (n + 3) & ~3
            pid = ev.get("event-pid")
            if pid is None:
                continue
            events.append({
                "pid": pid, "ppid": status_field(pid, "PPid"),
                "comm": status_field(pid, "Name"), "errno": ev.get("event-errno"),
                "mountpoint": ev.get("event-mountpoint"), "device": ev.get("event-device"),
                "fstype": ev.get("event-fstype"), "ino": ev.get("event-ino"),
                "backing_ino": os.stat(file).st_ino, "tmpfs": tmpfs})
    return events


def full_tmpfs(options="size=1m"):
    tmpfs = tempfile.mkdtemp(prefix="usip-kw-")
    subprocess.run(["mount", "-t", "tmpfs", "-o", options, "kwfull", tmpfs], check=True)
    return tmpfs


def fill_blocks(tmpfs):
    # Appending: a second round must not truncate (on a full btrfs even that needs room).
    with open(os.path.join(tmpfs, "filler"), "ab") as f:
        try:
            while True:
                f.write(b"f" * 65536)
                f.flush()
        except OSError:
            pass


def fill_inodes(tmpfs):
    for i in range(1 << 16):
        try:
            os.close(os.open(os.path.join(tmpfs, "i%d" % i), os.O_WRONLY | os.O_CREAT))
        except OSError:
            return


# A file system on a loop device: its image size in MiB and how it is made (btrfs's smallest,
# with data and metadata in the same block groups).
LOOP_FS = {"ext4": (8, ["mkfs.ext4", "-q", "-F"]),
           "btrfs": (32, ["mkfs.btrfs", "-q", "-f", "--mixed"])}


def loop_fs_in(holder, kind):
    """A small `kind` on a loop device over an image in `holder`, mounted: (directory, loop)."""
    size, mkfs = LOOP_FS[kind]
    image = os.path.join(holder, kind + ".img")
    with open(image, "wb") as f:
        f.truncate(size << 20)
    subprocess.run(mkfs + [image], check=True)
    # The guest's mount(2) cannot load modules itself (see scenarios/storage-ext4.sh).
    subprocess.run(["modprobe", "-a", "loop", kind], check=True)
    loop = subprocess.run(["losetup", "-f", "--show", image], check=True, capture_output=True,
                          text=True).stdout.strip()
    directory = tempfile.mkdtemp(prefix="usip-kw-")
    try:
        subprocess.run(["mount", loop, directory], check=True)
    except subprocess.CalledProcessError:
        subprocess.run(["losetup", "-d", loop], check=False)
        os.rmdir(directory)
        raise
    return directory, loop


def async_write(op):
    here = os.path.dirname(os.path.abspath(__file__))
    create = op.endswith("at")
    # O_DIRECT on a full ext4 (a tmpfs has no direct I/O), or a write on a full btrfs.
    kind = "ext4" if op.endswith("-direct") else "btrfs" if op.endswith("-btrfs") else None
    if kind == "btrfs":
        op = op[:-len("-btrfs")]
    c = ue.storage_listener(join=True, rcvbuf=1 << 20)
    holder = "size=%dm" % (LOOP_FS[kind][0] * 2) if kind else "size=1m"
    tmpfs = full_tmpfs("size=1m,nr_inodes=64" if create else holder)
    target_dir, loop = tmpfs, None
    try:
        binary = os.path.join(tmpfs, "async-write")
        subprocess.run(["gcc", "-O2", "-o", binary, os.path.join(here, "async-write.c")],
                       check=True)
        if kind:
            target_dir, loop = loop_fs_in(tmpfs, kind)
            # Made first: a full btrfs has no room left for a new inode either.
            open(os.path.join(target_dir, "target"), "wb").close()
            # Twice: btrfs gives back reserved space once a sync has written the data out.
            for _ in range(2 if kind == "btrfs" else 1):
                fill_blocks(target_dir)
                os.sync()
        else:
            (fill_inodes if create else fill_blocks)(tmpfs)
        out = subprocess.run([binary, op, target_dir, "target"], capture_output=True, text=True)
        if out.returncode != 0:
            sys.exit("async-write %s: exit %d: %s" % (op, out.returncode, out.stderr.strip()))
        result = json.loads(out.stdout)
        backing = target_dir if create else os.path.join(target_dir, "target")
        fs = {"device": loop or "kwfull", "fstype": kind or "tmpfs"}
        print(json.dumps({"async": result, "fs": fs,
                          "events": read_events(c, target_dir, backing)}), flush=True)
    finally:
        if loop:
            subprocess.run(["umount", target_dir], check=False)
            subprocess.run(["losetup", "-d", loop], check=False)
            os.rmdir(target_dir)
        subprocess.run(["umount", tmpfs], check=False)
        os.rmdir(tmpfs)


def loop():
    c = ue.storage_listener(global_listener=True, join=True, rcvbuf=1 << 20)
    subprocess.run(["modprobe", "loop"], check=False)
    tmpfs = full_tmpfs()
    backing = os.path.join(tmpfs, "backing")
    with open(backing, "wb") as f:
        f.truncate(4 << 20)  # sparse: the loop device is bigger than the tmpfs
    loop = subprocess.run(["losetup", "-f", "--show", backing], check=True,
                          capture_output=True, text=True).stdout.strip()
    try:
        dd = subprocess.Popen(["dd", "if=/dev/zero", "of=" + loop, "bs=64k", "count=64",
                               "oflag=direct"], stderr=subprocess.PIPE, text=True)
        dd_err = dd.communicate()[1]
        events = read_events(c, tmpfs, backing)
        print(json.dumps({"dd_status": dd.returncode, "dd_pid": dd.pid, "dd_err": dd_err[-200:],
                          "events": events}), flush=True)
    finally:
        subprocess.run(["losetup", "-d", loop], check=False)
        subprocess.run(["umount", tmpfs], check=False)
        os.rmdir(tmpfs)


if __name__ == "__main__":
    if sys.argv[1] == "loop":
        loop()
    else:
        async_write(sys.argv[2])
