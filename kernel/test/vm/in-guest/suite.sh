# The guest test suite (sourced): every guest test file of the repository, run with the
# repository's node-tap, plus kernel/test/guest/run.sh (the module engineer's extra checks that
# are not tap files) when it exists. Runs from the repository root.
# shellcheck shell=bash

# Guest test files, one per line, sorted (kernel/test/guest/ at any depth, and each package's
# and the examples' test/guest/).
guest_test_files() {
  {
    [ -d kernel/test/guest ] && find kernel/test/guest -name node_modules -prune -o -name '*.test.ts' -print
    for dir in packages/*/test/guest examples/test/guest; do
      [ -d "$dir" ] && find "$dir" -name node_modules -prune -o -name '*.test.ts' -print
    done
  } | sort
}

# USIP_GUEST_TESTS (run.sh --tests) narrows the run to the given files and skips run.sh.
run_guest_suite() {
  local files=() log code
  if [ -n "${USIP_GUEST_TESTS:-}" ]; then
    read -r -a files <<<"$USIP_GUEST_TESTS"
  else
    mapfile -t files < <(guest_test_files)
  fi
  if [ "${#files[@]}" -gt 0 ]; then
    log="$(mktemp /tmp/usip-tap.XXXXXX)"
    echo "usip-bench: node-tap on ${#files[@]} guest test files"
    # TCG runs node several times slower than the host: give each file generous time.
    run_bounded node_modules/.bin/tap --reporter=tap --disable-coverage --allow-empty-coverage \
      --timeout="${USIP_GUEST_TAP_TIMEOUT:-240}" "${files[@]}" 2>&1 | tee "$log"
    code="${PIPESTATUS[0]}"
    add_tap_results "node-tap guest tests" "$log" "$code"
  fi
  if [ -f kernel/test/guest/run.sh ] && [ -z "${USIP_GUEST_TESTS:-}" ]; then
    log="$(mktemp /tmp/usip-extra.XXXXXX)"
    echo "usip-bench: kernel/test/guest/run.sh"
    run_bounded bash kernel/test/guest/run.sh 2>&1 | tee "$log"
    code="${PIPESTATUS[0]}"
    add_tap_results "kernel/test/guest/run.sh" "$log" "$code"
  fi
  if [ "${#files[@]}" = 0 ] && { [ ! -f kernel/test/guest/run.sh ] || [ -n "${USIP_GUEST_TESTS:-}" ]; }; then
    check_failed "guest suite: no kernel/test/guest/run.sh and no guest *.test.ts files"
  fi
}
