# shellcheck shell=bash disable=SC2016 # sourced by run-scenario.sh; the container script is quoted on purpose
# Storage scenario: a container-like namespace (own mount and pid namespaces, own mounts, a
# writer chrooted into the container's root). Three storage listeners (storage-watch.py): one
# here (not GLOBAL), one inside the container, and a GLOBAL one. A tmpfs is filled here and
# another in the container. Each listener's lines are printed as "FACT <name>_event JSON"
# (names: outside, container, global).
fact() { echo "FACT $1 $2"; }
# watch NAME [global]: a listener writing $WORK/NAME.jsonl, returning once it is registered.
watch() {
  python3 "$here/scenarios/storage-watch.py" 2 "$WORK/$1.done" "${2:-}" >"$WORK/$1.jsonl" &
  until grep -q '"ready"' "$WORK/$1.jsonl" 2>/dev/null; do
    kill -0 $! 2>/dev/null || { fact failed "watcher $1"; return 1; }
    sleep 0.1
  done
}
# print_events NAME PID: the listener's lines as facts, once it fell quiet.
print_events() {
  touch "$WORK/$1.done"
  wait "$2"
  sed "s/^/FACT $1_event /" "$WORK/$1.jsonl"
}
export here WORK

watch outside
outside_watcher=$!
watch global global
global_watcher=$!
fact t0 "$(date +%s%N)"

# Filled here, as this namespace sees it.
host_full="$WORK/host-full"
mkdir -p "$host_full"
mount -t tmpfs -o size=64k hostfull "$host_full"
fact host_mountpoint "$host_full"
fact host_dev "$(stat -c %d "$host_full")"
dd if=/dev/zero of="$host_full/filler" bs=4k 2>/dev/null &
fact host_pid $!
wait $!
fact host_ino "$(stat -c %i "$host_full/filler")"

# The container: its root is a tmpfs with a small tmpfs at /data, both mounted only in its
# own mount namespace; its listener runs in that namespace; its writer runs chrooted into the
# container's root, in the container's pid namespace.
unshare --mount --propagation private --pid --fork bash -c '
  fact() { echo "FACT $1 $2"; }
  '"$(declare -f watch print_events)"'
  root="$WORK/container-root"
  mkdir -p "$root"
  mount -t tmpfs -o size=1M croot "$root" && mkdir "$root/data" &&
    mount -t tmpfs -o size=64k cdata "$root/data" || fact failed "container mounts"
  fact container_dev "$(stat -c %d "$root/data")"
  watch container || exit 1
  container_watcher=$!
  python3 -c "
import os, sys
pids = [l.split()[1:] for l in open(\"/proc/self/status\") if l.startswith(\"NSpid:\")][0]
os.chroot(sys.argv[1]); os.chdir(\"/\")
fd = os.open(\"/data/filler\", os.O_CREAT | os.O_WRONLY)
print(\"FACT container_pid\", pids[0]); print(\"FACT container_vpid\", pids[-1])
print(\"FACT container_ino\", os.fstat(fd).st_ino, flush=True)
for i in range(100):
    try: os.write(fd, b\"x\" * 4096)
    except OSError as e: print(\"FACT container_errno\", e.errno); break
" "$root"
  print_events container "$container_watcher"
'
fact t1 "$(date +%s%N)"
print_events outside "$outside_watcher"
print_events global "$global_watcher"
