# Shared helpers for the Tools/ scripts. Sourced, not run.
# shellcheck shell=bash

DUBAN_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

log() { printf '\033[1m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The PostgreSQL binaries (initdb, pg_ctl, postgres) of the newest installed major version.
pg_bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/initdb" ] && { echo "$d"; return 0; }
  done
  command -v initdb >/dev/null 2>&1 && { dirname "$(readlink -f "$(command -v initdb)")"; return 0; }
  return 1
}

# Installs the system packages the project needs, with one `apt-get update`, only if something is missing.
ensure_system_packages() {
  local missing=() extra=("$@")
  pg_bindir >/dev/null 2>&1 || missing+=(postgresql postgresql-contrib)
  # psql for the tools, pg_dump for the schema snapshot test (both in postgresql-client).
  { command -v psql >/dev/null 2>&1 && command -v pg_dump >/dev/null 2>&1; } || missing+=(postgresql-client)
  pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
  [ -f /usr/include/sqlite3.h ] || missing+=(libsqlite3-dev)
  [ -f /usr/include/zlib.h ] || missing+=(zlib1g-dev)
  command -v sqlite3 >/dev/null 2>&1 || missing+=(sqlite3)
  command -v pkg-config >/dev/null 2>&1 || missing+=(pkg-config)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  local p
  for p in "${extra[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    [ "$(id -u)" = 0 ] || die "missing system packages (${missing[*]}); run as root or install them"
    log "installing system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  command -v swift >/dev/null 2>&1 || [ -x /opt/swift/usr/bin/swift ] || die "the Swift toolchain is not installed (expected swift on PATH or in /opt/swift)"
  command -v swift >/dev/null 2>&1 || export PATH="/opt/swift/usr/bin:$PATH"
}
