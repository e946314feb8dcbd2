#!/usr/bin/env bash
# Install, build and run the whole test suite. The tests start their own Xvfb, PulseAudio and
# servers on 127.0.0.1 and stop them afterwards, so no display or sound card is needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# The tests also run a headless Wayland desktop (sway, PipeWire, the ScreenCast portal).
bash "$root/scripts/install-wayland-test-deps.sh"
bash "$root/scripts/build.sh"
cd "${CLIPNOTE_BUILD_DIR:-$root/build}"
ctest --output-on-failure --timeout 300
