#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: pnpm, dependencies and builds. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
PNPM_VERSION=10.34.9
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "bootstrap: installing pnpm $PNPM_VERSION with npm"
  npm install -g "pnpm@$PNPM_VERSION" >/dev/null
fi
# Native addons need a compiler and Python for node-gyp; say so clearly rather than fail deep inside.
for tool in make g++ python3; do
  command -v "$tool" >/dev/null 2>&1 || { echo "bootstrap: '$tool' is missing (needed by node-gyp for the socket shim)"; missing=1; }
done
if [ "${missing:-0}" = 1 ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  apt-get update -qq && apt-get install -y -qq build-essential python3 >/dev/null
fi
pnpm install --frozen-lockfile --reporter=silent
pnpm run -s build
