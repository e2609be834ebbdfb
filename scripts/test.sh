#!/usr/bin/env bash
# The test command: sets up what it needs, then runs every suite (host and guest).
set -euo pipefail
cd "$(dirname "$0")/.."
./scripts/bootstrap.sh
exec node scripts/run-tests.mjs "$@"
