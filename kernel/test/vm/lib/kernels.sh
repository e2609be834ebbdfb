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

# True when apt's package lists changed since the release of a series was last recorded, i.e.
# when asking apt-cache again (seconds on a loaded machine) could give a newer answer.
apt_lists_newer_than_record() {
  local record="$CACHE_DIR/$1.kver"
  [ -s "$record" ] || return 0
  [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -cnewer "$record" -print -quit 2>/dev/null)" ]
}

# Resolves the release for a series: the recorded one while apt's lists are unchanged, else
# apt's current answer (after one update if the lists are empty), else the recorded one so an
# offline machine still works.
resolve_kver() {
  local series="$1" kver=""
  if ! apt_lists_newer_than_record "$series"; then
    cat "$CACHE_DIR/$series.kver"
    return
  fi
  kver="$(kver_from_apt "$series")"
  if [ -z "$kver" ] && [ ! -s "$CACHE_DIR/$series.kver" ]; then
    apt_update_once
    kver="$(kver_from_apt "$series")"
  fi
  [ -z "$kver" ] && [ -s "$CACHE_DIR/$series.kver" ] && kver="$(cat "$CACHE_DIR/$series.kver")"
  [ -n "$kver" ] || die_loud "cannot find the Debian kernel for series $series with apt-cache"
  echo "$kver"
}
