# The guest's initramfs: static busybox, /init, and just the modules needed to reach the
# host's root over 9p (virtio-pci, 9p, overlay, with their dependencies, in load order).
# shellcheck shell=bash

INITRAMFS_MODULES=(virtio_pci 9pnet_virtio 9p overlay)

# Paths (inside the unpacked image) of the modules to insmod, dependencies first, each once;
# modules built into the kernel print as "builtin" and are left out.
module_closure() {
  local root="$1" kver="$2" m
  for m in "${INITRAMFS_MODULES[@]}"; do
    modprobe -d "$root" -S "$kver" --show-depends "$m" ||
      die_loud "module $m is missing from the $kver image"
  done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }'
}

# Copies a module uncompressed (busybox insmod does not read .ko.xz / .ko.zst).
copy_module() {
  case "$1" in
    *.xz) xz -dc "$1" >"$2" ;;
    *.zst) zstd -qdc "$1" >"$2" ;;
    *.gz) gzip -dc "$1" >"$2" ;;
    *) cp "$1" "$2" ;;
  esac
}

# build_initramfs KVER OUT: writes an uncompressed newc cpio (the kernel unpacks it fastest).
build_initramfs() {
  local kver="$1" out="$2" root staging n=10 ko name
  root="$(image_dir "$kver")/root"
  staging="$(mktemp -d "${out}.staging.XXXXXX")"
  mkdir -p "$staging"/{bin,dev,proc,sys,modules,mnt/host,mnt/rw,mnt/root}
  mknod -m 600 "$staging/dev/console" c 5 1
  cp /bin/busybox "$staging/bin/busybox"
  cp "$VM_DIR/in-guest/init" "$staging/init"
  chmod 755 "$staging/init"
  while read -r ko; do
    name="$(basename "$ko")"
    copy_module "$ko" "$staging/modules/$n-${name%%.ko*}.ko"
    n=$((n + 1))
  done < <(module_closure "$root" "$kver")
  (cd "$staging" && find . | busybox cpio -o -H newc 2>/dev/null) >"$out"
  rm -rf "$staging"
}
