#!/usr/bin/env bash
# Desktop-app latency over N presses of each global hotkey, with a local destination and with the
# local S3 (s3rver behind the tests' SigV4-verifying gate):
#   record hotkey   -> first picture captured (the capture time of the file's first frame)
#   reaction hotkey -> link on the clipboard, minus the reaction's own recording time
# The app runs with CLIPNOTE_TRACE=1, which prints wall-clock stamps of the press it received,
# the first picture and the clipboard; the press time is taken here, just before `xdotool key`.
# Peers in the same run: the ffmpeg CLI's own start-up to its first x11grab frame, and the
# by-hand route for a reaction GIF (ffmpeg two-pass GIF of the same camera source, then cp /
# aws s3 cp), with the same recording time subtracted.
# Usage: bench/app_latency.sh [PRESSES=20]
set -euo pipefail
source "$(dirname "$0")/common.sh"
source "$(dirname "$0")/local_s3.sh"
presses=${1:-20}
camera="testsrc2=size=640x480:rate=15"
reaction_s=3
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; stop_screen' EXIT

start_screen 1920 1080

start_local_s3
pids+=("$s3_pid")

# run_app DEST: one app session, $presses record presses then $presses reaction presses.
run_app() {
  local dest=$1 dir=$work/app-$1
  mkdir -p "$dir/config/clipnote" "$dir/run" && chmod 700 "$dir/run"
  cat >"$dir/config/clipnote/config.toml" <<CONF
default = "$dest"
[destination.local]
kind = "local"
folder = "$dir/shared"
$(s3_destination_toml)

[capture]
camera = "lavfi:$camera"
use_mic = false

[app]
countdown = 0
review = false
reaction_seconds = $reaction_s
CONF
  CLIPNOTE_TRACE=1 XDG_RUNTIME_DIR="$dir/run" XDG_CONFIG_HOME="$dir/config" XDG_DATA_HOME="$dir/data" \
    XDG_VIDEOS_DIR="$dir/videos" "$clipnote_bin" 2>"$dir/trace.log" >/dev/null &
  local app=$!
  pids+=($app)
  xdotool search --sync --onlyvisible --name '^clipnote$' >/dev/null
  sleep 1
  : >"$work/first-$dest.ms"
  : >"$work/link-$dest.ms"
  local links=0
  for i in $(seq "$presses"); do
    local t0; t0=$(now_us)
    xdotool key ctrl+alt+r
    local first; first=$(wait_trace "$dir/trace.log" first-picture "$i")
    echo "($first - $t0) / 1000" | bc -l >>"$work/first-$dest.ms"
    sleep 0.5
    xdotool key ctrl+alt+r          # stop; without a review the clip is shared at once
    links=$((links + 1))
    wait_trace "$dir/trace.log" clipboard "$links" >/dev/null
    sleep 0.3
  done
  for i in $(seq "$presses"); do
    local t0; t0=$(now_us)
    xdotool key ctrl+alt+g
    links=$((links + 1))
    local copied; copied=$(wait_trace "$dir/trace.log" clipboard "$links")
    echo "($copied - $t0) / 1000 - $reaction_s * 1000" | bc -l >>"$work/link-$dest.ms"
    sleep 0.3
  done
  kill "$app"
  wait "$app" 2>/dev/null || true
}

# The peers, $presses times each.
peer_first_frame() {
  : >"$work/peer-first.ms"
  for _ in $(seq "$presses"); do
    local t0; t0=$(now_us)
    ffmpeg -v error -f x11grab -framerate 30 -i "$DISPLAY" -frames:v 1 -f null - </dev/null
    echo "($(now_us) - $t0) / 1000" | bc -l >>"$work/peer-first.ms"
  done
}
peer_reaction() {
  local dest=$1
  : >"$work/peer-link-$dest.ms"
  for i in $(seq "$presses"); do
    local t0; t0=$(now_us)
    ffmpeg -v error -re -f lavfi -t "$reaction_s" -i "$camera" \
      -filter_complex "fps=15,scale=480:-1:flags=lanczos,split[a][b];[a]palettegen[p];[b][p]paletteuse" \
      -y "$work/peer.gif" </dev/null
    if [ "$dest" = s3 ]; then
      aws --endpoint-url "http://127.0.0.1:$s3_port" s3 cp "$work/peer.gif" "s3://bench/peer-$i.gif" --only-show-errors
      aws --endpoint-url "http://127.0.0.1:$s3_port" s3 presign "s3://bench/peer-$i.gif" >/dev/null
    else
      mkdir -p "$work/peer-shared" && cp "$work/peer.gif" "$work/peer-shared/peer-$i.gif"
    fi
    echo "($(now_us) - $t0) / 1000 - $reaction_s * 1000" | bc -l >>"$work/peer-link-$dest.ms"
  done
}

run_app local
run_app s3
peer_first_frame
peer_reaction local
peer_reaction s3

echo "$presses presses each, 1920x1080 Xvfb with moving content, camera lavfi:$camera, $(nproc) cores"
echo "(milliseconds: median / p90 / max)"
echo
echo "| measurement | clipnote app | peer | peer is |"
echo "|---|---|---|---|"
row() { read -r m p x <<<"$(stats "$2")"; read -r pm pp px <<<"$(stats "$3")";
        printf "| %s | %s / %s / %s | %s / %s / %s | %s |\n" "$1" "$m" "$p" "$x" "$pm" "$pp" "$px" "$4"; }
row "record hotkey -> first picture (local)" "$work/first-local.ms" "$work/peer-first.ms" "ffmpeg -f x11grab, launch to first frame"
row "record hotkey -> first picture (S3)" "$work/first-s3.ms" "$work/peer-first.ms" "same"
row "reaction hotkey -> link on clipboard - ${reaction_s} s (local)" "$work/link-local.ms" "$work/peer-link-local.ms" "ffmpeg two-pass GIF + cp"
row "reaction hotkey -> link on clipboard - ${reaction_s} s (S3)" "$work/link-s3.ms" "$work/peer-link-s3.ms" "ffmpeg two-pass GIF + aws s3 cp + presign"
