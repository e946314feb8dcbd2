#!/usr/bin/env bash
# CPU used by the desktop app while idle (window open, nothing happening) over SECONDS.
# Usage: bench/app_idle_cpu.sh [SECONDS=60]
set -euo pipefail
source "$(dirname "$0")/common.sh"
secs=${1:-60}
n=80
while [ -e /tmp/.X11-unix/X$n ]; do n=$((n + 1)); done
Xvfb ":$n" -screen 0 1280x720x24 -nolisten tcp >/dev/null 2>&1 &
xvfb_pid=$!
sleep 1
mkdir -p "$work/run" && chmod 700 "$work/run"
DISPLAY=":$n" XDG_RUNTIME_DIR="$work/run" XDG_CONFIG_HOME="$work/config" XDG_DATA_HOME="$work/data" \
  "$clipnote_bin" >/dev/null 2>&1 &
animator_pid=$!  # stopped by common.sh's cleanup
sleep 3
hz=$(getconf CLK_TCK)
t0=$(awk '{ print $14 + $15 }' /proc/$animator_pid/stat)
sleep "$secs"
t1=$(awk '{ print $14 + $15 }' /proc/$animator_pid/stat)
printf "app idle for %s s: %d CPU ticks (%s/s) = %.3f %% of one core\n" "$secs" $((t1 - t0)) "$hz" \
  "$(echo "($t1 - $t0) * 100 / $hz / $secs" | bc -l)"
