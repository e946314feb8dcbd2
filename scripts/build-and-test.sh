#!/usr/bin/env bash
# Install, build and run the whole test suite. The tests start their own Xvfb, PulseAudio and
# servers on 127.0.0.1 and stop them afterwards, so no display or sound card is needed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# The tests also run a headless Wayland desktop (sway, PipeWire, the ScreenCast portal).
bash "$root/scripts/install-wayland-test-deps.sh"
bash "$root/scripts/build.sh"

# The ASan + UBSan build of the unit and upload suites compiles while the tests run, at idle
# priority (SCHED_IDLE): it only takes CPU time the tests leave unused, so it cannot slow them.
san_out=$(mktemp)
idle=(nice -n 19)
command -v chrt >/dev/null && idle=(chrt --idle 0 "${idle[@]}")
fuzz_build=${CLIPNOTE_FUZZ_BUILD_DIR:-$root/build-fuzz}
# The libFuzzer targets (tests/fuzz) build in their own clang tree after it, also at idle priority.
setsid "${idle[@]}" bash -c '
  bash "$1/scripts/check-sanitizers.sh" --build-only || exit 1
  CC=clang CXX=clang++ cmake -S "$1" -B "$2" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCLIPNOTE_FUZZ=ON >/dev/null &&
    cmake --build "$2" -j "$(nproc)" --target fuzz_all >"$2/fuzz-build.log" 2>&1 || { tail -40 "$2/fuzz-build.log"; exit 1; }
  echo "fuzzing: $(basename "$2")/ built"' _ "$root" "$fuzz_build" >"$san_out" 2>&1 &
san_build=$!
trap 'kill -- -$san_build 2>/dev/null || true; rm -f "$san_out"' EXIT
echo "sanitizers: building build-asan/ at idle priority beside the tests"

cd "${CLIPNOTE_BUILD_DIR:-$root/build}"
ctest --output-on-failure --timeout 300

after_tests=$SECONDS
wait "$san_build" || { cat "$san_out" >&2; exit 1; }
cat "$san_out"
bash "$root/scripts/check-sanitizers.sh" --run-only
echo "sanitizers: $((SECONDS - after_tests)) s after the tests"
# Every fuzz target for 30 s on a copy of its seeds (the long runs are in docs/HARDENING.md).
bash "$root/tests/fuzz/run_fuzzers.sh" "$fuzz_build" "${CLIPNOTE_FUZZ_SECONDS:-30}"
