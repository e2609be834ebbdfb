# Turns a bzImage (vmlinuz) into the plain ELF vmlinux, which QEMU boots directly through
# its PVH entry: under TCG that saves the seconds the kernel would spend decompressing itself.
# shellcheck shell=bash

# Output is ELF when it starts with 0x7f 'E' 'L' 'F'.
is_elf() {
  [ "$(head -c 4 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')" = 7f454c46 ]
}

# extract_vmlinux VMLINUZ OUT: tries each compressor's magic at each offset where it occurs
# (the payload is compressed as a whole, trailing bytes make the tools complain, hence the
# ELF check rather than their exit status).
extract_vmlinux() {
  local vmlinuz="$1" out="$2" magic tool offset
  local -a formats=(
    '\xfd\x37\x7a\x58\x5a\x00:xz'
    '\x28\xb5\x2f\xfd:zstd'
    '\x02\x21\x4c\x18:lz4'
    '\x1f\x8b\x08:gzip'
  )
  for entry in "${formats[@]}"; do
    magic="${entry%%:*}"
    tool="${entry##*:}"
    command -v "$tool" >/dev/null || continue
    while read -r offset; do
      tail -c "+$((offset + 1))" "$vmlinuz" | "$tool" -dc >"$out.part" 2>/dev/null || true
      if is_elf "$out.part"; then
        mv "$out.part" "$out"
        return 0
      fi
    done < <(LC_ALL=C grep -obUaP "$magic" "$vmlinuz" | cut -d: -f1)
  done
  rm -f "$out.part"
  return 1
}
