#!/usr/bin/env bash
# Builds the Debian package on a fresh Debian 12 machine: installs what it needs, builds clipnote
# (build/, or $CLIPNOTE_BUILD_DIR) and writes dist/clipnote_<version>_<arch>.deb (or into OUT_DIR).
# Install it with `sudo apt install ./dist/clipnote_*.deb`.
#
# Usage: bash scripts/package.sh [OUT_DIR]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/build.sh"
bash "$root/packaging/make-deb.sh" "${CLIPNOTE_BUILD_DIR:-$root/build}" "${1:-$root/dist}"
