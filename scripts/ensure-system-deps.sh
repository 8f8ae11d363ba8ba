#!/usr/bin/env bash
# ensure-system-deps.sh — install the Debian packages wsconf's tests run against.
#
# Usage: scripts/ensure-system-deps.sh [--check] GROUP...
#   GROUP   nginx | python | browser | e2e | all
#   --check only report what is missing (exit 1 if anything is), install nothing
#
# Idempotent and fast: when every package of the requested groups is already installed it
# runs two dpkg-query/command -v checks, prints one line and exits 0. Otherwise it runs
# `apt-get update` once and `apt-get install -y --no-install-recommends` for what is missing,
# as root or through sudo.
#
# Services: Debian postinst scripts start the packaged daemons (nginx, uwsgi). We do not want
# a system nginx on :80 — the tests run their own private nginx (`nginx -t -p <tmp>`). During the
# install a policy-rc.d that answers 101 ("action forbidden") is put in place, so invoke-rc.d
# does not start anything and a service that cannot start (no systemd in a container) does not
# fail the install. Any previous policy-rc.d is restored afterwards. If a daemon nevertheless got
# started by this run it is stopped again, and on systemd hosts the units of packages this run
# installed are disabled so nothing starts at boot either.
#
# Why "nginx" and not nginx-light/nginx-core: on Debian 12 (nginx 1.22.1-9, since 1.22.1-6) the
# flavour packages are empty metapackages (see /usr/share/doc/nginx-light/NEWS.Debian.gz): every
# flavour uses the same /usr/sbin/nginx from the `nginx` package, so `nginx -V` is identical.
# That binary has proxy, upstream (ip_hash, hash), map, uwsgi, ssl (http_ssl_module) and http2
# (http_v2_module) compiled in. The flavours only add dynamic modules: nginx-light adds http-echo;
# nginx-core adds geoip, image-filter (libgd + X libraries), xslt, mail, stream, stream-geoip.
# We need none of those except `stream` (the corpus has a `stream {}` case), which is the small
# libnginx-mod-stream (287 kB, depends only on libc). So: nginx + libnginx-mod-stream.
# No lua (libnginx-mod-http-lua comes only with nginx-extras).

set -euo pipefail

PROG="ensure-system-deps"

# --- groups --------------------------------------------------------------------------------------
# Each group: the Debian packages, the commands that must exist, and the init services its
# packages may start.
group_packages() {
  case "$1" in
    nginx) echo "nginx libnginx-mod-stream" ;;
    python) echo "gunicorn python3-gunicorn uwsgi uwsgi-plugin-python3 uwsgi-plugin-gevent-python3 python3-flask-socketio python3-eventlet python3-gevent python3-gevent-websocket" ;;
    browser) echo "chromium" ;;
    # e2e: the editor tests (test/e2e): chromium drives code-server, neovim is a second LSP client;
    # code-server's native modules are built from source (no prebuilt binaries offline): kerberos
    # needs libkrb5-dev, node-gyp needs g++, make and python3.
    e2e) echo "chromium neovim libkrb5-dev g++ make python3" ;;
    *) return 1 ;;
  esac
}
group_commands() {
  case "$1" in
    nginx) echo "nginx" ;;
    python) echo "gunicorn uwsgi python3" ;;
    browser) echo "chromium" ;;
    e2e) echo "chromium nvim" ;;
  esac
}
group_services() {
  case "$1" in
    nginx) echo "nginx" ;;
    python) echo "uwsgi" ;;
    browser) echo "" ;;
    e2e) echo "" ;;
  esac
}
ALL_GROUPS="nginx python browser e2e"

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

die() {
  echo "$PROG: error: $*" >&2
  exit 1
}

# --- arguments -----------------------------------------------------------------------------------
CHECK_ONLY=0
GROUPS_WANTED=()
for arg in "$@"; do
  case "$arg" in
    --check) CHECK_ONLY=1 ;;
    -h | --help) usage ;;
    all) GROUPS_WANTED+=($ALL_GROUPS) ;;
    -*) echo "$PROG: unknown option: $arg" >&2; usage ;;
    *)
      group_packages "$arg" >/dev/null || { echo "$PROG: unknown group: $arg (expected: $ALL_GROUPS, all)" >&2; exit 2; }
      GROUPS_WANTED+=("$arg")
      ;;
  esac
