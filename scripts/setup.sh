#!/bin/sh
# Installs what `npm start` / `npm test` need on a fresh Debian 12 machine, and nothing twice:
# Debian packages (as root; otherwise prints the exact command), then npm packages from the
# committed lock file. Not a build step: scripts/build.mjs builds.
set -eu
cd "$(dirname "$0")/.."

PACKAGES="emscripten catch2 chromium cmake ninja-build g++ python3 clang libclang-rt-14-dev fonts-wqy-microhei"
missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
if [ -n "$missing" ]; then
  cmd="apt-get update && apt-get install -y --no-install-recommends$missing"
  if [ "$(id -u)" = "0" ]; then
    echo "setup: installing Debian packages:$missing"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "setup: missing Debian packages:$missing" >&2
    echo "setup: run this as root, then try again:" >&2
    echo "  sudo sh -c '$cmd'" >&2
    exit 1
  fi
fi

# npm packages: reinstall only when the lock file changed since the last install.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "setup: installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
