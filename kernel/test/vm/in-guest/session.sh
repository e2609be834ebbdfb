#!/usr/bin/env bash
# shellcheck source-path=SCRIPTDIR
# The guest session, run by /init chrooted into the writable overlay of the host's root with
# session.env loaded: load the module, run the guest suite (or the --cmd command), unload,
# check the kernel's health, and write "usip-result: N passed, M failed" to ttyS1.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$HERE/tally.sh"
source "$HERE/kernel-log.sh"
source "$HERE/bounded.sh"
source "$HERE/suite.sh"

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 CI=1 TERM=dumb
cd "$USIP_REPO" || exit 1

mark_kernel_log
module_name="$(modinfo -F name "$USIP_KO" 2>/dev/null || true)"
module_name="${module_name:-$(basename "$USIP_KO" .ko)}"
# shellcheck disable=SC2086 # the parameters are words on purpose
if insmod "$USIP_KO" $USIP_MODULE_PARAMS; then
  check_passed "insmod $(basename "$USIP_KO") $USIP_MODULE_PARAMS"
  if [ -n "${USIP_CMD_FILE:-}" ]; then
    run_bounded 100 bash "$USIP_CMD_FILE"
    code=$?
    if [ "$code" = 0 ]; then check_passed "command"; else check_failed "command exited with $code"; fi
  else
    run_guest_suite
  fi
  # The suite may have unloaded the module itself (load/unload cycles): unload only what is left.
  if [ -d "/sys/module/$module_name" ]; then
    if rmmod "$module_name"; then check_passed "rmmod $module_name"; else check_failed "rmmod $module_name"; fi
  fi
else
  check_failed "insmod $USIP_KO $USIP_MODULE_PARAMS"
fi
check_kernel_log

echo "usip-result: $TALLY_PASSED passed, $TALLY_FAILED failed" >/dev/ttyS1
[ "$TALLY_FAILED" = 0 ]
