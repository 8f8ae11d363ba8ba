#!/usr/bin/env bash
# run.sh: wsconf in real editors (npm run test:e2e).
#   1. Debian packages (chromium, neovim, libkrb5-dev) and the tools in .tools/ (tools.sh)
#   2. npm run package: the production bundles and wsconf-<version>.vsix
#   3. ui:      the .vsix installed in a fresh code-server profile; ui.mjs drives it in chromium
#   4. exthost: the extension-host suite (suite/index.ts) in the same VS Code server build
#   5. neovim:  Neovim as a second LSP client of server/out/server.js over stdio
# Every stage gets fresh profiles and a fresh copy of test/e2e/workspace. Every server is started
# in its own process group (setsid) and the whole group is killed when the stage ends, also on
# failure or Ctrl+C. Screenshots and logs go to test-results/e2e/ (git-ignored).
# Options: --stage ui|exthost|neovim (repeatable; default all), --no-package (reuse the .vsix).
# Env: WSCONF_E2E_KEEP=1 keeps the temporary run folders; WSCONF_E2E_UPDATE_IMAGES=1 copies the
#      README's screenshots from a passing run to docs/images/.
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
E2E=$ROOT/test/e2e
OUT=$ROOT/test-results/e2e
STAGES=()
PACKAGE=1
while [ $# -gt 0 ]; do
  case "$1" in
    --stage) STAGES+=("$2"); shift ;;
    --no-package) PACKAGE=0 ;;
    *) echo "run.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ ${#STAGES[@]} -gt 0 ] || STAGES=(ui exthost neovim)

START=$SECONDS
say() { echo "e2e [$((SECONDS - START))s] $*"; }
die() { echo "e2e: $*" >&2; echo "0 passed, 1 failed"; exit 1; }

