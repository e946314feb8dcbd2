#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install, build, then record.
# Any arguments replace the default `record --duration 5`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/build.sh"
if [ $# -eq 0 ]; then set -- record --duration 5; fi
exec "${CLIPNOTE_BUILD_DIR:-$root/build}/clipnote" "$@"
