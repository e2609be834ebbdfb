#!/usr/bin/env bash
# The module's guest tests, run in the guest by kernel/test/vm after the parallel tap files.
# They count live kernel objects, inject events and reload the module, so they run alone, in
# one tap process (module.guest.ts). Prints tap's totals.
set -u
cd "$(dirname "$0")/../../.." || exit 1
exec node_modules/.bin/tap --reporter=tap --disable-coverage --allow-empty-coverage \
  --timeout="${USIP_GUEST_TAP_TIMEOUT:-900}" kernel/test/guest/module.guest.ts
