# Shared by the bench's host-side scripts (sourced, not run): paths, logging, apt helpers.
# shellcheck shell=bash disable=SC2034 # the variables are for the scripts that source this

VM_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPO_ROOT="$(cd "$VM_DIR/../../.." && pwd)"
# Everything downloaded or built lives here, outside the checkout; the guest sees it through
# the 9p share of the host's root at the same path.
CACHE_DIR="${USIP_VM_CACHE:-/var/cache/usip-vm}"

log() { printf 'usip-vm: %s\n' "$*" >&2; }

# A failure that must never pass silently: framed so it stands out in a long CI log.
die_loud() {
  {
    printf '\n!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n'
    printf '!!! usip-vm: %s\n' "$@"
    printf '!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!\n\n'
  } >&2
  exit 1
}

APT_GET=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3 -y -q)
APT_UPDATED=0

# apt-get update at most once per process, and only when a caller found the lists lacking.
apt_update_once() {
  [ "$APT_UPDATED" = 1 ] && return 0
  log "apt-get update"
  "${APT_GET[@]}" update >/dev/null || die_loud "apt-get update failed"
  APT_UPDATED=1
}

# True when package $1 is installed (any version).
pkg_installed() {
  [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

# Installed version of package $1, empty if not installed.
pkg_version() {
  pkg_installed "$1" && dpkg-query -W -f='${Version}' "$1"
}

# Installs the packages not yet installed; refreshes the lists once if apt cannot find one.
apt_install() {
  local missing=() p
  for p in "$@"; do pkg_installed "$p" || missing+=("$p"); done
  [ "${#missing[@]}" = 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if ! DEBIAN_FRONTEND=noninteractive "${APT_GET[@]}" install --no-install-recommends \
    "${missing[@]}" >/dev/null; then
    apt_update_once
    DEBIAN_FRONTEND=noninteractive "${APT_GET[@]}" install --no-install-recommends \
      "${missing[@]}" >/dev/null || die_loud "apt-get install ${missing[*]} failed"
  fi
}

# Kernel series the bench knows ("6.1", "6.12"); anything else is a usage error.
check_series() {
  case "$1" in
    6.1 | 6.12) ;;
    *) die_loud "unknown kernel series '$1' (expected 6.1 or 6.12)" ;;
  esac
}
