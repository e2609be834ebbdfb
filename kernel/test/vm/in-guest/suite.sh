# The guest test suite (sourced), run from the repository root: kernel/test/guest/run.sh, the
# module's own suite (it must run alone: it counts live kernel objects and reloads the module),
# when it exists; then every guest tap file of the repository with the repository's node-tap.
# shellcheck shell=bash

# Guest tap files, one per line, sorted (kernel/test/guest/ at any depth, and each package's
# and the examples' test/guest/).
guest_test_files() {
  local dir
  for dir in kernel/test/guest packages/*/test/guest examples/test/guest; do
    [ -d "$dir" ] && find "$dir" -name node_modules -prune -o -name '*.test.ts' -print
  done | sort
}

# run_tap_files PERCENT FILE...: one node-tap run (two files at a time), counted.
run_tap_files() {
  local share="$1" log code
  shift
  log="$(mktemp /tmp/usip-tap.XXXXXX)"
  echo "usip-bench: node-tap on $# guest test files"
  # TCG runs node many times slower than the host: give each file generous time.
  run_bounded "$share" node_modules/.bin/tap --reporter=tap --disable-coverage --allow-empty-coverage \
    --timeout="${USIP_GUEST_TAP_TIMEOUT:-300}" "$@" 2>&1 | tee "$log"
  code="${PIPESTATUS[0]}"
  add_tap_results "node-tap guest tests" "$log" "$code"
}

# run_module_suite PERCENT: kernel/test/guest/run.sh, counted by the tap totals it prints.
run_module_suite() {
  local share="$1" log code
  log="$(mktemp /tmp/usip-module.XXXXXX)"
  echo "usip-bench: kernel/test/guest/run.sh"
  run_bounded "$share" bash kernel/test/guest/run.sh 2>&1 | tee "$log"
  code="${PIPESTATUS[0]}"
  add_tap_results "kernel/test/guest/run.sh" "$log" "$code"
}

# USIP_GUEST_TESTS (run.sh --tests) narrows the run to the given tap files.
run_guest_suite() {
  local files=()
  if [ -n "${USIP_GUEST_TESTS:-}" ]; then
    read -r -a files <<<"$USIP_GUEST_TESTS"
    run_tap_files 100 "${files[@]}"
    return
  fi
  mapfile -t files < <(guest_test_files)
  if [ -f kernel/test/guest/run.sh ]; then
    # The module's suite first, with at most 60% of the time if tap files wait behind it.
    run_module_suite "$([ "${#files[@]}" -gt 0 ] && echo 60 || echo 100)"
  fi
  if [ "${#files[@]}" -gt 0 ]; then
    run_tap_files 100 "${files[@]}"
  fi
  if [ "${#files[@]}" = 0 ] && [ ! -f kernel/test/guest/run.sh ]; then
    check_failed "guest suite: no kernel/test/guest/run.sh and no guest *.test.ts files"
  fi
}
