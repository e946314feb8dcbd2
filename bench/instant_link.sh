#!/usr/bin/env bash
# Issue 10: how long after the recording stops the link exists, and the object behind it is
# complete. clipnote `record --upload` (uploads while recording) against the naive route: the
# ffmpeg CLI records, then `aws s3 cp` and `aws s3 presign`. Both record the same synthetic moving
# source (lavfi testsrc2, 1920x1080@30, in real time) and upload to the same local S3 (the tests'
# gate), on loopback and behind the gate's shared uplink limit.
#
# Usage: bench/instant_link.sh [SECONDS (default 60)] [UPLINKS in bytes/s, 0 = loopback (default "0 2500000")]
#   2500000 bytes/s = 20 Mbit/s. BENCH_KEEP=1 keeps the work folder.
#
# Stop = the end of the recorded span: clipnote's traced recording-start + SECONDS; for ffmpeg the
# moment it exits (which leaves its own finishing out, in its favour). Link = clipnote's traced
# link-ready (the clipboard step; --no-clipboard here, no display) / the end of `aws s3 presign`
# after `aws s3 cp`. Complete = clipnote's traced object-complete / the end of `aws s3 cp`. Page = the
# traced page-complete: the share page and its poster are up too (S3 destinations make one by
# default, so clipnote's link is the page's; the naive route has none).
set -euo pipefail
seconds=${1:-60}
uplinks=${2:-"0 2500000"}
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/local_s3.sh"
aws_bin=$(command -v aws) || { echo "instant_link: needs the aws CLI (Debian: awscli)" >&2; exit 1; }

start_local_s3
trap 'kill $s3_pid 2>/dev/null || true; stop_screen' EXIT
{ echo 'default = "s3"'; s3_destination_toml; } >"$work/config.toml"
source_spec="testsrc2=size=1920x1080:rate=30"

uplink() { curl -sS -X POST --data-binary "{\"bytesPerSecond\": $1}" "http://127.0.0.1:$s3_port/__gate/uplink" >/dev/null; }
trace_at() { grep "^clipnote-trace $2 " "$1" | tail -1 | awk '{ print $3 }'; }
ms() { echo $(( ($2 - $1) / 1000 )); }

printf "| uplink | route | stop -> link (ms) | stop -> object complete (ms) | stop -> page up (ms) | object MB | CPU s | peak RSS MB |\n"
printf "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
for up in $uplinks; do
  uplink "$up"
  label=$([ "$up" = 0 ] && echo loopback || echo "$((up * 8 / 1000000)) Mbit/s")

  # clipnote: uploads while it records.
  out=$work/clipnote-$up.mp4
  CLIPNOTE_TRACE=1 /usr/bin/time -f "%U %S %M" -o "$work/clip-$up.time" \
    "$clipnote_bin" record --screen "lavfi:$source_spec" --duration "$seconds" -o "$out" --upload --no-clipboard \
    --config "$work/config.toml" >"$work/clip-$up.out" 2>"$work/clip-$up.err"
  start=$(trace_at "$work/clip-$up.err" recording-start)
  stop=$((start + seconds * 1000000))
  link=$(trace_at "$work/clip-$up.err" link-ready)
  done_at=$(trace_at "$work/clip-$up.err" object-complete)
  page_at=$(trace_at "$work/clip-$up.err" page-complete)
  bytes=$(stat -c %s "$out")
  read -r u s rss <"$work/clip-$up.time"
  printf "| %s | clipnote record --upload | %d | %d | %d | %.1f | %.1f | %.0f |\n" "$label" "$(ms "$stop" "$link")" \
    "$(ms "$stop" "$done_at")" "$(ms "$stop" "$page_at")" "$(echo "$bytes / 1000000" | bc -l)" "$(echo "$u + $s" | bc -l)" "$(echo "$rss / 1024" | bc -l)"

  # The same recording without uploading: what the live upload costs in CPU and memory.
  CLIPNOTE_TRACE=1 /usr/bin/time -f "%U %S %M" -o "$work/plain-$up.time" \
    "$clipnote_bin" record --screen "lavfi:$source_spec" --duration "$seconds" -o "$work/plain-$up.mp4" \
    >/dev/null 2>"$work/plain-$up.err"
  read -r u s rss <"$work/plain-$up.time"
  printf "| %s | clipnote record (no upload) | - | - | - | %.1f | %.1f | %.0f |\n" "$label" \
    "$(echo "$(stat -c %s "$work/plain-$up.mp4") / 1000000" | bc -l)" "$(echo "$u + $s" | bc -l)" "$(echo "$rss / 1024" | bc -l)"

  # The naive route: record, then copy, then presign.
  nout=$work/ffmpeg-$up.mp4
  /usr/bin/time -f "%U %S %M" -o "$work/ff-$up.time" ffmpeg -v error -re -f lavfi -i "$source_spec" -t "$seconds" \
    -c:v libx264 -preset veryfast -crf 23 -pix_fmt yuv420p -movflags +faststart -y "$nout"
  stop=$(now_us)
  "$aws_bin" --endpoint-url "http://127.0.0.1:$s3_port" s3 cp "$nout" "s3://bench/naive-$up.mp4" --only-show-errors
  done_at=$(now_us)
  "$aws_bin" --endpoint-url "http://127.0.0.1:$s3_port" s3 presign "s3://bench/naive-$up.mp4" >"$work/naive-$up.link"
  link=$(now_us)
  read -r u s rss <"$work/ff-$up.time"
  printf "| %s | ffmpeg, then aws s3 cp + presign | %d | %d | - | %.1f | %.1f | %.0f |\n" "$label" "$(ms "$stop" "$link")" \
    "$(ms "$stop" "$done_at")" "$(echo "$(stat -c %s "$nout") / 1000000" | bc -l)" "$(echo "$u + $s" | bc -l)" \
    "$(echo "$rss / 1024" | bc -l)"
done
