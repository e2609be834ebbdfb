#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# User-space tests of the hooks' pure parts: the BTF reader (against pahole, on this host's
# BTF and on the guest kernels' BTF when given) and the storage-event rate limiter.
# Usage: run-unit-tests.sh [BTF_FILE...]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${TMPDIR:-/tmp}/usip-rl-test.$$
trap 'rm -f "$bin"' EXIT
gcc -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-o "$bin" "$here/ratelimit-test.c" "$here/../usip-ratelimit.c"
"$bin"
"$here/run-btf-tests.sh" "$@"
