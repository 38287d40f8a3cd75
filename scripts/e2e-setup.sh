#!/usr/bin/env bash
# Installs what the browser suite (tests_e2e/) needs, from nothing and idempotently:
# Debian's Chromium, a Java runtime for the Nu HTML Checker, and the npm packages
# axe-core and vnu-jar (pinned in tests_e2e/package.json) under build/e2e-node/.
# Playwright's own browser download is never used: it cannot work on these machines.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_DIR="$ROOT/build/e2e-node"
export DEBIAN_FRONTEND=noninteractive

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
fi

apt_install() {
    # Try without refreshing the package lists first; refresh only when that fails.
    if ! $SUDO apt-get install -y --no-install-recommends "$@"; then
        $SUDO apt-get update
        $SUDO apt-get install -y --no-install-recommends "$@"
    fi
}

if [ ! -x /usr/bin/chromium ]; then
    echo "e2e-setup: installing Debian's chromium"
    apt_install chromium
fi

# Screenshots need at least one font that covers Latin with diacritics and Cyrillic.
if ! fc-list 2>/dev/null | grep -qi dejavu; then
    echo "e2e-setup: installing the DejaVu fonts"
    apt_install fonts-dejavu-core fontconfig
fi

if ! command -v java >/dev/null 2>&1; then
    echo "e2e-setup: installing a Java runtime for the Nu HTML Checker"
    apt_install default-jre-headless
fi

if ! command -v npm >/dev/null 2>&1; then
    echo "e2e-setup: installing Node.js and npm"
    apt_install nodejs npm
fi

mkdir -p "$NODE_DIR"
cp "$ROOT/tests_e2e/package.json" "$NODE_DIR/package.json"
AXE="$NODE_DIR/node_modules/axe-core/axe.min.js"
VNU="$NODE_DIR/node_modules/vnu-jar/build/dist/vnu.jar"
STAMP="$NODE_DIR/node_modules/.e2e-stamp"
if [ ! -f "$AXE" ] || [ ! -f "$VNU" ] || ! cmp -s "$NODE_DIR/package.json" "$STAMP"; then
    echo "e2e-setup: installing axe-core and vnu-jar with npm"
    # Both packages are pinned exactly in package.json and have no dependencies of their own.
    npm install --prefix "$NODE_DIR" --no-save --no-package-lock --no-audit --no-fund \
        --ignore-scripts
    cp "$NODE_DIR/package.json" "$STAMP"
fi

for file in /usr/bin/chromium "$AXE" "$VNU"; do
    if [ ! -e "$file" ]; then
        echo "e2e-setup: $file is still missing" >&2
        exit 1
    fi
done
echo "e2e-setup: ready ($(/usr/bin/chromium --version 2>/dev/null || echo chromium), $(java -version 2>&1 | head -1))"
