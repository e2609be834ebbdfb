#!/usr/bin/env bash
# Runs one guest scenario of the kernel/hooks tests in a private mount namespace:
# starts usip_events.py (listener + both groups + change log), waits until it is ready,
# runs SCENARIO (a bash file, sourced, in the same namespace), then waits for the watcher to
# fall quiet, then prints the watcher's JSON lines after the scenario's own output.
# Usage: run-scenario.sh SCENARIO.sh [QUIET_SECONDS]
set -u
here="$(cd "$(dirname "$0")" && pwd)"
scenario="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
quiet="${2:-4}"
exec unshare --mount --propagation private bash -c '
  set -u
  here="$1" scenario="$2" quiet="$3"
  work="$(mktemp -d /tmp/usip-events.XXXXXX)"
  mount -t tmpfs scratch "$work" || exit 1
  python3 "$here/usip_events.py" watch "$quiet" "$work/done" >"$work/events.jsonl" &
  watcher=$!
  until grep -q "\"ready\"" "$work/events.jsonl" 2>/dev/null; do
    kill -0 "$watcher" 2>/dev/null || { echo "watcher failed" >&2; exit 1; }
    sleep 0.1
  done
  export WORK="$work"
  # shellcheck disable=SC1090
  source "$scenario"
  touch "$work/done"
  wait "$watcher"
  [ "$(type -t after_events)" = function ] && after_events
  sed "s/^/EVENT /" "$work/events.jsonl"
' run-scenario "$here" "$scenario" "$quiet"
