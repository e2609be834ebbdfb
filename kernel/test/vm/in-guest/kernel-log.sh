# Kernel health checks for the guest session (sourced): the kernel log since the session's
# marker, and the taint flags, which catch a WARN even if its log line was lost.
# shellcheck shell=bash

KERNEL_LOG_MARKER="usip-bench: session start $$"
# Messages that mean the kernel (or the module) misbehaved.
KERNEL_LOG_BAD='WARNING:|BUG[: ]|Oops|general protection fault|Kernel panic|Call Trace:|UBSAN:|KASAN:|unreferenced object|still has objects|Objects remaining|refcount_t:|list_(add|del) corruption|sleeping function called from invalid context|possible circular locking|possible recursive locking|blocked for more than|soft lockup|hard LOCKUP|rcu.*stall|memory leak|leaked'
# Taint bits: B bad page (5), D oops (7), W warning (9), L soft lockup (14).
TAINT_BAD_MASK=$(((1 << 5) | (1 << 7) | (1 << 9) | (1 << 14)))

mark_kernel_log() {
  TAINT_AT_START="$(cat /proc/sys/kernel/tainted)"
  echo "$KERNEL_LOG_MARKER" >/dev/kmsg
}

# The kernel log written since mark_kernel_log.
kernel_log_since_mark() {
  dmesg | awk -v m="$KERNEL_LOG_MARKER" 'found { print } index($0, m) { found = 1 }'
}

check_kernel_log() {
  local bad taint_now new_taint
  bad="$(kernel_log_since_mark | grep -E "$KERNEL_LOG_BAD")"
  if [ -n "$bad" ]; then
    echo "usip-bench: the kernel log shows trouble:"
    kernel_log_since_mark | grep -E -B2 -A20 "$KERNEL_LOG_BAD" | head -120
    check_failed "kernel log free of WARNING/BUG/Oops/leaks"
  else
    check_passed "kernel log free of WARNING/BUG/Oops/leaks"
  fi
  taint_now="$(cat /proc/sys/kernel/tainted)"
  new_taint=$(((taint_now & ~TAINT_AT_START) & TAINT_BAD_MASK))
  if [ "$new_taint" != 0 ]; then
    check_failed "kernel taint: new bad flags $new_taint (tainted $TAINT_AT_START -> $taint_now)"
  else
    check_passed "kernel not tainted by a warning, oops, bad page or lockup"
  fi
}