done
[ "${#GROUPS_WANTED[@]}" -gt 0 ] || usage

# --- what is missing? ----------------------------------------------------------------------------
is_installed() { # pkg... -> prints the ones that are NOT installed
  local out
  # db:Status-Abbrev is "ii " for an installed, configured package.
  out=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null || true)
  local p
  for p in "$@"; do
    if ! printf '%s\n' "$out" | awk -v p="$p" '$1 == p && $2 == "ii" { found = 1 } END { exit !found }'; then
      echo "$p"
    fi
  done
}

WANTED_PKGS=()
WANTED_CMDS=()
WANTED_SERVICES=()
for g in "${GROUPS_WANTED[@]}"; do
  for p in $(group_packages "$g"); do WANTED_PKGS+=("$p"); done
  for c in $(group_commands "$g"); do WANTED_CMDS+=("$c"); done
  for s in $(group_services "$g"); do WANTED_SERVICES+=("$s"); done
done
# de-duplicate (groups may repeat, e.g. "nginx all")
mapfile -t WANTED_PKGS < <(printf '%s\n' "${WANTED_PKGS[@]}" | awk 'NF && !seen[$0]++')
mapfile -t GROUPS_WANTED < <(printf '%s\n' "${GROUPS_WANTED[@]}" | awk 'NF && !seen[$0]++')

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  missing_cmds=()
  for c in "${WANTED_CMDS[@]}"; do command -v "$c" >/dev/null 2>&1 || missing_cmds+=("$c"); done
  if [ "${#missing_cmds[@]}" -eq 0 ]; then
    echo "$PROG: not a Debian system; the commands are present (${WANTED_CMDS[*]}), continuing" >&2
    exit 0
  fi
  die "this script needs a Debian/Ubuntu system (dpkg + apt-get). Install these by hand: ${WANTED_PKGS[*]} (missing commands: ${missing_cmds[*]})"
fi

mapfile -t MISSING < <(is_installed "${WANTED_PKGS[@]}")

if [ "${#MISSING[@]}" -eq 0 ]; then
  echo "$PROG: ok (${GROUPS_WANTED[*]}: all packages present)"
  exit 0
fi

if [ "$CHECK_ONLY" = 1 ]; then
  echo "$PROG: missing packages: ${MISSING[*]} — run: scripts/ensure-system-deps.sh ${GROUPS_WANTED[*]}" >&2
  exit 1
fi

# --- privileges ----------------------------------------------------------------------------------
SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
    echo "$PROG: not root, using sudo to install: ${MISSING[*]}" >&2
  else
    die "need root to install ${MISSING[*]} (not root and sudo is not available). Run as root: apt-get install -y --no-install-recommends ${MISSING[*]}"
  fi
fi
as_root() { "${SUDO[@]}" "$@"; }

