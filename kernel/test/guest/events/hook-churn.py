#!/usr/bin/python3
"""Arms and disarms the storage write hooks over and over (storage listeners that come and go,
with gaps around the module's 1 s disarm delay) while other processes write: to a pipe (which
the entry handler skips), and to a full tmpfs with write(2) and fallocate(2) (ENOSPC, which
queues captures). Then checks that the hooks still work: a new listener hears an ENOSPC.

Usage: hook-churn.py SECONDS FULL_DIR [KO PARAMS]
  With KO, it also unloads and reloads the module every few seconds (run it alone then).
  Prints one JSON line per writer, then a summary:
  {"rounds", "toggles", "reloads", "armed_seen", "disarmed_seen", "writers_failed",
   "final_events"}; exits 0 once done, whatever it found (the caller judges).
"""
import json
import os
import random
import select
import signal
import struct
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import raw_client as rc  # noqa: E402

import usip_events as ue  # noqa: E402

KPROBES = "/sys/kernel/debug/kprobes/list"


def pipe_writer(stop_at):
    r, w = os.pipe()
    if os.fork() == 0:
        os.close(w)
        while os.read(r, 65536):
            pass
        os._exit(0)
    os.close(r)
    n = 0
    while time.monotonic() < stop_at:
        os.write(w, b"x" * 512)
        n += 1
    os.close(w)
    os.wait()
    return {"writes": n}


def full_writer(stop_at, path):
    n = full = 0
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    while time.monotonic() < stop_at:
        try:
            if n % 2:
                os.write(fd, b"y" * 4096)
            else:
                os.posix_fallocate(fd, 0, 64 << 20)
        except OSError as err:
            full += err.errno == 28
        n += 1
    os.close(fd)
    return {"writes": n, "enospc": full}


def mark(text):
    """A line in the kernel log, to place any oops among this script's steps."""
    with open("/dev/kmsg", "w") as kmsg:
        kmsg.write("hook-churn: %s\n" % text)


def arm_once(hold):
    """One storage listener held for @hold seconds; False while the module is reloading."""
    try:
        c = ue.storage_listener()
    except OSError:
        return False
    time.sleep(hold)
    c.s.close()
    return True


def write_probe_state():
    """'armed' or 'disarmed' as the module shows its write system calls' hook (the sys_exit
    tracepoint; vfs_write's return probe in the kprobes list where there is none), or None."""
    try:
        with open("/sys/module/usip/parameters/write_syscall_hook") as f:
            state = f.read().strip()
        if state in ("armed", "disarmed"):
            return state
        with open(KPROBES) as f:
            for line in f:
                if " vfs_write+" in line:
                    return "disarmed" if "[DISABLED]" in line else "armed"
    except OSError:
        pass
    return None


def final_events(full_dir):
    """How many events a new storage listener hears for one failing write(2) to the full
    tmpfs: the first within 10 s, then any other for 1 s more (one is right)."""
    c = ue.storage_listener(join=True)
    fd = os.open(os.path.join(full_dir, "final"), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    try:
        os.write(fd, b"z" * 4096)
    except OSError:
        pass
    os.close(fd)
    heard = 0
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if not select.select([c.s], [], [], 0.5)[0]:
            continue
        data = c.s.recv(1 << 16)
        off = 0
        while off < len(data):
            n = struct.unpack_from("=I", data, off)[0]
            a = rc.attrs_of(data, off + 20, off + n)
            pid = a.get(ue.A["USIP_A_EVENT_PID"])
            if pid and struct.unpack("=I", pid)[0] == os.getpid():
                heard += 1
                deadline = min(deadline, time.monotonic() + 1)
            off += (n + 3) & ~3
    return heard


def main():
    seconds, full_dir = float(sys.argv[1]), sys.argv[2]
    ko = sys.argv[3] if len(sys.argv) > 3 else None
    params = sys.argv[4].split() if len(sys.argv) > 4 else []
    stop_at = time.monotonic() + seconds
    children = []
    for i in range(4):
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGPIPE, signal.SIG_DFL)
            path = os.path.join(full_dir, "fill%d" % i)
            out = pipe_writer(stop_at) if i % 2 else full_writer(stop_at, path)
            print(json.dumps(out), flush=True)
            os._exit(0)
        children.append(pid)
    mark("start, %d s" % seconds)
    rounds = toggles = reloads = 0
    seen = {"armed": 0, "disarmed": 0, None: 0}
    next_reload = time.monotonic() + 5
    while time.monotonic() < stop_at:
        # Holds and gaps on both sides of the disarm delay: arm, disarm, re-arm in every order.
        toggles += arm_once(random.choice([0, 0.001, 0.02, 0.2]))
        time.sleep(random.choice([0, 0.005, 0.05, 0.5, 1.0, 1.05, 1.2]))
        seen[write_probe_state()] += 1
        rounds += 1
        if ko and time.monotonic() > next_reload:
            mark("reload %d" % reloads)
            subprocess.run(["rmmod", "usip"], check=False)
            subprocess.run(["insmod", ko] + params, check=True)
            reloads += 1
            next_reload = time.monotonic() + random.uniform(2, 8)
    failed = 0
    for pid in children:
        _, status = os.waitpid(pid, 0)
        failed += status != 0
    mark("writers done")
    print(json.dumps({"rounds": rounds, "toggles": toggles, "reloads": reloads,
                      "armed_seen": seen["armed"], "disarmed_seen": seen["disarmed"],
                      "writers_failed": failed, "final_events": final_events(full_dir)}),
          flush=True)


if __name__ == "__main__":
    main()
