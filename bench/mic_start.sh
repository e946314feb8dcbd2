#!/usr/bin/env bash
# How long the microphone holds up a recording's start. Records RUNS x 3 s with and without
# --mic (clipnote's libpulse source), and the same 3 s with ffmpeg's libavdevice pulse input
# (what clipnote used before) as the peer, against a private PulseAudio in two states:
#   idle:    a null sink nothing plays into (the tests' setup; a quiet desktop's monitor)
#   playing: a tone played at 20 ms latency (a sound card in use)
# Prints per state: launch -> recording start and recording start -> first audio sample
# (CLIPNOTE_TRACE), and the wall time of the 3 s recording, medians over RUNS.
# Usage: bash bench/mic_start.sh [RUNS]   (default 5)
set -euo pipefail
source "$(dirname "$0")/common.sh"
runs=${1:-5}

export XDG_RUNTIME_DIR=$work/pulse HOME=$work
mkdir -p "$XDG_RUNTIME_DIR"
pulseaudio -n --daemonize=no --exit-idle-time=-1 --use-pid-file=no \
  -L "module-native-protocol-unix auth-anonymous=1" -L "module-null-sink sink_name=bench_sink rate=48000" \
  -L "module-remap-source master=bench_sink.monitor source_name=bench_mic" >"$work/pulse.log" 2>&1 &
pulse_pid=$!
for _ in $(seq 200); do pactl info >/dev/null 2>&1 && break; sleep 0.05; done
trap 'kill $pulse_pid 2>/dev/null || true; stop_screen' EXIT
ffmpeg -v error -y -f lavfi -i "sine=frequency=440:duration=600" -ac 2 -ar 48000 -f s16le "$work/tone.raw"

screen=lavfi:testsrc2=size=320x240:rate=30
median() { grep -v -- - | sort -n | awk '{ v[NR] = $1 } END { if (NR) printf "%.0f", v[int((NR + 1) / 2)]; else printf "-" }'; }

# one_run KIND: prints "launch_to_start_ms start_to_audio_ms wall_ms" (audio "-" without a mic)
one_run() {
  local kind=$1 t0 t1 start audio
  t0=$(now_us)
  case $kind in
    nomic) CLIPNOTE_TRACE=1 "$clipnote_bin" record --screen $screen --duration 3 -o "$work/r.mp4" >/dev/null 2>"$work/r.err" ;;
    mic) CLIPNOTE_TRACE=1 "$clipnote_bin" record --screen $screen --mic pulse:bench_mic --duration 3 -o "$work/r.mp4" >/dev/null 2>"$work/r.err" ;;
    ffmpeg) ffmpeg -v error -y -f lavfi -i "${screen#lavfi:}" -f pulse -i bench_mic -t 3 -c:v libx264 -preset veryfast -c:a aac "$work/f.mp4" ;;
  esac
  t1=$(now_us)
  start=$(awk '/^clipnote-trace recording-start /{ print $3 }' "$work/r.err" 2>/dev/null || true)
  audio=$(awk '/^clipnote-trace pulse-first-audio /{ print $3 }' "$work/r.err" 2>/dev/null || true)
  if [ "$kind" = ffmpeg ]; then echo "- - $(( (t1 - t0) / 1000 ))"; return; fi
  echo "$(( (start - t0) / 1000 )) $([ -n "$audio" ] && echo $(( (audio - start) / 1000 )) || echo -) $(( (t1 - t0) / 1000 ))"
}

printf "%-8s %-22s %18s %18s %10s\n" state run "launch->start ms" "start->audio ms" "wall ms"
for state in idle playing; do
  player=""
  if [ $state = playing ]; then
    pacat --device=bench_sink --format=s16le --rate=48000 --channels=2 --latency-msec=20 "$work/tone.raw" &
    player=$!
    sleep 1
  fi
  for kind in nomic mic ffmpeg; do
    : >"$work/$kind.runs"
    for _ in $(seq "$runs"); do one_run $kind >>"$work/$kind.runs"; done
    label=$(case $kind in nomic) echo "clipnote, no mic" ;; mic) echo "clipnote --mic" ;; ffmpeg) echo "ffmpeg -f pulse (peer)" ;; esac)
    printf "%-8s %-22s %18s %18s %10s\n" $state "$label" \
      "$(awk '{ print $1 }' "$work/$kind.runs" | median)" \
      "$(awk '{ print $2 }' "$work/$kind.runs" | median)" \
      "$(awk '{ print $3 }' "$work/$kind.runs" | median)"
  done
  [ -n "$player" ] && kill $player 2>/dev/null || true
done
