#!/usr/bin/env bash
# Installs what the end-to-end tests (test/e2e/) need to run a real VS Code offline:
# Debian's Chromium and ripgrep, the headers code-server's native modules build against,
# and code-server itself (VS Code 1.100, the last one that runs on Node 20), into a cache
# folder outside the clone. Idempotent: a finished install leaves a marker file, and a run
# that finds it (with the same version) does nothing more than check the Debian packages.
#
#   bash scripts/install-code-server.sh          # prints the install folder on its last line
#
# Environment:
#   NETLINT_CACHE             cache root (default /var/cache/netlint)
#   NETLINT_CODE_SERVER_DIR   install folder (default $NETLINT_CACHE/code-server-$VERSION)
#   NETLINT_CODE_SERVER_RECIPE  short (default: seeded ripgrep cache + postinstall; falls
#                             back to long on failure) or long (step by step, no postinstall)
# Works as root without stdin (CI=true); as another user it needs sudo for apt-get.
# See shared/testing.md, "A real VS Code, in headless Chromium".
set -euo pipefail

VERSION=4.100.3
# @vscode/ripgrep's postinstall looks for this tarball in $TMPDIR before downloading it.
RG_CACHE_NAME=vscode-ripgrep-cache-1.15.11
RG_TARBALL=ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz

CACHE="${NETLINT_CACHE:-/var/cache/netlint}"
CS="${NETLINT_CODE_SERVER_DIR:-$CACHE/code-server-$VERSION}"
MARKER="$CS/.netlint-installed"
RECIPE="${NETLINT_CODE_SERVER_RECIPE:-short}"

log() { printf '[install-code-server] %s\n' "$*" >&2; }
SECONDS=0

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
installed_version() {
  [ -f "$MARKER" ] && grep -qx "version=$VERSION" "$MARKER" &&
    [ -f "$CS/node_modules/code-server/out/node/entry.js" ]
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

# Build in a staging folder beside the final one and move it into place when it is done,
# so that an interrupted install never looks finished.
STAGE="$CS.partial"
WORKTMP="$CACHE/tmp"

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

fresh_stage() {
  rm -rf "$STAGE"
  mkdir -p "$STAGE"
  (cd "$STAGE" && npm init -y >/dev/null)
}

# The checks a working install passes: the right version, ripgrep, native modules that load.
verify_stage() {
  local root="$STAGE/node_modules/code-server" v
  v=$(node -p "require('$root/package.json').version") || return 1
  [ "$v" = "$VERSION" ] || { log "installed version is $v, not $VERSION"; return 1; }
  [ -x "$root/lib/vscode/node_modules/@vscode/ripgrep/bin/rg" ] || { log "no ripgrep in lib/vscode"; return 1; }
  (cd "$root" && node -e "require('argon2')") || { log "argon2 does not load"; return 1; }
  (cd "$root/lib/vscode" && node -e "require('node-pty'); require('@vscode/spdlog')") ||
    { log "node-pty or spdlog does not load"; return 1; }
  [ -d "$root/lib/vscode/extensions/node_modules" ] || { log "built-in extensions' modules missing"; return 1; }
  [ -e "$root/lib/vscode/node_modules.asar" ] || { log "node_modules.asar link missing"; return 1; }
  # --config and the XDG folders keep code-server from writing config and logs under $HOME.
  local home="$WORKTMP/verify-home"
  mkdir -p "$home"
  XDG_CONFIG_HOME="$home" XDG_DATA_HOME="$home" XDG_RUNTIME_DIR="$home" \
    node "$root/out/node/entry.js" --config "$home/config.yaml" --version >&2 || return 1
}

# `if f` and `f && g` would switch `set -e` off inside f, so a recipe runs in a subshell
# called as a plain command (set +e around it) and its status is read afterwards.
attempt() { (set -e; fresh_stage; "$1"; verify_stage); }

log "installing code-server $VERSION into $CS (recipe: $RECIPE)"
rc=1
if [ "$RECIPE" = short ]; then
  set +e; attempt short_recipe >&2; rc=$?; set -e
  used=short
  ((rc == 0)) || log "short recipe failed (exit $rc) after ${SECONDS}s; trying the long one"
fi
if ((rc != 0)); then
  set +e; attempt long_recipe >&2; rc=$?; set -e
  used=long
fi
((rc == 0)) || { log "install failed (exit $rc) after ${SECONDS}s"; rm -rf "$STAGE"; exit 1; }

printf 'version=%s\nrecipe=%s\nnode=%s\ninstalled=%s\nseconds=%s\n' \
  "$VERSION" "$used" "$(node -v)" "$(date -u +%FT%TZ)" "$SECONDS" >"$STAGE/.netlint-installed"
rm -rf "$CS" "$WORKTMP"
mv "$STAGE" "$CS"
log "code-server $VERSION installed in ${SECONDS}s"
echo "$CS"
