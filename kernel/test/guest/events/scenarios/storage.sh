# Storage scenario: real ENOSPC from write, writev, fallocate and create on a full tmpfs, a
# storm (rate limiting), and a write from another mount namespace (must not reach us).
# Prints "FACT key value" lines the test checks the events against.
fact() { echo "FACT $1 $2"; }
full="$WORK/full"
mkdir -p "$full"
mount -t tmpfs -o size=1M,nr_inodes=8 tfull "$full"
fact mountpoint "$full"
fact dev "$(stat -c %d "$full")"
fact root_ino "$(stat -c %i "$full")"
fact t0 "$(date +%s%N)"

# write(2) until full, by dd; its pid and the file's inode are what the event must carry.
dd if=/dev/zero of="$full/filler" bs=4k count=1000 2>/dev/null &
fact dd_pid $!
wait $!
fact filler_ino "$(stat -c %i "$full/filler")"

# writev(2), fallocate(2) and open(O_CREAT) on the full file system.
python3 -c '
import os, sys
fd = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY)
print("FACT writev_pid", os.getpid()); print("FACT writev_ino", os.fstat(fd).st_ino, flush=True)
try: os.writev(fd, [b"x" * 4096] * 4)
except OSError as e: print("FACT writev_errno", e.errno)
' "$full/v"
fallocate -l 4M "$full/fa" 2>/dev/null &
fact fallocate_pid $!
wait $!
fact fallocate_ino "$(stat -c %i "$full/fa")"
# nr_inodes=8: creating files runs out of inodes (ENOSPC from the create path).
python3 -c '
import os, sys
print("FACT create_pid", os.getpid(), flush=True)
for i in range(20):
    try: open(os.path.join(sys.argv[1], "c%d" % i), "w").close()
    except OSError as e: print("FACT create_errno", e.errno); break
' "$full"

# A storm from one process: 50 failing writes, then (a rate-limit interval later) one more.
python3 -c '
import os, sys, time
fd = os.open(os.path.join(sys.argv[1], "filler"), os.O_WRONLY | os.O_APPEND)
print("FACT storm_pid", os.getpid(), flush=True)
for i in range(50):
    try: os.write(fd, b"x" * 4096)
    except OSError: pass
time.sleep(1.5)
try: os.write(fd, b"x" * 4096)
except OSError: pass
' "$full"

# Another mount namespace writing to the same (copied) mount: its events are not ours.
unshare --mount bash -c 'dd if=/dev/zero of="$1/filler" oflag=append conv=notrunc bs=4k count=1 2>/dev/null & echo "FACT other_ns_pid $!"; wait' x "$full"
fact t1 "$(date +%s%N)"
