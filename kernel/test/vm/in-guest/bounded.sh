# Runs guest commands within the session's time budget (sourced), so a hung test is stopped
# inside the guest, which can still unload the module, show the blocked tasks and report,
# instead of the host's timeout killing QEMU with no diagnosis.
# shellcheck shell=bash

# USIP_SUITE_TIMEOUT (seconds) is set by run.sh a little below its QEMU timeout.
SUITE_DEADLINE=$((SECONDS + ${USIP_SUITE_TIMEOUT:-540}))

# run_bounded CMD...: runs CMD with the time left; on timeout, logs the blocked tasks.
run_bounded() {
  local left=$((SUITE_DEADLINE - SECONDS)) code
  [ "$left" -lt 5 ] && left=5
  timeout -k 10 "$left" "$@"
  code=$?
  if [ "$code" = 124 ] || [ "$code" = 137 ]; then
    echo "usip-bench: '$*' ran out of time (${left}s); blocked tasks:"
    echo w >/proc/sysrq-trigger 2>/dev/null && dmesg | tail -n 80
  fi
  return "$code"
}
