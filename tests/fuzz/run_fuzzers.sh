#!/usr/bin/env bash
# Runs every clipnote fuzz target for SECONDS on a copy of its seeds (tests/fuzz/corpus/<target>/,
# never written to) with its dictionary (tests/fuzz/dict/<target>.dict), two at a time, and prints
# one line per target. Fails (exit 1) on any crash, sanitizer report, leak, timeout (-timeout=10)
# or out-of-memory (-rss_limit_mb=2048); the failing inputs and logs are kept and their folder
# printed.
#
# Usage: tests/fuzz/run_fuzzers.sh BUILD_DIR SECONDS [TARGET…]
#   BUILD_DIR  a tree configured with CC=clang CXX=clang++ -DCLIPNOTE_FUZZ=ON, targets built
#              (cmake --build BUILD_DIR --target fuzz_all)
#   SECONDS    per target (-max_total_time); CI runs 30, docs/HARDENING.md has the long runs
#   TARGET     only these (default: all six)
# Env: FUZZ_JOBS (default 2) targets at once; FUZZ_WORK a folder to keep all corpora and logs in.
set -u

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [[ $# -lt 2 ]]; then
    sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
    exit 2
fi
build=$(cd "$1" 2>/dev/null && pwd) || { echo "run_fuzzers: no build folder $1" >&2; exit 2; }
seconds=$2
shift 2
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(fuzz_config_toml fuzz_sxcu_file fuzz_sxcu_template fuzz_response_query
                                      fuzz_s3_xml fuzz_settings_writer)
jobs=${FUZZ_JOBS:-2}

keep=${FUZZ_WORK:-}
work=${keep:-$(mktemp -d "${TMPDIR:-/tmp}/clipnote-fuzz.XXXXXX")}
mkdir -p "$work"

run_one() {  # target: runs it, writes $work/<target>/result
    local t=$1 bin="$build/tests/fuzz/$1" dir="$work/$1"
    mkdir -p "$dir/corpus" "$dir/artifacts"
    cp "$here/corpus/$t/"* "$dir/corpus/" 2>/dev/null
    local seeds
    seeds=$(ls "$dir/corpus" | wc -l)
    local dict=()
    [[ -f $here/dict/$t.dict ]] && dict=(-dict="$here/dict/$t.dict")
    local rc=0
    # The outer timeout only guards against libFuzzer itself hanging.
    (cd "$dir" && timeout $((seconds + 300)) "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -artifact_prefix="$dir/artifacts/" "${dict[@]}" corpus >log.txt 2>&1) || rc=$?
    local log="$dir/log.txt"
    local runs execs cov ft corp rss
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    execs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log")
    rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log")
    cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
    ft=$(grep -oE 'ft: [0-9]+' "$log" | tail -1 | grep -oE '[0-9]+')
    corp=$(grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$log" | tail -1 | sed 's/corp: //')
    local found
    found=$(ls "$dir/artifacts" | wc -l)
    local verdict=ok
    if [[ $rc -ne 0 || $found -ne 0 ]] || grep -qE '^==[0-9]+==ERROR|^SUMMARY: |runtime error:|invariant failed' "$log"; then
        verdict="FAILED (exit $rc, $found input(s) in $dir/artifacts; $(grep -m1 -oE 'ERROR: libFuzzer: [a-z -]+|ERROR: [A-Za-z]+Sanitizer: [a-z-]+|runtime error: .{0,60}|invariant failed: .{0,60}' "$log"))"
    fi
    printf '%-22s %s: %s runs in %ss (%s exec/s), cov %s, ft %s, corpus %s seeds -> %s, peak rss %s MB\n' \
        "$t" "$verdict" "${runs:-0}" "$seconds" "${execs:-0}" "${cov:-?}" "${ft:-?}" "$seeds" "${corp:-?}" \
        "${rss:-?}" >"$dir/result"
}

for t in "${targets[@]}"; do
    [[ -x $build/tests/fuzz/$t ]] || { echo "run_fuzzers: $build/tests/fuzz/$t is not built" >&2; exit 2; }
done

running=0
for t in "${targets[@]}"; do
    if ((running >= jobs)); then
        wait -n
        running=$((running - 1))
    fi
    run_one "$t" &
    running=$((running + 1))
done
wait

failed=0
for t in "${targets[@]}"; do
    cat "$work/$t/result"
    grep -q ' ok: ' "$work/$t/result" || failed=1
done
if [[ $failed -ne 0 ]]; then
    echo "run_fuzzers: failures; inputs and logs in $work"
    exit 1
fi
[[ -z $keep ]] && rm -rf "$work"
exit 0