# --- services: remember what already ran, so we only stop what this run started -----------------
service_pidfile() {
  case "$1" in
    nginx) echo /run/nginx.pid ;;
    *) echo "" ;;
  esac
}
service_running() { # name -> 0 if a daemon of that service is running
  local pf
  pf=$(service_pidfile "$1")
  if [ -n "$pf" ] && [ -r "$pf" ]; then
    local pid
    pid=$(head -n1 "$pf" 2>/dev/null | tr -dc '0-9')
    [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && return 0
  fi
  if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
    systemctl is-active --quiet "$1" 2>/dev/null && return 0
  fi
  return 1
}
declare -A WAS_RUNNING=()
for s in "${WANTED_SERVICES[@]}"; do
  if service_running "$s"; then WAS_RUNNING[$s]=1; else WAS_RUNNING[$s]=0; fi
done

# --- policy-rc.d: forbid service starts during the install ---------------------------------------
POLICY=/usr/sbin/policy-rc.d
POLICY_BACKUP=""
POLICY_INSTALLED=0
restore_policy() {
  if [ "$POLICY_INSTALLED" = 1 ]; then
    if [ -n "$POLICY_BACKUP" ]; then
      as_root mv -f "$POLICY_BACKUP" "$POLICY" || echo "$PROG: warning: could not restore $POLICY from $POLICY_BACKUP" >&2
    else
      as_root rm -f "$POLICY" || true
    fi
    POLICY_INSTALLED=0
  fi
}
trap restore_policy EXIT
trap 'restore_policy; exit 130' INT TERM

if [ -e "$POLICY" ] || [ -L "$POLICY" ]; then
  POLICY_BACKUP="$POLICY.wsconf-backup.$$"
  as_root cp -a "$POLICY" "$POLICY_BACKUP"
fi
printf '#!/bin/sh\n# temporary, written by wsconf scripts/ensure-system-deps.sh: no service starts during install\nexit 101\n' |
  as_root tee "$POLICY" >/dev/null
as_root chmod 755 "$POLICY"
POLICY_INSTALLED=1

# --- install -------------------------------------------------------------------------------------
LOG=$(mktemp "${TMPDIR:-/tmp}/ensure-system-deps.XXXXXX.log")
export DEBIAN_FRONTEND=noninteractive
APT_ENV=(env DEBIAN_FRONTEND=noninteractive)

echo "$PROG: installing ${MISSING[*]} (apt log: $LOG)" >&2
if ! as_root "${APT_ENV[@]}" apt-get update >>"$LOG" 2>&1; then
  tail -n 20 "$LOG" >&2
  die "apt-get update failed (see $LOG)"
fi
if ! as_root "${APT_ENV[@]}" apt-get install -y --no-install-recommends \
  -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold "${MISSING[@]}" >>"$LOG" 2>&1; then
  tail -n 30 "$LOG" >&2
  die "apt-get install ${MISSING[*]} failed (see $LOG)"
fi

restore_policy

# --- make sure nothing we installed is left running or enabled -----------------------------------
stopped=()
for s in "${WANTED_SERVICES[@]}"; do
  if [ "${WAS_RUNNING[$s]}" = 0 ] && service_running "$s"; then
    if command -v systemctl >/dev/null 2>&1 && [ -d /run/systemd/system ]; then
      as_root systemctl stop "$s" >>"$LOG" 2>&1 || true
    fi
    pf=$(service_pidfile "$s")
    if [ -n "$pf" ] && [ -r "$pf" ]; then
      pid=$(head -n1 "$pf" | tr -dc '0-9')
      if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        as_root kill -QUIT "$pid" 2>/dev/null || true
        for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
        kill -0 "$pid" 2>/dev/null && as_root kill -TERM "$pid" 2>/dev/null || true
      fi
    fi
    stopped+=("$s")
  fi
done
disabled=()
if command -v systemctl >/dev/null 2>&1; then
  for s in "${WANTED_SERVICES[@]}"; do
    # only units of packages this run installed, never a service the user already had
    if printf '%s\n' "${MISSING[@]}" | grep -qx "$s" && [ "${WAS_RUNNING[$s]}" = 0 ]; then
      if systemctl is-enabled --quiet "$s" 2>/dev/null; then
        as_root systemctl disable "$s" >>"$LOG" 2>&1 && disabled+=("$s") || true
      fi
    fi
  done
fi

# --- verify --------------------------------------------------------------------------------------
mapfile -t STILL_MISSING < <(is_installed "${WANTED_PKGS[@]}")
[ "${#STILL_MISSING[@]}" -eq 0 ] || die "packages still not installed after apt-get: ${STILL_MISSING[*]} (see $LOG)"
for c in "${WANTED_CMDS[@]}"; do
  command -v "$c" >/dev/null 2>&1 || die "command '$c' not found after installing ${MISSING[*]} (see $LOG)"
done

extra=""
if printf '%s\n' "${GROUPS_WANTED[@]}" | grep -qx nginx; then
  extra=" [$(nginx -v 2>&1 | sed 's/^nginx version: //')]"
fi
[ "${#stopped[@]}" -gt 0 ] && extra="$extra; stopped service(s) started by the install: ${stopped[*]}"
[ "${#disabled[@]}" -gt 0 ] && extra="$extra; disabled at boot: ${disabled[*]}"
echo "$PROG: installed ${MISSING[*]} (groups: ${GROUPS_WANTED[*]})$extra"
rm -f "$LOG"
