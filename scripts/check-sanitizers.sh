#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer (+ LeakSanitizer) over the unit and upload suites:
# configures build-asan/ with the `asan` preset (clang, -O1), builds only unit_tests, upload_tests
# and share_tests, runs them and fails on any report. Every report is fatal (halt_on_error,
# -fno-sanitize-recover=undefined) and goes to a file, so one from a child process the tests
# start (the clipnote CLI) fails the run too, even where the test only looks at the exit code.
#
#   bash scripts/check-sanitizers.sh               configure, build, run
#   bash scripts/check-sanitizers.sh --build-only  configure and build (build-and-test.sh starts
#                                                  this at idle priority beside the normal tests)
#   bash scripts/check-sanitizers.sh --run-only    run what --build-only built
#
# Environment: CLIPNOTE_ASAN_BUILD_DIR (default build-asan/), CLIPNOTE_BUILD_LOCK (a file to
# flock around the build, for machines where several builds share the cores). ccache is used when
# installed. docs/HARDENING.md ("Sanitizers") has the details, timings and findings.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${CLIPNOTE_ASAN_BUILD_DIR:-$root/build-asan}
mode=${1:-all}
case "$mode" in
    all | --build-only | --run-only) ;;
    *) echo "usage: $0 [--build-only | --run-only]" >&2; exit 2 ;;
esac
# What the run needs (upload_tests and share_tests also build the clipnote CLI they start).
targets=(unit_tests upload_tests share_tests)

say() { echo "sanitizers: $*"; }

build_suites() {
    mkdir -p "$build"
    local log="$build/sanitizers-build.log" launcher=() lock=() started=$SECONDS
    if command -v ccache >/dev/null; then
        launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
        # Paths relative to the checkout, so a fresh clone elsewhere (CI) hits the same entries.
        export CCACHE_BASEDIR="$root" CCACHE_NOHASHDIR=true
    fi
    [ -n "${CLIPNOTE_BUILD_LOCK:-}" ] && lock=(flock "$CLIPNOTE_BUILD_LOCK")
    if ! (cd "$root" && cmake --preset asan -B "$build" "${launcher[@]}" &&
          "${lock[@]}" cmake --build "$build" -j "$(nproc)" --target "${targets[@]}") >"$log" 2>&1; then
        grep -E 'error|Error' "$log" | head -40 >&2 || tail -40 "$log" >&2
        say "build FAILED (whole log: $log)" >&2
        return 1
    fi
    say "$(basename "$build")/ built ($((SECONDS - started)) s)"
}

# run NAME COMMAND...: one suite, its output in a log that is printed if it fails.
run_suite() {
    local name=$1 log="$reports/$1.log" started=$SECONDS
    shift
    if "$@" >"$log" 2>&1; then
        say "$name passed ($((SECONDS - started)) s)"
    else
        cat "$log"
        say "$name FAILED ($((SECONDS - started)) s)" >&2
        return 1
    fi
}

run_suites() {
    reports="$build/sanitizer-reports"
    rm -rf "$reports" && mkdir -p "$reports"
    local symbolizer started=$SECONDS failed=0
    symbolizer=$(command -v llvm-symbolizer || ls /usr/bin/llvm-symbolizer-* 2>/dev/null | sort -V | tail -1 || true)
    [ -n "$symbolizer" ] && export ASAN_SYMBOLIZER_PATH="$symbolizer"
    # log_path: every process writes its reports to $reports/asan.<exe>.<pid> (or ubsan.…).
    local common="halt_on_error=1:log_exe_name=1"
    export ASAN_OPTIONS="$common:log_path=$reports/asan:detect_leaks=1:detect_stack_use_after_return=1\
:check_initialization_order=1:strict_init_order=1:detect_container_overflow=1:strict_string_checks=1"
    export UBSAN_OPTIONS="$common:log_path=$reports/ubsan:print_stacktrace=1:report_error_type=1"
    # Leaks inside system libraries that are not ours, each with the reason (LSan is on for the rest).
    local supp="$root/scripts/sanitizers/lsan.supp"
    [ -f "$supp" ] && export LSAN_OPTIONS="suppressions=$supp:print_suppressions=0"

    # upload_tests mostly waits (servers, timeouts, retries), so it runs as two halves in two
    # lanes, share_tests and unit_tests after the second half.
    local upload=$build/tests/upload/upload_tests count half
    [ -x "$upload" ] || { say "nothing built in $build: run $0 --build-only first" >&2; return 1; }
    count=$("$upload" --count | sed -n 's/.*passing the current filters: \([0-9]*\).*/\1/p')
    half=$(((count + 1) / 2))
    run_suite "upload_tests 1-$half" "$upload" --first=1 --last="$half" &
    local lane1=$!
    (
        status=0
        run_suite "upload_tests $((half + 1))-$count" "$upload" --first=$((half + 1)) || status=1
        run_suite share_tests "$build/tests/upload/share_tests" || status=1
        run_suite unit_tests "$build/tests/unit_tests" || status=1
        exit $status
    ) &
    local lane2=$!
    wait "$lane1" || failed=1
    wait "$lane2" || failed=1

    local found
    found=$(find "$reports" -name 'asan.*' -o -name 'ubsan.*' | sort)
    if [ -n "$found" ]; then
        for f in $found; do
            echo "=== $f"
            cat "$f"
        done
        say "$(echo "$found" | wc -l) sanitizer report(s), above" >&2
        failed=1
    fi
    if [ "$failed" -ne 0 ]; then
        say "FAILED ($((SECONDS - started)) s; reports and logs in $reports)" >&2
        return 1
    fi
    say "unit, upload and share suites clean under ASan + UBSan + LSan ($((SECONDS - started)) s)"
}

case "$mode" in
    --build-only) build_suites ;;
    --run-only) run_suites ;;
    all) build_suites && run_suites ;;
esac
