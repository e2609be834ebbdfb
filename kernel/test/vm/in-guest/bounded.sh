# Runs guest commands within the session's time budget (sourced), so a hung test is stopped
# inside the guest, which can still unload the module, show the blocked tasks and report,
# instead of the host's timeout killing QEMU with no diagnosis.
# shellcheck shell=bash

# USIP_SUITE_TIMEOUT (seconds) is set by run.sh a little below its QEMU timeout.
SUITE_DEADLINE=$((SECONDS + ${USIP_SUITE_TIMEOUT:-840}))

# run_bounded PERCENT CMD...: runs CMD with PERCENT of the time left (so a part that hangs
# leaves time for the parts after it); on timeout, logs the tasks blocked in the kernel.
run_bounded() {
  local share="$1" left code
  shift
  left=$(((SUITE_DEADLINE - SECONDS) * share / 100))
  [ "$left" -lt 5 ] && left=5
  timeout -k 10 "$left" "$@"
  code=$?
  if [ "$code" = 124 ] || [ "$code" = 137 ]; then
    echo "usip-bench: '$*' ran out of time (${left}s); blocked tasks:"
    echo w >/proc/sysrq-trigger 2>/dev/null &&
      kernel_log_since_mark | awk '/sysrq: Show Blocked State/ { found = 1 } found' | head -n 100
  fi
  return "$code"
}