# --- process groups and temporary folders, cleaned up whatever happens ---------------------------
GROUPS_STARTED=()
TEMP_DIRS=()
stop_group() { # pgid: TERM the group, wait for it to go, then KILL what is left
  local g=$1
  kill -0 -- "-$g" 2>/dev/null || return 0
  kill -TERM -- "-$g" 2>/dev/null
  for _ in $(seq 1 50); do kill -0 -- "-$g" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL -- "-$g" 2>/dev/null || true
}
cleanup() {
  for g in "${GROUPS_STARTED[@]}"; do stop_group "$g"; done
  if [ -z "${WSCONF_E2E_KEEP:-}" ]; then for d in "${TEMP_DIRS[@]}"; do rm -rf "$d"; done; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

RUN_DIR=
new_run_dir() { # sets RUN_DIR: a fresh folder with a copy of the workspace and the XDG folders
  RUN_DIR=$(mktemp -d "${TMPDIR:-/tmp}/wsconf-e2e.XXXXXX")
  TEMP_DIRS+=("$RUN_DIR")
  mkdir -p "$RUN_DIR/ws" "$RUN_DIR/xdg/config" "$RUN_DIR/xdg/data" "$RUN_DIR/xdg/cache" "$RUN_DIR/xdg/state"
  cp -r "$E2E/workspace/." "$RUN_DIR/ws/"
  mkdir -p "$RUN_DIR/data/User"
  cp "$E2E/settings.json" "$RUN_DIR/data/User/settings.json" # a quiet, deterministic workbench
}
free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
wait_http() { # url pid: until the url answers, or the process died
  for _ in $(seq 1 300); do
    node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

PASSED=0
FAILED=0
count() { # log: adds its `ok - ` / `not ok - ` lines to the totals; a stage that printed none failed
  local ok bad
  ok=$(grep -c '^ok - ' "$1" || true)
  bad=$(grep -c '^not ok - ' "$1" || true)
  if [ "$ok" -eq 0 ] && [ "$bad" -eq 0 ]; then bad=1; echo "not ok - $(basename "$1" .log): no result"; fi
  PASSED=$((PASSED + ok))
  FAILED=$((FAILED + bad))
}

# --- 1. system packages and tools ----------------------------------------------------------------
bash "$ROOT/scripts/ensure-system-deps.sh" e2e || die "could not install the Debian packages"
TOOLS_ENV=$(bash "$E2E/tools.sh") || die "could not install the tools into .tools/"
eval "$TOOLS_ENV"
export PLAYWRIGHT_DIR
N24_BIN=$(dirname "$NODE24")
say "tools ready: node $("$NODE24" -v), code-server $(PATH="$N24_BIN:$PATH" "$CODE_SERVER_DIR/out/node/entry.js" --version 2>/dev/null | head -n1 | cut -d' ' -f1)"

# --- 2. the .vsix and the extension-host suite ---------------------------------------------------
VERSION=$(cd "$ROOT" && node -p 'require("./package.json").version')
VSIX=$ROOT/wsconf-$VERSION.vsix
mkdir -p "$OUT"
if [ "$PACKAGE" = 1 ] || [ ! -e "$VSIX" ]; then
  (cd "$ROOT" && npm run -s package) >"$OUT/package.log" 2>&1 ||
    { tail -n 30 "$OUT/package.log"; die "npm run package failed"; }
  grep -E '^[0-9]+ files, ' "$OUT/package.log" | sed 's/^/e2e package: /'
fi
rm -f "$OUT"/{ui,exthost,neovim}*.log
node "$E2E/build-suite.mjs" "$ROOT/build/e2e/suite.js" || die "could not bundle the extension-host suite"
say "packaged $(basename "$VSIX")"

CS_BIN=$CODE_SERVER_DIR/out/node/entry.js
SERVER_MAIN=$CODE_SERVER_DIR/lib/vscode/out/server-main.js

install_vsix() { # user-data-dir extensions-dir log: code-server unpacks the .vsix into extensions-dir
  (
    export PATH="$N24_BIN:$PATH" XDG_CONFIG_HOME="$RUN_DIR/xdg/config" XDG_DATA_HOME="$RUN_DIR/xdg/data"
    "$NODE24" "$CS_BIN" --user-data-dir "$1" --extensions-dir "$2" --install-extension "$VSIX"
  ) >"$3" 2>&1 || { cat "$3"; return 1; }
}

# --- 3. UI -------------------------------------------------------------------------------------
stage_ui() {
  local run port pid rc=0
  rm -rf "$OUT/screenshots"
  new_run_dir
  run=$RUN_DIR
  install_vsix "$run/data" "$run/ext" "$OUT/ui-install.log" || { echo "not ok - ui: the .vsix installs into code-server"; return 1; }
  port=$(free_port)
  PATH="$N24_BIN:$PATH" XDG_CONFIG_HOME="$run/xdg/config" XDG_DATA_HOME="$run/xdg/data" \
    setsid "$NODE24" "$CS_BIN" --user-data-dir "$run/data" --extensions-dir "$run/ext" \
    --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
    --disable-workspace-trust --disable-getting-started-override --reconnection-grace-time 5 \
    "$run/ws" >"$OUT/ui-code-server.log" 2>&1 &
  pid=$!
  GROUPS_STARTED+=("$pid")
  wait_http "http://127.0.0.1:$port/healthz" "$pid" || { tail -n 30 "$OUT/ui-code-server.log"; echo "not ok - ui: code-server starts"; return 1; }
  timeout -k 5 600 node "$E2E/ui.mjs" "http://127.0.0.1:$port" "$run/ws" "$OUT/screenshots" || rc=$?
  stop_group "$pid"
  if [ $rc -ne 0 ]; then
    echo "--- extension host log (tail)"
    find "$run/data/logs" -name 'exthost*.log' -exec tail -n 20 {} + 2>/dev/null
    find "$run/data/logs" -name '*wsconf*.log' -exec tail -n 40 {} + 2>/dev/null
  fi
  return $rc
}

# --- 4. extension host ----------------------------------------------------------------------------
stage_exthost() {
  local run port pid rc=0
  new_run_dir
  run=$RUN_DIR
  # The suite runs the extension as packaged: let code-server unpack the .vsix into a scratch
  # folder, and load it from there as the development extension (the server's own is empty).
  install_vsix "$run/scratch" "$run/unpacked" "$OUT/exthost-install.log" || { echo "not ok - exthost: the .vsix unpacks"; return 1; }
  local dev
  dev=$(find "$run/unpacked" -mindepth 1 -maxdepth 1 -type d -name 'wsconf.wsconf-*' | head -n1)
  port=$(free_port)
  # code-server's CLI rejects --enable-smoke-test-driver, without which VS Code ignores the test
  # payload: start the VS Code server inside the code-server package directly.
  XDG_CONFIG_HOME="$run/xdg/config" XDG_DATA_HOME="$run/xdg/data" \
    setsid "$NODE24" "$SERVER_MAIN" --host 127.0.0.1 --port "$port" --without-connection-token \
    --accept-server-license-terms --enable-smoke-test-driver --disable-telemetry \
    --server-data-dir "$run/data" --user-data-dir "$run/data" --extensions-dir "$run/ext" \
    >"$OUT/exthost-server.log" 2>&1 &
  pid=$!
  GROUPS_STARTED+=("$pid")
  wait_http "http://127.0.0.1:$port/version" "$pid" || { tail -n 30 "$OUT/exthost-server.log"; echo "not ok - exthost: the VS Code server starts"; return 1; }
  timeout -k 5 300 node "$E2E/exthost.mjs" "http://127.0.0.1:$port" "$run/ws" "$dev" "$ROOT/build/e2e/suite.js" || rc=$?
  stop_group "$pid"
  return $rc
}

# --- 5. Neovim ---------------------------------------------------------------------------------
stage_neovim() {
  local run rc=0
  new_run_dir
  run=$RUN_DIR
  XDG_CONFIG_HOME="$run/xdg/config" XDG_DATA_HOME="$run/xdg/data" XDG_CACHE_HOME="$run/xdg/cache" \
    XDG_STATE_HOME="$run/xdg/state" WSCONF_SERVER="$ROOT/server/out/server.js" WSCONF_WORKSPACE="$run/ws" \
    setsid timeout -k 5 120 nvim --headless --clean -c "luafile $E2E/nvim/lsp_test.lua" </dev/null &
  local pid=$!
  GROUPS_STARTED+=("$pid")
  wait "$pid" || rc=$?
  stop_group "$pid"
  return $rc
}

for stage in "${STAGES[@]}"; do
  log=$OUT/$stage.log
  # Not a pipe: the stage must run in this shell, so that the EXIT trap knows its process groups.
  "stage_$stage" > >(tee "$log") 2>&1
  wait $!
  count "$log"
  say "$stage done"
done

# The README's pictures are screenshots of this suite: WSCONF_E2E_UPDATE_IMAGES=1 refreshes them.
if [ -n "${WSCONF_E2E_UPDATE_IMAGES:-}" ] && [ "$FAILED" -eq 0 ]; then
  for pair in 03-nginx-quick-fix-menu:quick-fix 02-nginx-hover:hover 13-cross-file-problem:cross-file 06-snippet-clean:snippet; do
    [ -e "$OUT/screenshots/${pair%%:*}.png" ] && cp "$OUT/screenshots/${pair%%:*}.png" "$ROOT/docs/images/${pair#*:}.png"
  done
  echo "e2e: copied the README screenshots to docs/images/"
fi
echo "e2e: screenshots in ${OUT#"$ROOT"/}/screenshots, total $((SECONDS - START)) s"
echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
