# Pass/fail bookkeeping for the guest session (sourced). Every check the bench makes and
# every tap total the suite reports adds up to the one result line the host reads.
# shellcheck shell=bash

TALLY_PASSED=0
TALLY_FAILED=0

check_passed() {
  TALLY_PASSED=$((TALLY_PASSED + 1))
  echo "usip-bench: ok - $*"
}

check_failed() {
  TALLY_FAILED=$((TALLY_FAILED + 1))
  echo "usip-bench: not ok - $*"
}

# tap_totals LOG: "PASS FAIL" summed over tap's summary lines ("# { total: 9, pass: 8, fail: 1 }";
# tap leaves out a key whose count is zero), or nothing when the log has none.
tap_totals() {
  awk '
    /^# \{ total: [0-9]+/ {
      found = 1
      if (match($0, /pass: [0-9]+/)) pass += substr($0, RSTART + 6, RLENGTH - 6)
      if (match($0, /fail: [0-9]+/)) fail += substr($0, RSTART + 6, RLENGTH - 6)
    }
    END { if (found) print pass + 0, fail + 0 }
  ' "$1"
}

# add_tap_results NAME LOG EXIT_CODE: adds a tap run's totals; a run that printed no totals,
# or exited non-zero without counting a failure, counts as one failure so it cannot pass.
add_tap_results() {
  local name="$1" log="$2" code="$3" totals pass fail
  totals="$(tap_totals "$log")"
  if [ -z "$totals" ]; then
    check_failed "$name printed no tap totals (exit $code)"
    return
  fi
  read -r pass fail <<<"$totals"
  TALLY_PASSED=$((TALLY_PASSED + pass))
  TALLY_FAILED=$((TALLY_FAILED + fail))
  echo "usip-bench: $name: $pass passed, $fail failed (exit $code)"
  if [ "$code" != 0 ] && [ "$fail" = 0 ]; then
    check_failed "$name exited with $code"
  fi
}
