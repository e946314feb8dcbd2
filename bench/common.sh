# Shared by the bench scripts: a private Xvfb with moving content, and measuring a command.
# Source it; call start_screen WIDTH HEIGHT, then measure NAME CMD...; stop_screen runs on exit.
# BENCH_KEEP=1 keeps the work folder (logs, traces, recordings) for a closer look.

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${CLIPNOTE_BUILD_DIR:-$root/build}
clipnote_bin=$build/clipnote
animator=$build/tests/helpers/x_animator
work=$(mktemp -d /tmp/clipnote-bench-XXXXXX)
xvfb_pid=""
animator_pid=""

stop_screen() {
  [ -n "$animator_pid" ] && kill "$animator_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  wait 2>/dev/null || true
  if [ -n "${BENCH_KEEP:-}" ]; then echo "bench: kept $work" >&2; else rm -rf "$work"; fi
}
trap stop_screen EXIT

# Starts Xvfb on a free display with x_animator's moving content (a bouncing box, a colour band
# and a frame counter, redrawn 30 times a second) covering the screen.
start_screen() {
  local w=$1 h=$2 n=70
  while [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 "${w}x${h}x24" -nolisten tcp -noreset >/dev/null 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 100); do [ -e /tmp/.X11-unix/X$n ] && break; sleep 0.05; done
  export DISPLAY=":$n"
  "$animator" --title bench --mode moving >/dev/null 2>&1 &
  animator_pid=$!
  sleep 1
}

# measure NAME CMD... : runs CMD, records user+system CPU seconds and peak RSS (MB) in
# $work/NAME.time as "cpu rss_mb"; CMD's stderr goes to $work/NAME.err.
measure() {
  local name=$1
  shift
  /usr/bin/time -f "%U %S %M" -o "$work/$name.rawtime" "$@" 2>"$work/$name.err" >/dev/null
  awk '{ printf "%.2f %.1f\n", $1 + $2, $3 / 1024 }' "$work/$name.rawtime" >"$work/$name.time"
}

frames_in() { ffprobe -v error -select_streams v -count_packets -show_entries stream=nb_read_packets -of csv=p=0 "$1"; }

now_us() { echo $(( $(date +%s%N) / 1000 )); }
# stats FILE: "median p90 max" of the numbers in FILE (milliseconds)
stats() { sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%.0f %.0f %.0f", v[int((NR + 1) / 2)], v[int(NR * 0.9 + 0.5)], v[NR] }'; }
# wait_trace LOG EVENT COUNT: until LOG has COUNT "clipnote-trace EVENT" lines (the app's
# CLIPNOTE_TRACE=1 output); prints the newest one's wall-clock stamp, or fails after 30 s.
wait_trace() {
  for _ in $(seq 600); do
    local n; n=$(grep -c "^clipnote-trace $2 " "$1" || true)
    if [ "$n" -ge "$3" ]; then grep "^clipnote-trace $2 " "$1" | tail -1 | awk '{ print $3 }'; return; fi
    sleep 0.05
  done
  echo "$(basename "$0"): no '$2' #$3 in the app's trace; it said:" >&2; tail -5 "$1" >&2; return 1
}
