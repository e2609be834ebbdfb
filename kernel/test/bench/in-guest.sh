#!/usr/bin/env bash
# The guest side of run-guest-bench.sh, run by kernel/test/vm/run.sh --cmd from the checkout's
# root with the module loaded: the mount-table watcher bench (mtab-watchers.mjs), then the hook
# cost (hook-cost.c) in one boot, rotating between four states: module unloaded; loaded with
# no listener (the write hooks are disarmed then); loaded with a listener of both event types
# (kernel/test/guest/events/usip_events.py: the write hooks armed, every write runs them); the
# same with write_hook=syscall (write system calls seen at the sys_exit tracepoint).
# Usage: in-guest.sh BIN_DIR HOOK_ROUNDS [--hooks-only | mtab-watchers.mjs options...]
# Figures are printed as "usip-figure: ..." lines (the host picks them out of the console).
set -euo pipefail
bin="$1" rounds="$2"
shift 2

[ "${1:-}" = --hooks-only ] || node kernel/test/bench/mtab-watchers.mjs --bin "$bin" "$@"

module="$(modinfo -F name "$USIP_KO" 2>/dev/null || basename "$USIP_KO" .ko)"
# shellcheck disable=SC2086 # the parameters are words on purpose
load() { [ -d "/sys/module/$module" ] || insmod "$USIP_KO" $USIP_MODULE_PARAMS "$@"; }
unload() { [ ! -d "/sys/module/$module" ] || rmmod "$module"; }

# One measurement of each operation, in a private mount namespace on a tmpfs of its own (a
# write to the guest's overlay would cross vfs_write twice).
measure() {
  unshare --mount --propagation private bash -s "$bin" <<'SH'
set -euo pipefail
dir=/tmp/usip-hook-cost
mkdir -p "$dir"
mount -t tmpfs usip-hook-cost "$dir"
"$1/hook-cost" write "$dir" 20000
"$1/hook-cost" mount "$dir" 400
"$1/hook-cost" read "$dir" 20000
"$1/hook-cost" syscall "$dir" 100000
umount -l "$dir"
SH
}

listener=""
listen() {
  local out
  out="$(mktemp)"
  python3 kernel/test/guest/events/usip_events.py watch 3600 /nonexistent >"$out" &
  listener=$!
  until grep -q '"ready"' "$out"; do
    kill -0 "$listener" || { echo "usip-figure: the listener failed" >&2; exit 1; }
    sleep 0.1
  done
  rm -f "$out"
}
unlisten() { [ -z "$listener" ] || { kill "$listener"; wait "$listener" || true; listener=""; }; }

results="$(mktemp)"
states=(unloaded loaded listening listening-syscall)
for round in $(seq "$rounds"); do
  # Rotate which state goes first, so a drift of the host's load does not favour one.
  for i in 0 1 2 3; do
    state="${states[$(((round + i) % 4))]}"
    case "$state" in
    unloaded) unload ;;
    loaded) load ;;
    listening) load && listen ;;
    listening-syscall) unload && load write_hook=syscall && listen ;;
    esac
    measure | while read -r op ns; do
      echo "$state $op $ns" >>"$results"
      echo "usip-figure: hook cost round $round, module $state: $op $ns ns"
    done
    unlisten
    [ "$state" != listening-syscall ] || unload
  done
done
load

# Per (state, op): the median, and the minimum (the host's load only ever adds time, so the
# quietest round is the closest to the operation's own cost); loaded/unloaded ratios of both.
values() { grep "^$1 $2 " "$results" | awk '{print $3}' | sort -n; }
median() { values "$1" "$2" | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
minimum() { values "$1" "$2" | head -1; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.3f", a / b}'; }
for op in write mount read syscall; do
  ml="$(median loaded "$op")" mu="$(median unloaded "$op")" mw="$(median listening "$op")"
  nl="$(minimum loaded "$op")" nu="$(minimum unloaded "$op")" nw="$(minimum listening "$op")"
  ms="$(median listening-syscall "$op")" ns="$(minimum listening-syscall "$op")"
  what="4 KiB pwrite"
  [ "$op" = mount ] && what="mount+umount"
  [ "$op" = read ] && what="4 KiB pread"
  [ "$op" = syscall ] && what="getppid()"
  echo "usip-figure: hook cost, $what over $rounds rounds, loaded/unloaded ns: median $ml/$mu ($(ratio "$ml" "$mu")), minimum $nl/$nu ($(ratio "$nl" "$nu"))"
  echo "usip-figure: hook cost, $what over $rounds rounds, listening/unloaded ns: median $mw/$mu ($(ratio "$mw" "$mu")), minimum $nw/$nu ($(ratio "$nw" "$nu"))"
  echo "usip-figure: hook cost, $what over $rounds rounds, listening with write_hook=syscall/unloaded ns: median $ms/$mu ($(ratio "$ms" "$mu")), minimum $ns/$nu ($(ratio "$ns" "$nu"))"
  printf 'usip-figure-hooks-json: {"op":"%s","rounds":%d,"median":[%s,%s,%s,%s],"minimum":[%s,%s,%s,%s],"order":["loaded","unloaded","listening","listening-syscall"]}\n' \
    "$op" "$rounds" "$ml" "$mu" "$mw" "$ms" "$nl" "$nu" "$nw" "$ns"
done
rm -f "$results"
