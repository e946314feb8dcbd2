#!/usr/bin/env bash
# Peak RSS of `clipnote record` (default settings) after 1 minute and after 10 minutes of the same
# moving 1920x1080@30 screen, plus RSS sampled every 30 s during the long run: memory must stay flat.
# Usage: bench/memory_over_time.sh [SHORT_SECONDS=60] [LONG_SECONDS=600]
set -euo pipefail
source "$(dirname "$0")/common.sh"
short=${1:-60}
long=${2:-600}
start_screen 1920 1080

measure short "$clipnote_bin" record --duration "$short" -o "$work/short.mp4"

measure long "$clipnote_bin" record --duration "$long" -o "$work/long.mp4" &
runner=$!
sleep 2
pid=$(pgrep -n -f "record --duration $long -o $work/long.mp4")
samples=()
while kill -0 "$pid" 2>/dev/null; do
  sleep 30
  rss=$(awk '/^VmRSS/ { print int($2 / 1024) }' /proc/$pid/status 2>/dev/null || true)
  [ -n "$rss" ] && samples+=("$rss")
done
wait $runner
read -r s_cpu s_rss <"$work/short.time"
read -r l_cpu l_rss <"$work/long.time"

echo "default settings, 1920x1080@30 moving content, $(nproc) cores"
echo
echo "| run | peak RSS MB | dropped/duplicated |"
echo "|---|---|---|"
echo "| ${short} s | $s_rss | $(grep -o '[0-9]* dropped, [0-9]* duplicated' "$work/short.err") |"
echo "| ${long} s | $l_rss | $(grep -o '[0-9]* dropped, [0-9]* duplicated' "$work/long.err") |"
echo
echo "RSS samples (MB, every 30 s): ${samples[*]}"
printf "long/short peak RSS: %.3f\n" "$(echo "$l_rss / $s_rss" | bc -l)"
