# shellcheck shell=bash # sourced by run-scenario.sh
# Storage scenario: a real ext4 on a loop device, filled by dd until ENOSPC, then write(2),
# fallocate(2), open(O_CREAT), mkdir(2), mknod(2), symlink(2), link(2) and rename(2) on the
# full file system. After each failure the file system is synced and its statfs figures
# printed, for the test to compare the event's usage with.
# Prints "FACT key value" lines the test checks the events against.
fact() { echo "FACT $1 $2"; }
# statfs as the event reports it: type (hex), bsize, frsize, blocks, bfree, bavail, files,
# ffree, namelen.
usage() { sync; stat -f -c '%t %s %S %b %f %a %c %d %l' "$1"; }
# Modules of the guest kernel: mount(2) cannot load them itself there (its modprobe helper
# runs outside the guest's chroot).
modprobe -a loop ext4 || fact failed modprobe

img="$WORK/ext4.img" mnt="$WORK/ext4"
mkdir -p "$mnt"
truncate -s 8M "$img"
# No reserved blocks (root could otherwise fill them), few inodes (so creates run out),
# inode tables and journal written now (no lazy init thread changing the figures later).
mkfs.ext4 -q -F -m 0 -N 16 -E lazy_itable_init=0,lazy_journal_init=0 "$img" || fact failed mkfs
loop="$(losetup --find --show "$img")" || fact failed losetup
mount -t ext4 "$loop" "$mnt" || fact failed mount
fact mountpoint "$mnt"
fact loop "$loop"
fact loop_rdev "$(stat -c '%Hr:%Lr' "$loop")"
fact dev "$(stat -c %d "$mnt")"
fact root_ino "$(stat -c %i "$mnt")"
fact t0 "$(date +%s%N)"

# write(2) until full, by dd.
dd if=/dev/zero of="$mnt/filler" bs=64k 2>"$WORK/dd.err" &
fact dd_pid $!
wait $!
fact dd_error "$(grep -o 'No space left on device' "$WORK/dd.err" | head -n 1)"
fact filler_ino "$(stat -c %i "$mnt/filler")"
fact usage_dd "$(usage "$mnt")"

# dd failed while its earlier blocks were still delayed allocations being written back, so
# the figures moved after its event. Once synced nothing moves: one more write(2) must
# carry exactly what statfs says right after it.
python3 -c '
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)
print("FACT synced_pid", os.getpid(), flush=True)
try: os.write(fd, b"x" * 4096)
except OSError as e: print("FACT synced_errno", e.errno)
' "$mnt/filler"
fact usage_synced "$(usage "$mnt")"

fallocate -l 1M "$mnt/fa" 2>/dev/null &
fact fallocate_pid $!
wait $!
fact fallocate_ino "$(stat -c %i "$mnt/fa")"
fact usage_fallocate "$(usage "$mnt")"

# Creating files until the inodes run out.
python3 -c '
import os, sys
print("FACT create_pid", os.getpid(), flush=True)
for i in range(200):
    try: open(os.path.join(sys.argv[1], "c%d" % i), "w").close()
    except OSError as e: print("FACT create_errno", e.errno); break
' "$mnt"
fact usage_create "$(usage "$mnt")"

# Names made without free inodes (mkdir, mknod, symlink), then hard links and a rename to
# long names until the root directory needs a block: each call in its own process.
python3 "$(dirname "${BASH_SOURCE[0]}")/storage-creates.py" "$mnt" filler
fact usage_names "$(usage "$mnt")"
fact t1 "$(date +%s%N)"

after_events() {
  umount "$mnt" && losetup -d "$loop"
}
