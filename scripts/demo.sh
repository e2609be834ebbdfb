#!/usr/bin/env bash
# The live demo of USIP (the README's main job). With nothing installed beforehand it sets up
# what it needs (scripts/bootstrap.sh, then the QEMU bench's set-up), boots a Debian 6.1 guest
# with the module loaded and, there, starts `usip watch`, mounts and unmounts file systems, fills
# a small tmpfs until it is full, and ends with what one mount-table change costs a watcher that
# re-reads /proc/self/mountinfo against USIP's incremental records, at a few thousand mounts.
#
# Usage: scripts/demo.sh [--kernel 6.1|6.12]   boot the guest and run the demo there
#        scripts/demo.sh --here                run the demo on this machine (module loaded, root)
# Environment: USIP_DEMO_MOUNTS (default 3000) mounts for the side-by-side.
set -euo pipefail
cd "$(dirname "$0")/.."

cli=packages/usip-client/dist/cli.js
usip() { node "$cli" "$@"; }
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
has_feature() { usip ping --json | grep -q "\"$1\""; }

# Waits until FILE contains PATTERN (a background command's "ready" line), at most 120 s.
wait_for() {
  local file="$1" pattern="$2" i
  for i in $(seq 240); do
    grep -q "$pattern" "$file" 2>/dev/null && return 0
    sleep 0.5
  done
  echo "demo: gave up waiting for '$pattern' in $file" >&2
  return 1
}

demo_events() {
  local dir=/tmp/usip-demo watch_err root_id
  mkdir -p "$dir"
  mount -t tmpfs usip-demo-scratch "$dir"
  mkdir -p "$dir/a" "$dir/b" "$dir/moved" "$dir/small"
  watch_err="$(mktemp)"

  step "usip ping: the module answers"
  usip ping
  step "usip families: usip_family among the kernel's generic netlink families"
  usip families | grep -E '^ *ID|nlctrl|VFS_DQUOT|usip_family'
  step "usip mounts: the mount table as a netlink dump (first lines)"
  usip mounts | head -6
  step "usip df $dir"
  usip df "$dir"

  step "usip watch, in the background: every event below is printed by it"
  node "$cli" watch 2>"$watch_err" & # not through the usip function: $! must be node itself
  local watcher=$!
  wait_for "$watch_err" 'usip: watching'
  cat "$watch_err"

  if has_feature real-mtab-events; then
    step "mount a tmpfs, bind it, move the bind, remount it read-only, unmount both"
    mount -t tmpfs usip-demo-a "$dir/a"
    mount --bind "$dir/a" "$dir/b"
    mount --move "$dir/b" "$dir/moved"
    mount -o remount,bind,ro "$dir/moved"
    umount "$dir/moved"
    umount "$dir/a"
  else
    step "this module build raises no real mount events (no kernel hooks): injecting them"
    root_id="$(head -1 /proc/self/mountinfo | cut -d' ' -f1)"
    usip test mtab --action attr --mount-id "$root_id"
  fi
  sleep 2

  step "fill a 256 KiB tmpfs until it is full"
  mount -t tmpfs -o size=256k usip-demo-small "$dir/small"
  dd if=/dev/zero of="$dir/small/fill" bs=4k 2>&1 | tail -1 || true
  usip df "$dir/small"
  if ! has_feature real-storage-events; then
    step "this module build raises no real ENOSPC events (no kernel hooks): injecting one"
    usip test enospc "$dir/small"
  fi
  sleep 2

  # A script's background jobs ignore SIGINT, so stop it with SIGTERM (handled like Ctrl-C).
  step "stop the watcher (as Ctrl-C would): it unregisters its listener and exits 0"
  kill -TERM "$watcher"
  wait "$watcher" && echo "usip watch exited with 0"
  umount "$dir/small"
  umount "$dir"
  rm -f "$watch_err"
}

# In a private mount namespace: N tmpfs mounts, then the side-by-side.
side_by_side() {
  local n="${USIP_DEMO_MOUNTS:-3000}"
  step "side-by-side at $n mounts: re-reading /proc/self/mountinfo vs USIP change records"
  unshare -m --propagation private bash -s "$n" <<'EOF'
set -euo pipefail
n="$1"
mkdir -p /tmp/usip-many
mount -t tmpfs usip-many /tmp/usip-many
# One process makes all the mounts (a fork per mount would take minutes under emulation).
python3 - "$n" <<'PY'
import ctypes, os, sys
libc = ctypes.CDLL(None, use_errno=True)
for i in range(int(sys.argv[1])):
    d = f"/tmp/usip-many/{i}".encode()
    os.mkdir(d)
    if libc.mount(b"usip-many", d, b"tmpfs", 0, None) != 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
PY
cd examples
node --import tsx src/mountinfo-vs-usip.ts --changes 50
EOF
}

case "${1:-}" in
  --in-guest | --here)
    [ "$(id -u)" = 0 ] || { echo "demo: run as root (it mounts file systems)" >&2; exit 1; }
    usip ping >/dev/null || exit $?
    demo_events
    side_by_side
    step "done: on a machine with the module loaded, the same \`usip ...\` commands work directly"
    ;;
  *)
    kernel=6.1
    [ "${1:-}" = --kernel ] && kernel="${2:?--kernel needs 6.1 or 6.12}"
    ./scripts/bootstrap.sh
    bash kernel/test/vm/setup.sh --kernel "$kernel"
    exec bash kernel/test/vm/run.sh --kernel "$kernel" --timeout 1500 \
      --cmd 'bash scripts/demo.sh --in-guest'
    ;;
esac
