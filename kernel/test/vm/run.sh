#!/usr/bin/env bash
# One guest cycle on one kernel: set up (idempotent), build the module against that kernel's
# headers, build the initramfs, boot QEMU, load the module, run the guest suite (or --cmd),
# unload, check the kernel log. Ends with "guest-<series>: N passed, M failed"; exits non-zero
# on any failure, including a guest that never reported (panic, oops, timeout).
#
# Usage: run.sh --kernel 6.1|6.12 [--cmd 'shell command'] [--keep] [--timeout SECONDS]
#               [--module-src DIR] [--params 'insmod parameters'] [--tests 'FILE...']
#   --cmd         run this (in bash, from the checkout) instead of the guest suite; output streams
#   --tests       run only these guest test files (paths from the checkout's root) with node-tap
#   --keep        keep the work directory (module build, initramfs, console and result logs)
#   --module-src  module sources to build (default: kernel/ of this checkout)
#   --params      module parameters (default: test_commands=1)
# shellcheck disable=SC2317 # cleanup and on_signal run from traps
set -euo pipefail
# One compound command: bash parses it whole before running, so editing or updating this
# file during a run (a QEMU run takes minutes) cannot derail it.
{
source "$(dirname "$0")/lib/common.sh"
source "$VM_DIR/lib/kernel-image.sh"
source "$VM_DIR/lib/build-module.sh"
source "$VM_DIR/lib/initramfs.sh"
source "$VM_DIR/lib/qemu.sh"

series="" cmd="" tests="" keep=0 timeout_s="${USIP_VM_TIMEOUT:-1800}"
module_src="$REPO_ROOT/kernel" params="test_commands=1"
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel) series="${2:-}"; shift 2 ;;
    --cmd) cmd="${2:-}"; shift 2 ;;
    --keep) keep=1; shift ;;
    --timeout) timeout_s="${2:-}"; shift 2 ;;
    --module-src) module_src="$(cd "${2:-}" && pwd)"; shift 2 ;;
    --params) params="${2:-}"; shift 2 ;;
    --tests) tests="${2:-}"; shift 2 ;;
    -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
    *) die_loud "run.sh: unknown argument '$1' (see --help)" ;;
  esac
done
check_series "$series"
label="guest-$series"

# Every way out reports a count line, so the test runner never mistakes a crash for a pass.
report_failure() {
  (die_loud "$label: $*") || true
  echo "$label: 0 passed, 1 failed"
  exit 1
}

"$VM_DIR/setup.sh" --kernel "$series" || report_failure "set-up failed"
kver="$(cat "$CACHE_DIR/$series.kver")"
kdir="/usr/src/linux-headers-$kver"
qemu-system-x86_64 -version >/dev/null 2>&1 ||
  report_failure "qemu-system-x86_64 cannot run here: the guest suite did NOT run"

mkdir -p "$CACHE_DIR/runs"
# Work directories of runs killed outright (SIGKILL) are not cleaned by their trap: after a
# day they are certainly no one's.
find "$CACHE_DIR/runs" -mindepth 1 -maxdepth 1 -mmin +1440 -exec rm -rf {} + 2>/dev/null || true
work="$(mktemp -d "$CACHE_DIR/runs/$kver.XXXXXX")"
cleanup() {
  if [ "$keep" = 1 ]; then log "work directory kept: $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT

log "$label: building the module for $kver"
if ! ko="$(build_module "$module_src" "$kdir" "$work/module")"; then
  tail -n 60 "$work/module.log" >&2
  report_failure "the module does not build against $kver"
fi
build_initramfs "$kver" "$work/initramfs.cpio"

{
  printf 'export USIP_REPO=%q\n' "$REPO_ROOT"
  printf 'export USIP_KO=%q\n' "$ko"
  printf 'export USIP_KVER=%q USIP_KERNEL_SERIES=%q\n' "$kver" "$series"
  printf 'export USIP_MODULE_PARAMS=%q\n' "$params"
  printf 'export USIP_SESSION_SCRIPT=%q\n' "$VM_DIR/in-guest/session.sh"
  printf 'export USIP_GUEST=1\n'
  # The guest stops its own suite a minute before QEMU is killed, to still report.
  printf 'export USIP_SUITE_TIMEOUT=%d\n' "$((timeout_s > 120 ? timeout_s - 60 : timeout_s / 2))"
  printf 'export USIP_GUEST_TESTS=%q\n' "$tests"
  if [ -n "$cmd" ]; then
    printf '%s\n' "$cmd" >"$work/cmd.sh"
    printf 'export USIP_CMD_FILE=%q\n' "$work/cmd.sh"
  fi
} >"$work/session.env"

# Interrupted (Ctrl-C, the test runner giving up): stop our QEMU, by its pid, and say so.
on_signal() {
  [ -s "$work/qemu.pid" ] && kill "$(cat "$work/qemu.pid")" 2>/dev/null
  report_failure "interrupted"
}
trap on_signal INT TERM HUP

log "$label: booting Linux $kver under QEMU (TCG)"
: >"$work/result.txt"
# In the background so the trap above runs at once (bash defers traps while a foreground
# pipeline runs).
(
  set +e
  boot_guest "$kver" "$work" "$timeout_s" 2>&1 | tee "$work/console.log"
  exit "${PIPESTATUS[0]}"
) &
qemu_code=0
wait "$!" || qemu_code=$?

result="$(tr -d '\r' <"$work/result.txt")"
[ -n "$result" ] && printf '%s\n' "$result" | sed 's/^/usip-vm result: /' >&2
counts="$(printf '%s\n' "$result" | sed -n 's/^usip-result: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -1)"
exit_line="$(printf '%s\n' "$result" | sed -n 's/^usip-exit=\([0-9]*\)$/\1/p' | tail -1)"
passed=0 failed=0
[ -n "$counts" ] && read -r passed failed <<<"$counts"
if [ "$qemu_code" = 124 ] || [ "$qemu_code" = 137 ]; then
  log "$label: the guest timed out after ${timeout_s}s"
  failed=$((failed + 1))
elif [ -z "$exit_line" ]; then
  log "$label: the guest never reported its exit (kernel panic or oops? QEMU exit $qemu_code)"
  failed=$((failed + 1))
elif [ -z "$counts" ]; then
  log "$label: the guest session wrote no result line (exit $exit_line)"
  failed=$((failed + 1))
elif [ "$exit_line" != 0 ] && [ "$failed" = 0 ]; then
  failed=1
fi
# A recap of what failed, so a long console need not be searched (tap subtests up to 2 deep).
if [ "$failed" != 0 ]; then
  log "$label: failures:"
  tr -d '\r' <"$work/console.log" | grep -E '^( {0,4}not ok |usip-bench: not ok )' | sed 's/^/  /' >&2 || true
fi
echo "$label: $passed passed, $failed failed"
[ "$failed" = 0 ] && [ "$passed" -gt 0 ]
exit
}
