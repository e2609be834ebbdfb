# Which Debian kernel build stands for each series the bench tests (sourced).
# shellcheck shell=bash

# The meta package that follows a series: bookworm's default kernel is 6.1; 6.12 comes from
# bookworm-security under its own meta package.
headers_meta_package() {
  case "$1" in
    6.1) echo linux-headers-amd64 ;;
    6.12) echo linux-headers-6.12-amd64 ;;
  esac
}

# Release the meta package currently points at ("6.1.0-56-amd64"), empty when apt cannot say.
kver_from_apt() {
  local series="$1" dep
  dep="$(apt-cache depends --no-recommends --no-suggests "$(headers_meta_package "$series")" 2>/dev/null |
    awk '$1 == "Depends:" && $2 ~ /^linux-headers-/ { print $2; exit }')"
  dep="${dep#linux-headers-}"
  # Guard against the default meta package moving to another series one day.
  case "$dep" in
    "$series".*-amd64 | "$series"-*-amd64) echo "$dep" ;;
  esac
}

# Resolves the release for a series: apt's current answer (after one update if the lists are
# empty), else the one recorded by the last successful set-up so an offline machine still works.
resolve_kver() {
  local series="$1" kver
  kver="$(kver_from_apt "$series")"
  if [ -z "$kver" ] && [ ! -s "$CACHE_DIR/$series.kver" ]; then
    apt_update_once
    kver="$(kver_from_apt "$series")"
  fi
  [ -z "$kver" ] && [ -s "$CACHE_DIR/$series.kver" ] && kver="$(cat "$CACHE_DIR/$series.kver")"
  [ -n "$kver" ] || die_loud "cannot find the Debian kernel for series $series with apt-cache"
  echo "$kver"
}
