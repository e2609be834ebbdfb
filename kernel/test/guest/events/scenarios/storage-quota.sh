# shellcheck shell=bash # sourced by run-scenario.sh
# Storage scenario: a user over quota. ext4 with the quota feature on a loop device, mounted
# with usrquota (limits enforced), a block and an inode limit for an unprivileged uid; that
# uid writes until EDQUOT (write, writev, fallocate), then creates files until EDQUOT, then
# mkdir, mknod, symlink, link and rename fail with EDQUOT too.
# Prints "FACT key value" lines the test checks the events against.
fact() { echo "FACT $1 $2"; }
usage() { sync; stat -f -c '%t %s %S %b %f %a %c %d %l' "$1"; }
uid=4321 gid=4321
# A command prefix, not a function: "${as_user[@]}" CMD & leaves $! the command's own pid.
as_user=(setpriv --reuid="$uid" --regid="$gid" --clear-groups --)
# quota_v2 holds the quota file format ext4's hidden quota inodes use.
modprobe -a loop ext4 quota_v2 || fact failed modprobe

img="$WORK/quota.img" mnt="$WORK/quota"
mkdir -p "$mnt"
truncate -s 16M "$img"
mkfs.ext4 -q -F -O quota -E lazy_itable_init=0,lazy_journal_init=0 "$img" || fact failed mkfs
loop="$(losetup --find --show "$img")" || fact failed losetup
mount -t ext4 -o usrquota "$loop" "$mnt" || fact failed mount
mkdir "$mnt/home"
chown "$uid:$gid" "$mnt/home"
# The source of the user's sendfile/splice/copy_file_range: root's, on the same file system.
head -c 65536 /dev/zero >"$mnt/source" && chmod 644 "$mnt/source"
# Block limit 256 KiB, inode limit 6 (the home directory is one of them), set with
# quotactl(Q_SETQUOTA) on the device.
python3 -c '
import ctypes, sys
Q_SETQUOTA, USRQUOTA, QIF_BLIMITS, QIF_ILIMITS = 0x800008, 0, 1, 4
class Dqblk(ctypes.Structure):
    _fields_ = [(n, ctypes.c_uint64) for n in ("bhard", "bsoft", "curspace", "ihard", "isoft",
                "curinodes", "btime", "itime")] + [("valid", ctypes.c_uint32)]
libc = ctypes.CDLL(None, use_errno=True)
libc.quotactl.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_void_p]
q = Dqblk(bhard=256, ihard=6, valid=QIF_BLIMITS | QIF_ILIMITS)
cmd = ctypes.c_int((Q_SETQUOTA << 8 | USRQUOTA) - (1 << 32)).value
if libc.quotactl(cmd, sys.argv[1].encode(), int(sys.argv[2]), ctypes.byref(q)):
    print("FACT failed quotactl", ctypes.get_errno())
' "$loop" "$uid"
fact mountpoint "$mnt"
fact loop "$loop"
fact loop_rdev "$(stat -c '%Hr:%Lr' "$loop")"
fact dev "$(stat -c %d "$mnt")"
fact home_ino "$(stat -c %i "$mnt/home")"
fact uid "$uid"
fact gid "$gid"
fact t0 "$(date +%s%N)"

# write(2) as the user until the block limit: the system python, which any uid can run.
"${as_user[@]}" /usr/bin/python3 -c '
import os, sys
fd = os.open(sys.argv[1], os.O_CREAT | os.O_WRONLY, 0o644)
print("FACT write_pid", os.getpid()); print("FACT write_ino", os.fstat(fd).st_ino, flush=True)
for i in range(1000):
    try: os.write(fd, b"x" * 65536)
    except OSError as e: print("FACT write_errno", e.errno); break
' "$mnt/home/filler"
fact usage_write "$(usage "$mnt")"

# writev(2) and fallocate(2) as the user, over the same block limit.
"${as_user[@]}" /usr/bin/python3 -c '
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_APPEND)
print("FACT writev_pid", os.getpid(), flush=True)
try: os.writev(fd, [b"x" * 4096] * 4)
except OSError as e: print("FACT writev_errno", e.errno)
' "$mnt/home/filler"
fact usage_writev "$(usage "$mnt")"
"${as_user[@]}" fallocate -l 64K "$mnt/home/fa" 2>"$WORK/fallocate.err" &
fact fallocate_pid $!
wait $!
fact fallocate_error "$(grep -o 'Disk quota exceeded' "$WORK/fallocate.err" | head -n 1)"
fact fallocate_ino "$(stat -c %i "$mnt/home/fa")"
fact usage_fallocate "$(usage "$mnt")"

# sendfile(2), splice(2) from a pipe and copy_file_range(2) into new files, as the user: the
# splice paths into the file system. The files are all created first, so the figures stay.
"${as_user[@]}" /usr/bin/python3 -c '
import os, sys
home, src = sys.argv[1], os.open(sys.argv[2], os.O_RDONLY)
print("FACT splice_pid", os.getpid(), flush=True)
r, w = os.pipe()
os.write(w, b"x" * 4096)
calls = {"sendfile": lambda fd: os.sendfile(fd, src, 0, 65536),
         "splice": lambda fd: os.splice(r, fd, 4096),
         "copy_file_range": lambda fd: os.copy_file_range(src, fd, 65536, 0)}
fds = {name: os.open(os.path.join(home, name), os.O_CREAT | os.O_WRONLY, 0o644) for name in calls}
for name, call in calls.items():
    print("FACT %s_ino" % name, os.fstat(fds[name]).st_ino, flush=True)
    try: call(fds[name])
    except OSError as e: print("FACT %s_errno" % name, e.errno, flush=True)
' "$mnt/home" "$mnt/source"
fact usage_splice "$(usage "$mnt")"

# open(O_CREAT) as the user until the inode limit.
"${as_user[@]}" /usr/bin/python3 -c '
import os, sys
print("FACT create_pid", os.getpid(), flush=True)
for i in range(20):
    try: open(os.path.join(sys.argv[1], "c%d" % i), "w").close()
    except OSError as e: print("FACT create_errno", e.errno); break
' "$mnt/home"
fact usage_create "$(usage "$mnt")"

# mkdir(2), mknod(2) and symlink(2) as the user, over the same inode limit; then link(2) and
# rename(2) of its file until its directory needs a block, over its block limit.
"${as_user[@]}" /usr/bin/python3 "$(dirname "${BASH_SOURCE[0]}")/storage-creates.py" \
  "$mnt/home" filler
fact usage_names "$(usage "$mnt")"
fact t1 "$(date +%s%N)"

after_events() {
  umount "$mnt" && losetup -d "$loop"
}
