#!/usr/bin/env bash
# The guest benchmark of issue 6 (kernel/test/bench/README.md): boots each kernel under QEMU with
# the module loaded (kernel/test/vm/run.sh) and runs there the mount-table watcher bench (watcher
# CPU per change at several table sizes, a mount burst with watchers) and the hook cost.
# Prints the figures ("usip-figure: ..." lines) per kernel; a benchmark, not a test: it fails
# only when it could not run.
#
# Usage: run-guest-bench.sh [--kernel 6.1|6.12|both] [--sizes 1000,5000,15000] [--changes 20]
#                           [--warmup 1000] [--burst 15000] [--hook-rounds 7] [--timeout 2400]
#                           [--keep] [--profile] [--node-flags 'FLAGS'] [--hooks-only]
#                           [--module-src DIR]
#   --kernel   which kernels (default 6.1; "both" = 6.1 then 6.12, one guest at a time)
#   --keep     keep the work directory (helpers, full console logs) and print where it is
#   --profile  also print where the USIP watcher spends its CPU (V8 profile, self time)
#   --node-flags  options for the node of the Node watchers, e.g. '--single-threaded'
#   --hooks-only  only the hook cost (write, mount, read, any system call), no watchers
#   --module-src DIR  build the module from DIR instead of kernel/ (an A/B of two trees)
set -euo pipefail
{
cd "$(dirname "$0")/../../.."
repo="$PWD"

kernels="6.1" sizes="1000,5000,15000" changes=20 warmup=1000 burst=15000 rounds=7 timeout_s=2400 keep=0
profile= node_flags= hooks_only= module_src=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel) kernels="${2:?}"; shift 2 ;;
    --sizes) sizes="${2:?}"; shift 2 ;;
    --changes) changes="${2:?}"; shift 2 ;;
    --warmup) warmup="${2:?}"; shift 2 ;;
    --burst) burst="${2:?}"; shift 2 ;;
    --hook-rounds) rounds="${2:?}"; shift 2 ;;
    --timeout) timeout_s="${2:?}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --profile) profile=" --profile"; shift ;;
    --hooks-only) hooks_only=1; shift ;;
    --module-src) module_src=(--module-src "${2:?}"); shift 2 ;;
    --node-flags) node_flags="${2?}"; shift 2 ;;
    -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "run-guest-bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
[ "$kernels" = both ] && kernels="6.1 6.12"

# The watchers run the packages' built output: rebuild it when a source is newer.
stale_packages() {
  local pkg
  for pkg in netlink-core usip-genl usip-client; do
    [ -f "packages/$pkg/dist/index.js" ] || return 0
    [ -z "$(find "packages/$pkg/src" -newer "packages/$pkg/dist/index.js" -print -quit)" ] || return 0
  done
  return 1
}
if stale_packages; then
  echo "run-guest-bench: building the packages (sources newer than dist/)" >&2
  pnpm --filter './packages/**' run build >/dev/null
fi

# The C helpers are built here, in a directory the guest sees through its 9p view of the host.
work="$(mktemp -d /tmp/usip-guest-bench.XXXXXX)"
cleanup() { if [ "$keep" = 1 ]; then echo "run-guest-bench: kept $work" >&2; else rm -rf "$work"; fi; }
trap cleanup EXIT
for tool in mount-ctl reread-watcher hook-cost; do
  gcc -O2 -Wall -Wextra -o "$work/$tool" "kernel/test/bench/$tool.c"
done
# The C USIP watcher takes every USIP number from the generated UAPI header of this checkout;
# its table and table check are self-tested here first (pure parts, the host's mountinfo).
c_usip=kernel/test/bench/c-usip
gcc -O2 -Wall -Wextra -I kernel/include/uapi -o "$work/usip-watcher" kernel/test/bench/usip-watcher.c \
  "$c_usip/genl.c" "$c_usip/usip-proto.c" "$c_usip/mount-table.c" "$c_usip/mountinfo-check.c"
gcc -O2 -Wall -Wextra -o "$work/c-usip-self-test" \
  "$c_usip/self-test.c" "$c_usip/mount-table.c" "$c_usip/mountinfo-check.c"
if ! "$work/c-usip-self-test" >"$work/c-usip-self-test.log"; then
  echo "run-guest-bench: the C USIP watcher's self-test failed:" >&2
  cat "$work/c-usip-self-test.log" >&2
  exit 1
fi

status=0
for kernel in $kernels; do
  log="$work/console-$kernel.log"
  echo "run-guest-bench: Linux $kernel, console in $log" >&2
  cmd="bash kernel/test/bench/in-guest.sh $work $rounds --sizes $sizes --changes $changes"
  cmd+=" --warmup $warmup --burst $burst$profile"
  [ -z "$node_flags" ] || cmd+=" '--node-flags=$node_flags'"
  [ -z "$hooks_only" ] || cmd="bash kernel/test/bench/in-guest.sh $work $rounds --hooks-only"
  if ! bash kernel/test/vm/run.sh --kernel "$kernel" --timeout "$timeout_s" "${module_src[@]}" \
    --cmd "$cmd" >"$log" 2>&1; then
    status=1
    echo "run-guest-bench: the guest run on $kernel failed; its end:" >&2
    tail -n 40 "$log" | tr -d '\r' >&2
  fi
  echo "# guest bench, Linux $(sed -n 's/.*building the module for \([^ ]*\).*/\1/p' "$log" | head -1)"
  tr -d '\r' <"$log" | sed -n 's/^usip-figure: //p; s/^\(usip-figure-[a-z-]*json: .*\)$/\1/p'
done
exit "$status"
}
