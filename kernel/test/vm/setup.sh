#!/usr/bin/env bash
# Idempotent host set-up for the QEMU bench: tools, kernel headers and guest kernel images.
# Usage: setup.sh [--kernel 6.1|6.12]... (default: both). Prints nothing when all is in place.
# Must run as root (apt-get). Cache: $USIP_VM_CACHE, default /var/cache/usip-vm.
set -euo pipefail
# One compound command: bash parses it whole before running, so editing or updating this
# file during a run (a QEMU run takes minutes) cannot derail it.
{
source "$(dirname "$0")/lib/common.sh"
source "$VM_DIR/lib/kernels.sh"
source "$VM_DIR/lib/vmlinux.sh"
source "$VM_DIR/lib/kernel-image.sh"

series_list=()
while [ $# -gt 0 ]; do
  case "$1" in
    --kernel) check_series "${2:-}"; series_list+=("$2"); shift 2 ;;
    -h | --help) sed -n '2,4p' "$0"; exit 0 ;;
    *) die_loud "setup.sh: unknown argument '$1'" ;;
  esac
done
[ "${#series_list[@]}" = 0 ] && series_list=(6.1 6.12)

[ "$(id -u)" = 0 ] || die_loud "setup.sh must run as root (it installs packages with apt-get)"
command -v apt-get >/dev/null || die_loud "setup.sh needs apt-get (Debian); install QEMU by hand"

mkdir -p "$CACHE_DIR"
# One set-up at a time: two runs (or two engineers) must not unpack into the same place.
exec 9>"$CACHE_DIR/.setup.lock"
flock 9

# qemu: the emulator; busybox-static: the initramfs; kmod: insmod/rmmod in the guest (which runs
# the host's userland); iproute2 and python3-pyroute2: the independent clients of the guest suite;
# e2fsprogs (mkfs.ext4), btrfs-progs (mkfs.btrfs) and mount (losetup): the storage tests' ext4
# and btrfs on loop devices (their quota is set with quotactl(2) directly, so no quota tools).
apt_install qemu-system-x86 busybox-static kmod iproute2 python3-pyroute2 xz-utils make gcc \
  e2fsprogs btrfs-progs mount

for series in "${series_list[@]}"; do
  kver="$(resolve_kver "$series")"
  apt_install "linux-headers-$kver"
  version="$(pkg_version "linux-headers-$kver")"
  fetch_kernel_image "$kver" "$version"
  echo "$kver" >"$CACHE_DIR/$series.kver.tmp"
  mv "$CACHE_DIR/$series.kver.tmp" "$CACHE_DIR/$series.kver"
done

command -v qemu-system-x86_64 >/dev/null ||
  die_loud "qemu-system-x86_64 is still missing after installing qemu-system-x86"
exit
}
