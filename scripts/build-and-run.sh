#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install, build, then open the desktop app.
# Any arguments are passed to clipnote instead (e.g. `record --duration 5`).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/build.sh"
exec "${CLIPNOTE_BUILD_DIR:-$root/build}/clipnote" "$@"
