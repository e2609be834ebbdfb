# Builds the module for one kernel in a private copy of its sources, so both kernels (and a
# teammate's own `make` in kernel/) never share object files.
# shellcheck shell=bash

# build_module SRC KDIR OUTDIR: copies SRC (without its test/ tree and build products) to
# OUTDIR, runs `make KDIR=...` there and prints the path of the built .ko (usip.ko if there
# are several). The build log is OUTDIR.log; the caller shows it on failure.
build_module() {
  local src="$1" kdir="$2" out="$3" ko
  [ -f "$src/Makefile" ] || [ -f "$src/Kbuild" ] || {
    echo "no Makefile or Kbuild in $src" >"$out.log"
    return 1
  }
  mkdir -p "$out"
  tar -C "$src" --exclude=./test --exclude='*.o' --exclude='*.ko' --exclude='.*.cmd' \
    --exclude='*.mod' --exclude='*.mod.[co]' --exclude=Module.symvers --exclude=modules.order -cf - . |
    tar -C "$out" -xf -
  make -C "$out" KDIR="$kdir" -j"$(nproc)" >"$out.log" 2>&1 || return 1
  ko="$out/usip.ko"
  [ -f "$ko" ] || ko="$(find "$out" -maxdepth 1 -name '*.ko' | head -1)"
  if [ -z "$ko" ] || [ ! -f "$ko" ]; then
    echo "make succeeded but built no .ko" >>"$out.log"
    return 1
  fi
  echo "$ko"
}
