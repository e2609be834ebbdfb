# The guest kernel: the Debian image package matching the installed headers, unpacked into the
# cache (never installed on the host, which would pull in systemd, udev and initramfs-tools).
# shellcheck shell=bash

# Where a release's unpacked image lives.
image_dir() { echo "$CACHE_DIR/$1"; }

# True when the cache holds a complete unpack of exactly this package version.
image_ready() {
  local dir
  dir="$(image_dir "$1")"
  [ -f "$dir/ready" ] && [ "$(cat "$dir/ready")" = "$2" ] && [ -s "$dir/vmlinux" ]
}

# fetch_kernel_image KVER VERSION: downloads linux-image-KVER=VERSION, unpacks it and
# extracts vmlinux; builds in a scratch directory and renames, so a crash leaves no half cache.
fetch_kernel_image() {
  local kver="$1" version="$2" dir scratch deb
  image_ready "$kver" "$version" && return 0
  dir="$(image_dir "$kver")"
  scratch="$dir.partial"
  rm -rf "$scratch"
  mkdir -p "$scratch"
  log "downloading linux-image-$kver ($version)"
  if ! (cd "$scratch" && "${APT_GET[@]}" download "linux-image-$kver=$version" >/dev/null 2>&1); then
    apt_update_once
    (cd "$scratch" && "${APT_GET[@]}" download "linux-image-$kver=$version" >/dev/null) ||
      die_loud "apt-get download linux-image-$kver=$version failed"
  fi
  deb="$(ls "$scratch"/linux-image-*.deb)"
  dpkg-deb -x "$deb" "$scratch/root"
  rm -f "$deb"
  extract_vmlinux "$scratch/root/boot/vmlinuz-$kver" "$scratch/vmlinux" ||
    die_loud "no vmlinux could be extracted from vmlinuz-$kver"
  # Debian generates modules.dep at install time; do it here so modprobe works on the unpack
  # (for the initramfs closure, and in the guest, where it is mounted on /lib/modules).
  depmod -b "$scratch/root" "$kver"
  echo "$version" >"$scratch/ready"
  rm -rf "$dir"
  mv "$scratch" "$dir"
  log "kernel $kver cached in $dir"
}
