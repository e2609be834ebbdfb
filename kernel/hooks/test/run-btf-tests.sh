#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Tests the hooks' BTF reader (../usip-btf.c) in user space: every member offset the hooks
# resolve must equal what pahole reports for the same BTF, and corrupted or truncated BTF must
# be rejected cleanly (built with ASan + UBSan, so any bad access fails the run).
# Usage: run-btf-tests.sh [BTF_FILE...]   (default: this host's /sys/kernel/btf/vmlinux)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${TMPDIR:-/tmp}/usip-btf-test.$$
trap 'rm -f "$bin"' EXIT
command -v pahole >/dev/null || { echo "FAIL: pahole (package dwarves) is needed" >&2; exit 1; }
gcc -Wall -Wextra -Werror -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
	-o "$bin" "$here/btf-test.c" "$here/../usip-btf.c"

# The members usip-layout.c resolves, as STRUCT PATH [TYPE_OF_FIRST_COMPONENT_FOR_PATHS].
members='mount mnt
mount mnt_parent
mount mnt_mountpoint
mount mnt_id
mount mnt_group_id
mount mnt_master
mount mnt_ns
mount mnt_devname
mount mnt_list
mount mnt_mounts
mount mnt_child
mount mnt_llist
mnt_namespace root
mnt_namespace ns.inum ns_common'

# Offset of MEMBER in STRUCT as pahole prints it ("/* offset size */" after the member).
pahole_offset() {
	pahole -F btf -C "$2" "$1" 2>/dev/null |
		awk -v m="$3" '$0 ~ ("[ *]" m ";[ \t]") { sub(/.*\/\*[ \t]*/, ""); print $1; exit }'
}

failures=0
check() {
	local btf=$1 st=$2 path=$3 inner_type=${4:-} got expected first rest
	got=$("$bin" query "$btf" "$st" "$path" | cut -d' ' -f1)
	case $path in
	*.*)
		first=${path%%.*} rest=${path#*.}
		expected=$(($(pahole_offset "$btf" "$st" "$first") + $(pahole_offset "$btf" "$inner_type" "$rest")))
		;;
	*) expected=$(pahole_offset "$btf" "$st" "$path") ;;
	esac
	if [ "$got" = "$expected" ]; then
		echo "ok   $btf $st.$path = $got"
	else
		echo "FAIL $btf $st.$path: reader says '$got', pahole says '$expected'"
		failures=$((failures + 1))
	fi
}

expect_error() {
	local btf=$1 st=$2 path=$3 want=$4 got
	got=$("$bin" query "$btf" "$st" "$path")
	if [ "$got" = "error $want" ]; then
		echo "ok   $btf $st.$path -> error $want"
	else
		echo "FAIL $btf $st.$path: expected error $want, got '$got'"
		failures=$((failures + 1))
	fi
}

[ $# -gt 0 ] || set -- /sys/kernel/btf/vmlinux
for btf in "$@"; do
	while read -r st path inner; do check "$btf" "$st" "$path" "$inner"; done <<EOM
$members
EOM
	expect_error "$btf" mount no_such_member -2
	expect_error "$btf" no_such_struct mnt_id -2
	expect_error "$btf" mount mnt_id.x -22
	expect_error "$btf" mount "" -22
	# A bit field has no byte offset: refusing it beats returning a wrong one.
	expect_error "$btf" sk_buff pkt_type -22
	# Enumerators, against pahole's rendering of the enum.
	for e in UMOUNT_SYNC UMOUNT_PROPAGATE UMOUNT_CONNECTED; do
		got=$("$bin" enum "$btf" $e x)
		expected=$(pahole -F btf -E -C umount_tree_flags "$btf" 2>/dev/null |
			awk -v e="$e" '$1 == e { gsub(/[=,]/, " "); print $2 }')
		if [ -n "$expected" ] && [ "$got" = "$expected" ]; then
			echo "ok   $btf enum $e = $got"
		else
			echo "FAIL $btf enum $e: reader says '$got', pahole says '$expected'"
			failures=$((failures + 1))
		fi
	done
	head -c 100 "$btf" >"$bin.short"
	expect_error "$bin.short" mount mnt_id -22
	rm -f "$bin.short"
	"$bin" fuzz "$btf" 300 0x5eed || failures=$((failures + 1))
done
[ "$failures" -eq 0 ] && echo "all BTF reader tests passed" || { echo "$failures failure(s)"; exit 1; }
