#!/usr/bin/env bash
# Fault runs (issue 13, "Hardening"): the real binaries under faults; a figures table at the end.
#   kill9     kill -9 at N seeded random moments (1-8 s) of `clipnote record` (x11grab of moving content
#             + the PulseAudio mic): every file must decode; seconds lost = wall time recorded before
#             the kill - decodable duration. Also: History after the kills, and the app killed -9
#             mid-recording, then started again.
#   xkill     the X server killed (SIGTERM, SIGKILL) under `clipnote record` and under the app.
#   diskfull  a 2 MiB tmpfs: filled by a recording, by the finish step, by the GIF step, full from the
#             start; and the app's reactions with its recordings_dir there (full, nearly full, freed).
#   gifs      N reaction GIFs back-to-back in one app session (`clipnote react`, each awaited through the
#             app's "press" and "clipboard" traces): RSS, fds, threads, children, clipboard helpers
#             after GIF 1, 10, 50, 100, N.
#   upload    the S3 fault matrix of tests/upload against the real CLI (503 + Retry-After, a reset mid-part,
#             500 on every PUT, a 1 KB/s link, a multipart upload the server forgot, the server down), and
#             kill -9 mid-upload + a restart, for the CLI and for the app.
#   secrets   planted secrets (S3 secret key in env and in a file, a wrong S3 secret, a .sxcu header token,
#             webhook URL tokens) through record/upload successes and failures, CLI and app, then a grep of
#             stdout, stderr, the database, queue locks, state/cache/home, the config folder (minus the
#             credential files themselves), recordings, uploaded copies: 0 hits expected.
# Usage: bench/fault_runs.sh [--seed N] [--kills N] [--gifs N] [--gif-seconds S] [--only LIST]
#   LIST: comma-separated sections from kill9,xkill,diskfull,gifs,upload,secrets (default: all).
#   Defaults: --seed from the clock (printed), --kills 20, --gifs 200, --gif-seconds 3 (the app's default).
# Needs root for the tmpfs (diskfull). BENCH_KEEP=1 keeps the work folder (every log, file and database).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
source "$here/common.sh"
source "$here/local_s3.sh"

seed=$(date +%s)
kills=20
gifs=200
gif_seconds=3
only=kill9,xkill,diskfull,gifs,upload,secrets
while [ $# -gt 0 ]; do
  case $1 in
    --seed) seed=$2; shift 2 ;;
    --kills) kills=$2; shift 2 ;;
    --gifs) gifs=$2; shift 2 ;;
    --gif-seconds) gif_seconds=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -uo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "fault_runs: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$only," == *",$1,"* ]]; }

pids=()       # every background process this script started, ended by pid at exit
mounts=()     # tmpfs mounts to undo at exit
figs=$work/figures.md
defects=$work/defects.md
: >"$figs"
: >"$defects"
say() { printf '%s\n' "$*" >&2; }
die() { say "fault_runs: $*"; exit 1; }
# fig RUN FIGURES VERDICT: one row of the figures table.
fig() {
  local figures=${2//$work\//}   # paths relative to the work folder
  printf '| %s | %s | %s |\n' "$1" "$figures" "$3" >>"$figs"
  say "  -> $1: $figures [$3]"
}
defect() { printf -- '- %s\n' "$*" >>"$defects"; say "  !! $*"; }

# ours PID: still a child of this script (a pid reused by someone else's process is left alone).
ours() { [ "$(ps -o ppid= -p "$1" 2>/dev/null | tr -d ' ')" = "$$" ]; }
cleanup() {
  local p
  for p in "${pids[@]}"; do ours "$p" && kill -TERM "$p" 2>/dev/null; done
  sleep 0.3
  for p in "${pids[@]}"; do ours "$p" && kill -KILL "$p" 2>/dev/null; done
  for m in "${mounts[@]}"; do umount "$m" 2>/dev/null || true; done
  stop_screen
}
trap cleanup EXIT

# --- The binaries: private copies, so a rebuild elsewhere cannot relink them under a run ----------
mkdir -p "$work/bin"
copy_binaries() {
  local f
  for f in "$build/clipnote" "$build/clipnote-main" "$build/tests/helpers/x_animator"; do
    [ -x "$f" ] || die "$f is missing: build first (flock /tmp/clipnote-build.lock cmake --build $build -j2 --target clipnote x_animator)"
  done
  # The build lock is held while others build: copying under it never takes a half-linked binary.
  say "copying the binaries (waiting for /tmp/clipnote-build.lock while someone builds)"
  flock -w 900 /tmp/clipnote-build.lock cp -p "$build/clipnote" "$build/clipnote-main" "$build/tests/helpers/x_animator" "$work/bin/" ||
    die "could not copy the binaries"
  "$work/bin/clipnote" --version >/dev/null 2>&1 || die "the copied clipnote does not start"
}
copy_binaries
clipnote_bin=$work/bin/clipnote
animator=$work/bin/x_animator
binary_id="clipnote-main $(sha256sum "$work/bin/clipnote-main" | cut -c1-12), built $(date -r "$work/bin/clipnote-main" '+%F %T'), tree at $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?')$(git -C "$root" diff --quiet 2>/dev/null || echo ' + local changes')"

# --- Sessions --------------------------------------------------------------------------------------
# profile NAME: a private HOME and XDG folders under $work/NAME (the user's own config, data and
# runtime folders are never touched); sets $d.
profile() {
  d=$work/$1
  mkdir -p "$d"/{home,config/clipnote,data,state,cache,videos,run,tmp,logs}
  chmod 700 "$d/run"
  export HOME=$d/home XDG_CONFIG_HOME=$d/config XDG_DATA_HOME=$d/data XDG_STATE_HOME=$d/state \
    XDG_CACHE_HOME=$d/cache XDG_VIDEOS_DIR=$d/videos XDG_RUNTIME_DIR=$d/run TMPDIR=$d/tmp
}
unset WAYLAND_DISPLAY XDG_SESSION_TYPE DBUS_SESSION_BUS_ADDRESS SESSION_MANAGER
profile setup

# A private PulseAudio with a null sink and a "microphone" remapped from its monitor (as
# tests/support/pulse_session.cpp does).
start_pulse() {
  local p=$work/pulse
  mkdir -p "$p/rt"
  echo "autospawn = no" >"$p/client.conf"
  XDG_RUNTIME_DIR=$p HOME=$p PULSE_RUNTIME_PATH=$p/rt pulseaudio -n --daemonize=no --exit-idle-time=-1 \
    --use-pid-file=no --log-target=stderr --system=no \
    -L "module-native-protocol-unix socket=$p/native auth-anonymous=1" \
    -L "module-null-sink sink_name=clipnote_sink rate=48000" \
    -L "module-remap-source master=clipnote_sink.monitor source_name=clipnote_mic" 2>"$p/daemon.log" &
  pids+=($!)
  export PULSE_SERVER=unix:$p/native PULSE_CLIENTCONFIG=$p/client.conf PULSE_COOKIE=$p/cookie
  for _ in $(seq 200); do pactl info >/dev/null 2>&1 && break; sleep 0.05; done
  pactl set-default-source clipnote_mic && pactl set-default-sink clipnote_sink || die "pulseaudio did not start: $(tail -3 "$p/daemon.log")"
}

# A private session bus with a notification daemon on the current $DISPLAY, so the app's desktop
# notifications go somewhere real and never to the user's session.
start_bus() {
  dbus-daemon --session --nofork --print-address=1 >"$work/bus.addr" 2>/dev/null &
  pids+=($!)
  for _ in $(seq 100); do [ -s "$work/bus.addr" ] && break; sleep 0.05; done
  export DBUS_SESSION_BUS_ADDRESS=$(head -1 "$work/bus.addr")
  if command -v dunst >/dev/null; then dunst >/dev/null 2>&1 & pids+=($!); fi
}

# new_x W H: another Xvfb (one a run may kill) with moving content; sets x_display, x_pid, x_anim.
new_x() {
  local n=150
  while [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ]; do n=$((n + 1)); done
  Xvfb ":$n" -screen 0 "${1}x${2}x24" -nolisten tcp -noreset >/dev/null 2>&1 &
  x_pid=$!
  pids+=($x_pid)
  for _ in $(seq 200); do xdpyinfo -display ":$n" >/dev/null 2>&1 && break; sleep 0.05; done
  x_display=":$n"
  DISPLAY=$x_display "$animator" --title "fault content" --mode moving >/dev/null 2>&1 &
  x_anim=$!
  pids+=($x_anim)
  sleep 0.5
}

# wait_until SECONDS CMD...: polls CMD every 50 ms; fails after SECONDS.
wait_until() {
  local end=$(( $(date +%s%N) + ${1%.*} * 1000000000 ))
  shift
  while ! "$@"; do
    [ "$(date +%s%N)" -lt "$end" ] || return 1
    sleep 0.05
  done
}
# wait_exit PID SECONDS: waits for a child of this shell; sets exit_rc to its exit status, or
# "timeout" (then the child is still running).
wait_exit() {
  local end=$(( $(date +%s) + $2 ))
  exit_rc=timeout
  while kill -0 "$1" 2>/dev/null && [ "$(awk '{ print $3 }' /proc/$1/stat 2>/dev/null)" != Z ]; do
    [ "$(date +%s)" -lt "$end" ] || return 0
    sleep 0.05
  done
  wait "$1" 2>/dev/null
  exit_rc=$?
}
trace_count() { grep -c "^clipnote-trace $2 " "$1" 2>/dev/null || true; }
has_trace_count() { [ "$(trace_count "$1" "$2")" -ge "$3" ]; }
last_trace_us() { grep "^clipnote-trace $2 " "$1" | tail -1 | awk '{ print $3 }'; }
one_line() { tr '\n' ' ' <"$1" | sed 's/ *$//; s/|/\\|/g' | cut -c1-300; }

# probe FILE: "PLAYABLE VIDEO_S AUDIO_S FRAMES ERRORS": PLAYABLE is yes when ffmpeg decodes every
# stream to the end with exit status 0 and at least one video frame came out; VIDEO_S is the last
# decoded frame's time + one frame, AUDIO_S the last decoded audio frame's end (0 without audio);
# ERRORS counts ffmpeg's error lines (a cut tail shows up there).
probe() {
  local f=$1
  if [ ! -s "$f" ]; then echo "no 0 0 0 0"; return; fi
  local errs rc fps v a frames
  errs=$(ffmpeg -nostdin -v error -i "$f" -map 0 -f null - 2>&1); rc=$?
  fps=$(ffprobe -v error -select_streams v:0 -show_entries stream=r_frame_rate -of csv=p=0 "$f" 2>/dev/null | head -1)
  fps=$(echo "scale=6; ${fps:-30/1}" | bc -l 2>/dev/null || echo 30)
  read -r frames v < <(ffprobe -v error -select_streams v:0 -show_entries frame=pts_time -of csv=p=0 "$f" 2>/dev/null |
    awk -v fps="$fps" '$1 != "" && $1 != "N/A" { n++; if ($1 + 0 > m) m = $1 + 0 } END { printf "%d %.3f\n", n, n ? m + 1 / fps : 0 }')
  a=$(ffprobe -v error -select_streams a:0 -show_entries frame=pts_time,nb_samples -of compact=p=0 "$f" 2>/dev/null |
    awk -F'|' '{ t = ""; s = 0; for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == "pts_time") t = kv[2]; if (kv[1] == "nb_samples") s = kv[2] }
                 if (t != "" && t != "N/A" && t + s / 48000 > m) m = t + s / 48000 } END { printf "%.3f", m }')
  local playable=no
  [ "$rc" -eq 0 ] && [ "${frames:-0}" -gt 0 ] && playable=yes
  echo "$playable ${v:-0} ${a:-0} ${frames:-0} $(printf '%s' "$errs" | grep -c .)"
}
history_json() { "$clipnote_bin" history --json 2>/dev/null || echo '[]'; }

# start_app NAME: the desktop app with the current profile's env and CLIPNOTE_TRACE=1; stderr in
# $d/logs/NAME.err; sets app_pid, app_err. Waits for its window.
start_app() {
  app_err=$d/logs/$1.err
  CLIPNOTE_TRACE=1 "$clipnote_bin" >"$d/logs/$1.out" 2>"$app_err" &
  app_pid=$!
  pids+=($app_pid)
  # Ready: its own window is mapped (by pid: another app may be on the same display) and its
  # control socket listens.
  if ! wait_until 60 app_ready; then
    say "the app did not come up within 60 s: $(tail -3 "$app_err" | tr '\n' ' ')"
    kill -KILL "$app_pid" 2>/dev/null; wait "$app_pid" 2>/dev/null
    return 1
  fi
  sleep 0.5
}
app_ready() {
  [ -S "$XDG_RUNTIME_DIR/clipnote.sock" ] && [ -n "$(xdotool search --onlyvisible --pid "$app_pid" 2>/dev/null)" ]
}
stop_app() {
  kill -TERM "$app_pid" 2>/dev/null
  wait_exit "$app_pid" 30
  [ "$exit_rc" = timeout ] && { say "  the app did not quit within 30 s of SIGTERM"; kill -KILL "$app_pid"; wait "$app_pid" 2>/dev/null; }
}

# app_config EXTRA: config.toml for the app: synthetic webcam, no mic, no countdown, no review.
app_config() {
  cat >"$XDG_CONFIG_HOME/clipnote/config.toml" <<CONF
$1
[capture]
camera = "lavfi:testsrc2=size=320x240:rate=15"
use_mic = false

[app]
countdown = 0
review = false
reaction_seconds = $gif_seconds
CONF
}

# --- kill -9 while recording -----------------------------------------------------------------------
run_kill9() {
  say "== kill -9 while recording: $kills runs, seed $seed"
  profile kill9
  local times i=0 t pid t0 t1 rc rec playable v a frames errs lost all_ok=yes
  times=$(/usr/bin/python3 -c "import random; r = random.Random($seed); print(' '.join('%.2f' % r.uniform(1, 8) for _ in range($kills)))")
  echo "| # | kill at s | recorded s | decodable video s | audio s | lost s | playable | exit |" >"$d/runs.md"
  echo "|---|---|---|---|---|---|---|---|" >>"$d/runs.md"
  : >"$d/lost.txt"
  for t in $times; do
    i=$((i + 1))
    local f=$d/videos/kill-$i.mp4
    "$clipnote_bin" record --mic pulse:clipnote_mic -o "$f" >"$d/logs/kill-$i.out" 2>"$d/logs/kill-$i.err" &
    pid=$!
    # The recording starts when its file exists: the Recorder opens the output just before the
    # clock's origin, so this start is, if anything, early (counted against clipnote).
    local polls=0
    while [ ! -e "$f" ] && [ "$polls" -lt 3000 ]; do sleep 0.005; polls=$((polls + 1)); done
    if [ ! -e "$f" ]; then
      fig "kill -9 #$i" "no output file within 15 s: $(one_line "$d/logs/kill-$i.err")" FAIL
      kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; all_ok=no; continue
    fi
    t0=$(now_us)
    sleep "$t"
    kill -9 "$pid"
    t1=$(now_us)
    wait "$pid" 2>/dev/null; rc=$?
    rec=$(echo "scale=3; ($t1 - $t0) / 1000000" | bc -l)
    read -r playable v a frames errs < <(probe "$f")
    lost=$(echo "scale=3; $rec - $v" | bc -l)
    echo "$lost" >>"$d/lost.txt"
    [ "$playable" = yes ] || { all_ok=no; defect "kill -9 at $t s left an unplayable file ($f, $frames frames, ffmpeg: $errs error lines): clipnote record --mic pulse:clipnote_mic -o OUT.mp4, kill -9 after $t s"; }
    printf '| %d | %s | %.2f | %.2f | %.2f | %.2f | %s%s | %s |\n' "$i" "$t" "$rec" "$v" "$a" "$lost" "$playable" \
      "$([ "$errs" -gt 0 ] && echo " ($errs error lines)")" "$rc" >>"$d/runs.md"
    say "  kill #$i at $t s: recorded $rec s, decodable $v s (audio $a s), playable $playable, exit $rc"
    sleep 0.3
  done
  # When the first frames reach the disk: the file grows past its header (ftyp + empty moov).
  local ff_s=()
  for i in 1 2 3 4 5; do
    local f=$d/videos/first-$i.mp4 t_open t_frag size
    "$clipnote_bin" record --mic pulse:clipnote_mic -o "$f" >/dev/null 2>"$d/logs/first-$i.err" &
    pid=$!
    while [ ! -e "$f" ] && kill -0 "$pid" 2>/dev/null; do sleep 0.005; done
    t_open=$(now_us)
    while size=$(stat -c %s "$f" 2>/dev/null) && [ "$size" -lt 4096 ] && kill -0 "$pid" 2>/dev/null; do sleep 0.01; done
    t_frag=$(now_us)
    kill -9 "$pid"; wait "$pid" 2>/dev/null
    ff_s+=("$(echo "scale=2; ($t_frag - $t_open) / 1000000" | bc -l)")
  done
  fig "first fragment on disk after \`clipnote record\` opens its file (5 runs)" "${ff_s[*]} s (a kill -9 before it leaves a header-only file, no frames)" info
  local n_ok max med listed
  n_ok=$(grep -c '| yes' "$d/runs.md")
  max=$(sort -n "$d/lost.txt" | tail -1)
  med=$(sort -n "$d/lost.txt" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
  cat "$d/runs.md" >&2
  fig "kill -9 of \`clipnote record\` at $kills random moments 1-8 s (seed $seed; x11grab 1280x720 moving + pulse mic)" \
    "playable $n_ok/$kills; seconds lost max $max, median $med" "$([ "$all_ok" = yes ] && echo ok || echo FAIL)"
  listed=$(history_json | jq '[.[] | select(.file | test("/kill-[0-9]+\\.mp4$"))] | length')
  fig "History / queue after the $kills kills" \
    "$listed/$kills killed recordings listed by \`clipnote history\`; \`clipnote queue\`: $("$clipnote_bin" queue 2>&1 | head -1 | sed 's/|/\\|/g')" \
    "$([ "$listed" -eq "$kills" ] && echo ok || echo "note: not listed")"

  # The app killed -9 mid-recording, then started again.
  profile kill9-app
  app_config ""
  start_app app-1 || { fig "app kill -9 mid-recording" "app did not start" FAIL; return; }
  "$clipnote_bin" toggle
  if ! wait_until 20 has_trace_count "$app_err" first-picture 1; then
    fig "app kill -9 mid-recording" "no first picture: $(tail -2 "$app_err" | tr '\n' ' ')" FAIL; stop_app; return
  fi
  local first_us; first_us=$(last_trace_us "$app_err" first-picture)
  sleep 4.3
  kill -9 "$app_pid"; t1=$(now_us); wait "$app_pid" 2>/dev/null
  rec=$(echo "scale=3; ($t1 - $first_us) / 1000000" | bc -l)
  local f; f=$(find "$d/videos" -name '*.mp4' | head -1)
  read -r playable v a frames errs < <(probe "$f")
  lost=$(echo "scale=3; $rec - $v" | bc -l)
  start_app app-2
  sleep 2
  listed=$(history_json | jq --arg f "$f" '[.[] | select(.file == $f)] | length')
  stop_app
  fig "app (\`clipnote toggle\`) killed -9 4.3 s into a recording, then started again" \
    "file $(basename "${f:-none}"): playable $playable, recorded $rec s, decodable $v s, lost $lost s; listed in History after the restart: $([ "$listed" -gt 0 ] && echo yes || echo no)" \
    "$([ "$playable" = yes ] && echo ok || echo FAIL)$([ "$listed" -gt 0 ] || echo '; note: not listed')"
  [ "$playable" = yes ] || defect "app killed -9 mid-recording left an unplayable file ($f)"
}

# --- The X server killed mid-recording -------------------------------------------------------------
run_xkill() {
  say "== X server killed mid-recording"
  local sig
  for sig in TERM KILL; do
    profile xkill-cli-$sig
    new_x 1280 720
    local f=$d/videos/x.mp4 pid rc t_kill t_exit playable v a frames errs
    DISPLAY=$x_display "$clipnote_bin" record --mic pulse:clipnote_mic -o "$f" >"$d/logs/record.out" 2>"$d/logs/record.err" &
    pid=$!
    wait_until 15 test -e "$f"
    local t_start; t_start=$(date +%s%N)
    sleep 3
    kill -"$sig" "$x_pid"; t_kill=$(date +%s%N)
    wait_exit "$pid" 30; rc=$exit_rc
    t_exit=$(( ($(date +%s%N) - t_kill) / 1000000 ))
    [ "$rc" = timeout ] && { kill -9 "$pid"; wait "$pid" 2>/dev/null; }
    wait "$x_pid" 2>/dev/null; kill "$x_anim" 2>/dev/null; wait "$x_anim" 2>/dev/null
    read -r playable v a frames errs < <(probe "$f")
    fig "Xvfb killed (SIG$sig) 3 s into \`clipnote record\` (x11grab + mic)" \
      "exit $rc after ${t_exit} ms; stderr: \"$(one_line "$d/logs/record.err")\"; file playable $playable, $v s video, $a s audio for $(echo "scale=2; ($t_kill - $t_start) / 1000000000" | bc -l) s of screen before the kill" \
      "$([ "$playable" = yes ] && [ "$rc" != 0 ] && [ "$rc" != timeout ] && [ "$rc" -lt 128 ] && echo ok || echo FAIL)"
    [ "$playable" = yes ] || defect "Xvfb killed (SIG$sig) under clipnote record: file unplayable ($f)"
    { [ "$rc" = timeout ] || [ "$rc" -ge 128 ]; } && defect "Xvfb killed (SIG$sig) under clipnote record: exit $rc (hang or crash); stderr: $(one_line "$d/logs/record.err")"

    profile xkill-app-$sig
    app_config ""
    new_x 1280 720
    DISPLAY=$x_display start_app app || { fig "Xvfb killed under the app" "app did not start" FAIL; continue; }
    DISPLAY=$x_display "$clipnote_bin" toggle
    wait_until 20 has_trace_count "$app_err" first-picture 1
    sleep 3
    kill -"$sig" "$x_pid"; t_kill=$(date +%s%N)
    wait_exit "$app_pid" 30; rc=$exit_rc
    t_exit=$(( ($(date +%s%N) - t_kill) / 1000000 ))
    [ "$rc" = timeout ] && { kill -9 "$app_pid"; wait "$app_pid" 2>/dev/null; }
    wait "$x_pid" 2>/dev/null; kill "$x_anim" 2>/dev/null; wait "$x_anim" 2>/dev/null
    f=$(find "$d/videos" -name '*.mp4' | head -1)
    read -r playable v a frames errs < <(probe "$f")
    local listed; listed=$(history_json | jq --arg f "$f" '[.[] | select(.file == $f)] | length')
    fig "Xvfb killed (SIG$sig) 3 s into an app recording" \
      "exit $rc after ${t_exit} ms; stderr: \"$(grep -v '^clipnote-trace' "$app_err" | tr '\n' ' ' | sed 's/|/\\|/g' | cut -c1-200)\"; file playable $playable, $v s; in History: $([ "$listed" -gt 0 ] && echo yes || echo no)" \
      "$([ "$playable" = yes ] && [ "$rc" = 0 ] && [ "$listed" -gt 0 ] && echo ok || echo FAIL)"
    [ "$playable" = yes ] || defect "Xvfb killed (SIG$sig) under the app recording: file unplayable or missing (${f:-none})"
    [ "$rc" = 0 ] || defect "Xvfb killed (SIG$sig) under the app recording: exit $rc; stderr: $(grep -v '^clipnote-trace' "$app_err" | tail -3 | tr '\n' ' ')"
  done
}

# --- Disk full -------------------------------------------------------------------------------------
run_diskfull() {
  say "== disk full on a 2 MiB tmpfs"
  [ "$(id -u)" -eq 0 ] || { fig "disk full" "skipped: needs root for mount -t tmpfs" skipped; return; }
  profile diskfull
  local m=$d/full noise="lavfi:testsrc2=size=320x240:rate=30,noise=alls=30:allf=t"
  mkdir -p "$m"
  mount -t tmpfs -o size=2m tmpfs "$m" || { fig "disk full" "mount failed" FAIL; return; }
  mounts+=("$m")
  local rc lines playable v a frames errs
  # (a) the recording itself fills the disk (~0.7 MB/s of noise: full after ~3 s).
  timeout -s KILL 60 "$clipnote_bin" record --screen "$noise" -o "$m/a.mp4" >"$d/logs/a.out" 2>"$d/logs/a.err"; rc=$?
  lines=$(grep -c . "$d/logs/a.err")
  read -r playable v a frames errs < <(probe "$m/a.mp4")
  fig "2 MiB tmpfs filled during \`clipnote record\`" \
    "exit $rc, $lines stderr line(s): \"$(one_line "$d/logs/a.err")\"; file $(stat -c %s "$m/a.mp4" 2>/dev/null) B, playable $playable, $v s" \
    "$([ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && [ "$lines" -eq 1 ] && [ "$playable" = yes ] && echo ok || echo FAIL)"
  [ "$playable" = yes ] || defect "disk full during recording: unplayable file (clipnote record --screen '$noise' -o <2 MiB tmpfs>/a.mp4)"
  rm -f "$m"/*
  # (b) the recording fits, its faststart rewrite (a second copy) does not.
  timeout -s KILL 60 "$clipnote_bin" record --screen "$noise" --duration 1.8 -o "$m/b.mp4" >"$d/logs/b.out" 2>"$d/logs/b.err"; rc=$?
  read -r playable v a frames errs < <(probe "$m/b.mp4")
  fig "2 MiB tmpfs filled by the finish step (faststart rewrite)" \
    "exit $rc; stderr: \"$(one_line "$d/logs/b.err")\"; playable $playable, $v s" \
    "$([ "$playable" = yes ] && [ "$rc" -lt 128 ] && echo ok || echo FAIL)"
  rm -f "$m"/*
  # (c) the GIF step fills the disk.
  timeout -s KILL 60 "$clipnote_bin" record --screen "$noise" --duration 2 -o "$m/c.gif" >"$d/logs/c.out" 2>"$d/logs/c.err"; rc=$?
  local kept; kept=$(ls "$m" | grep -v '\.part$' | head -1)
  read -r playable v a frames errs < <(probe "$m/$kept")
  fig "2 MiB tmpfs filled by the GIF step" \
    "exit $rc; stderr: \"$(one_line "$d/logs/c.err")\"; left: $(ls "$m" | tr '\n' ' ')(playable $playable, $v s)" \
    "$([ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && [ "$playable" = yes ] && [ -z "$(ls "$m" | grep '\.part$')" ] && echo ok || echo FAIL)"
  rm -f "$m"/*
  # (d) full before the start.
  dd if=/dev/zero of="$m/filler" bs=64k 2>/dev/null
  timeout -s KILL 60 "$clipnote_bin" record --screen "$noise" --duration 3 -o "$m/d.mp4" >"$d/logs/d.out" 2>"$d/logs/d.err"; rc=$?
  lines=$(grep -c . "$d/logs/d.err")
  fig "tmpfs already full when \`clipnote record\` starts" \
    "exit $rc, $lines stderr line(s): \"$(one_line "$d/logs/d.err")\"; left on the disk: $(cd "$m" && stat -c '%n (%s B)' $(ls | grep -v filler) 2>/dev/null | tr '\n' ' ')" \
    "$([ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] && [ "$lines" -eq 1 ] && [ -z "$(find "$m" -maxdepth 1 -type f -size 0)" ] && echo ok || echo "FAIL")"
  local empty; empty=$(cd "$m" && find . -maxdepth 1 -type f -size 0 -printf '%f ')
  [ -z "$empty" ] || defect "a record that cannot start on a full disk leaves an empty (0 B) file behind: $empty(mount -t tmpfs -o size=2m tmpfs /mnt/full; dd if=/dev/zero of=/mnt/full/filler bs=64k; clipnote record --screen '$noise' --duration 3 -o /mnt/full/d.mp4 -> exit 1 'cannot write ...: No space left on device', d.mp4 is 0 B)"
  fig "History after the disk-full runs" \
    "$(history_json | jq -r '[.[] | (.file | split("/") | last) + " " + .state] | join(", ") | if . == "" then "empty" else . end')" info
  rm -f "$m"/*
  # (e) the app, recordings_dir on the tmpfs: a reaction with the disk full, one with ~200 kB free
  # (full during the recording or the GIF step), then one with the space freed, in one session.
  profile diskfull-app
  app_config "" 
  printf 'recordings_dir = "%s"\n' "$m" >>"$XDG_CONFIG_HOME/clipnote/config.toml"
  start_app app || { fig "disk full under the app" "app did not start" FAIL; umount "$m"; mounts=(); return; }
  dd if=/dev/zero of="$m/filler" bs=64k 2>/dev/null
  "$clipnote_bin" react
  sleep 5   # a start that fails leaves no event to wait for but the message in the window
  local alive1=no; kill -0 "$app_pid" 2>/dev/null && alive1=yes
  local left1; left1=$(cd "$m" && stat -c '%n (%s B)' $(ls | grep -v filler) 2>/dev/null | tr '\n' ' ')
  rm -f "$m"/*
  dd if=/dev/zero of="$m/filler" bs=64k count=$(( (2048 - 200) / 64 )) 2>/dev/null
  "$clipnote_bin" react
  wait_until 60 sql_ge "select count(*) from history" 1
  sleep 1
  local alive2=no; kill -0 "$app_pid" 2>/dev/null && alive2=yes
  local left2; left2=$(cd "$m" && stat -c '%n (%s B)' $(ls | grep -v filler) 2>/dev/null | tr '\n' ' ')
  local kept; kept=$(ls "$m"/*.mp4 2>/dev/null | head -1)
  read -r playable v a frames errs < <(probe "$kept")
  local hist; hist=$(history_json | jq -r '[.[] | (.file | split("/") | last) + " " + .state] | join(", ")')
  rm -f "$m"/*
  "$clipnote_bin" react
  local third=no
  wait_until 60 has_trace_count "$app_err" clipboard 1 && third=yes
  stop_app
  fig "app: reaction GIFs with recordings_dir on the 2 MiB tmpfs: disk full / ~200 kB free / space freed, one session" \
    "full: app alive $alive1, left ${left1:-nothing}; 200 kB: app alive $alive2, left ${left2:-nothing} (MP4 playable $playable, $v s), History: ${hist:-empty}; freed: shared $third; app stderr: \"$(grep -v '^clipnote-trace' "$app_err" | tr '\n' ' ' | sed 's/|/\\|/g' | cut -c1-200)\"" \
    "$([ "$alive1" = yes ] && [ "$alive2" = yes ] && [ "$third" = yes ] && [[ $left1 != *"(0 B)"* ]] && echo ok || echo FAIL)"
  umount "$m" && mounts=()
}

# --- N reaction GIFs in one app session ------------------------------------------------------------
run_gifs() {
  say "== $gifs reaction GIFs back-to-back in one app session"
  profile gifs
  app_config ""
  start_app app || { fig "$gifs reaction GIFs" "app did not start" FAIL; return; }
  local i retries=0 failed=0 start_s samples="" t_start
  t_start=$(date +%s)
  echo "| after GIF | RSS MB | fds | threads | child processes | clipboard helpers | GIF files |" >"$d/samples.md"
  echo "|---|---|---|---|---|---|---|" >>"$d/samples.md"
  : >"$d/samples.txt"
  for i in $(seq "$gifs"); do
    local sent=0
    # `clipnote react` through the socket; the app's "press" trace says it started a countdown
    # (a press that lands before the previous GIF's job let go is ignored: send it again).
    while [ "$(trace_count "$app_err" press)" -lt "$i" ]; do
      [ "$sent" -gt 0 ] && retries=$((retries + 1))
      [ "$sent" -ge 20 ] && break
      "$clipnote_bin" react >>"$d/logs/react.out" 2>&1
      sent=$((sent + 1))
      wait_until 3 has_trace_count "$app_err" press "$i" && break
    done
    # Done: the link is on the clipboard ("clipboard" trace) and the copy is in the uploads folder.
    if ! wait_until $((gif_seconds + 60)) has_trace_count "$app_err" clipboard "$i"; then
      failed=$((failed + 1))
      say "  GIF $i did not finish: $(grep -v '^clipnote-trace' "$app_err" | tail -2 | tr '\n' ' ')"
      kill -0 "$app_pid" 2>/dev/null || { defect "the app died during reaction GIF $i of $gifs: $(tail -5 "$app_err" | tr '\n' ' ')"; break; }
      continue
    fi
    if [[ " 1 10 50 100 $gifs " == *" $i "* ]]; then
      sleep 1  # let the job thread and clipboard helper settle
      local rss fds thr kids files
      rss=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' /proc/$app_pid/status)
      thr=$(awk '/^Threads/ { print $2 }' /proc/$app_pid/status)
      fds=$(ls /proc/$app_pid/fd | wc -l)
      kids=$(ps --ppid "$app_pid" -o pid= | wc -l)
      # Clipboard helpers (xclip/xsel detach from the app): those started from this session.
      local helpers=0 h
      for h in $(pgrep -x 'xclip|xsel'); do grep -qz "^XDG_RUNTIME_DIR=$XDG_RUNTIME_DIR$" /proc/$h/environ 2>/dev/null && helpers=$((helpers + 1)); done
      files=$(find "$d/data/clipnote/uploads" -name '*.gif' | wc -l)
      echo "$i $rss $fds $thr $kids $helpers" >>"$d/samples.txt"
      echo "| $i | $rss | $fds | $thr | $kids | $helpers | $files |" >>"$d/samples.md"
      say "  after GIF $i: RSS $rss MB, $fds fds, $thr threads, $kids children, $helpers clipboard helpers, $files GIFs uploaded"
    fi
  done
  local minutes=$(( ($(date +%s) - t_start + 59) / 60 ))
  local uploaded; uploaded=$(history_json | jq '[.[] | select(.state == "uploaded")] | length')
  local bad=0 g
  for g in $(find "$d/data/clipnote/uploads" -name '*.gif' | shuf -n 10 --random-source=<(yes)); do
    [ "$(probe "$g" | cut -d' ' -f1)" = yes ] || bad=$((bad + 1))
  done
  stop_app
  cat "$d/samples.md" >&2
  read -r _ rss1 fds1 thr1 kids1 help1 < <(head -1 "$d/samples.txt")
  read -r _ rssN fdsN thrN kidsN helpN < <(tail -1 "$d/samples.txt")
  local growth; growth=$(echo "scale=3; $rssN / $rss1" | bc -l)
  local flat=yes
  [ "$fdsN" -le "$fds1" ] && [ "$thrN" -le "$thr1" ] && [ "$kidsN" -le "$((kids1 + 1))" ] && [ "$helpN" -le "$((help1 + 1))" ] || flat=no
  (( $(echo "$rssN - $rss1 <= 20" | bc -l) )) || flat=no
  fig "$gifs reaction GIFs (${gif_seconds} s, lavfi camera 320x240) via \`clipnote react\` in one app session (${minutes} min)" \
    "RSS first/last $rss1 / $rssN MB (x$growth); fds $fds1 / $fdsN; threads $thr1 / $thrN; children $kids1 / $kidsN; clipboard helpers $help1 / $helpN; $uploaded uploaded, $failed not finished, $retries presses resent; 10 sampled GIFs decode: $((10 - bad))/10" \
    "$([ "$flat" = yes ] && [ "$failed" -eq 0 ] && [ "$uploaded" -eq "$gifs" ] && echo "ok (flat)" || echo "FAIL")"
  [ "$flat" = yes ] || defect "growth over $gifs reaction GIFs in one app session: $(tr '\n' ';' <"$d/samples.txt") (i rss_mb fds threads children)"
}

# --- Upload fault matrix + process restart ---------------------------------------------------------
gate() { curl -sf -X POST --data "$1" "http://127.0.0.1:$s3_port/__gate/faults" >/dev/null; }
gate_parts() { curl -sf "http://127.0.0.1:$s3_port/__gate/parts" | jq --arg u "$1" '.[$u] // {} | length'; }
gate_puts() { curl -sf "http://127.0.0.1:$s3_port/__gate/log" | jq '[.[] | select(.method == "PUT" and .status == 200)] | length'; }
queue_sql() { sqlite3 -readonly "$XDG_DATA_HOME/clipnote/clipnote.db" "$1" 2>/dev/null; }
# same_bytes LINK FILE: downloads the link and compares it with the file.
same_bytes() { curl -sf -o "$d/tmp/download" "$1" && cmp -s "$d/tmp/download" "$2" && echo yes || echo no; }
# s3_same LINK FILE: yes when LINK is an object on the local S3 and downloads FILE's bytes.
s3_same() { [[ $1 == http://127.0.0.1:*/bench/* ]] && same_bytes "$1" "$2" || echo no; }

# start_gate DIR SECRET: the tests' s3rver behind the SigV4 gate (bench/local_s3.sh) storing in
# DIR/s3, accepting access key $BENCH_KEY with SECRET; sets s3_port, s3_pid.
start_gate() {
  mkdir -p "$1"
  work=$1 BENCH_SECRET=$2 start_local_s3
  pids+=("$s3_pid")
}
sql_is() { [ "$(queue_sql "$1")" = "$2" ]; }
sql_ge() { [ "$(queue_sql "$1")" -ge "$2" ] 2>/dev/null; }
has_parts() { [ -n "$1" ] && [ "$(gate_parts "$1")" -ge "$2" ]; }
item_id() { queue_sql "select id from queue where file = '$1' order by id desc limit 1"; }

upload_config() {
  cat >"$XDG_CONFIG_HOME/clipnote/config.toml" <<CONF
default = "team"
$(s3_destination_toml | sed 's/^\[destination.s3\]/[destination.team]/')
multipart_threshold = "5MiB"
part_size = "5MiB"
parallel = 1
retries = 2

[destination.once]
kind = "s3"
endpoint = "http://127.0.0.1:$s3_port"
region = "us-east-1"
bucket = "bench"
access_key_env = "BENCH_KEY"
secret_key_env = "BENCH_SECRET"
multipart_threshold = "5MiB"
part_size = "5MiB"
parallel = 1
retries = 0
low_speed_limit = 10000
low_speed_time = 2

[destination.flaky]
kind = "s3"
endpoint = "http://127.0.0.1:${1:-$s3_port}"
region = "us-east-1"
bucket = "bench"
access_key_env = "BENCH_KEY"
secret_key_env = "BENCH_SECRET"
retries = 1
connect_timeout = 3
CONF
}

# up NAME ARGS...: `clipnote upload ARGS` with stdout/stderr in logs/NAME.*; sets rc, link.
up() {
  local name=$1; shift
  [ "$1" = upload ] && set -- "$@" --no-clipboard
  timeout -s KILL 300 "$clipnote_bin" "$@" >"$d/logs/$name.out" 2>"$d/logs/$name.err"; rc=$?
  link=$(head -1 "$d/logs/$name.out")
}

run_upload() {
  say "== upload fault matrix + process restart"
  profile upload
  start_gate "$d/gate" "$BENCH_SECRET"
  upload_config
  local f
  head -c 1048576 /dev/urandom >"$d/small.bin"
  # Multipart (5 MiB parts) for the part-level faults; under the 5 MiB threshold (one PUT) for the
  # rest, as in tests/upload. (The gate answers ListParts only for uploads it stored a part of, so a
  # multipart upload whose every part failed comes back as NoSuchUpload on the first retry, where a
  # real S3 lists no parts.)
  for f in reset forgot killed; do head -c $(( (23 << 20) + 12345 )) /dev/urandom >"$d/$f.mp4"; done
  for f in fail500 slow down; do head -c $(( 4 << 20 )) /dev/urandom >"$d/$f.mp4"; done
  head -c 1500000 /dev/urandom >"$d/small2.mp4"

  # 503 + Retry-After twice on the single PUT: retried, succeeds.
  gate '[{"match": "^PUT /bench/", "status": 503, "retryAfter": "1", "times": 2}]'
  up r503 upload "$d/small.bin"
  gate '[]'
  fig "upload: 503 + Retry-After: 1 twice (1 MiB, retries 2)" "exit $rc; bytes match: $(s3_same "$link" "$d/small.bin"); notes: $(grep -c retrying "$d/logs/r503.err") retry line(s)" \
    "$([ "$rc" = 0 ] && [ "$(s3_same "$link" "$d/small.bin")" = yes ] && echo ok || echo FAIL)"

  # A connection reset half-way through part 2 of a multipart upload: that part is sent again.
  gate '[{"match": "partNumber=2", "reset": true, "times": 1}]'
  up reset upload "$d/reset.mp4"
  gate '[]'
  fig "upload: connection reset half-way through part 2 of 5 (23 MiB multipart)" "exit $rc; bytes match: $(s3_same "$link" "$d/reset.mp4")" \
    "$([ "$rc" = 0 ] && [ "$(s3_same "$link" "$d/reset.mp4")" = yes ] && echo ok || echo FAIL)"

  # HTTP 500 on every PUT: one line, non-zero exit, the item stays queued; then `queue --retry`.
  gate '[{"match": "^PUT ", "status": 500, "times": 100}]'
  up fail500 upload "$d/fail500.mp4"
  local first_rc=$rc lines notes; lines=$(grep -c '^clipnote:' "$d/logs/fail500.err"); notes=$(grep -c '^note:' "$d/logs/fail500.err")
  local state; state=$(queue_sql "select state from queue where file = '$d/fail500.mp4'")
  gate '[]'
  up fail500-retry queue --retry "$(item_id "$d/fail500.mp4")"
  fig "upload: HTTP 500 on every PUT (4 MiB, one PUT, retries 2), then \`queue --retry\`" \
    "exit $first_rc, $lines error line + $notes retry notes: \"$(grep '^clipnote:' "$d/logs/fail500.err" | sed 's/|/\\|/g')\"; queued as $state; retry exit $rc, bytes match: $(s3_same "$link" "$d/fail500.mp4")" \
    "$([ "$first_rc" = 1 ] && [ "$lines" = 1 ] && [ "$rc" = 0 ] && [ "$(s3_same "$link" "$d/fail500.mp4")" = yes ] && echo ok || echo FAIL)"

  # A 1 KB/s link: the low-speed timeout (10 kB/s for 2 s) trips, the item stays queued.
  gate '[{"match": "^PUT ", "throttle": 1024, "times": 5}]'
  local t0; t0=$(date +%s)
  up slow upload "$d/slow.mp4" --to once
  local slow_rc=$rc slow_s=$(( $(date +%s) - t0 ))
  gate '[]'
  up slow-retry queue --retry "$(item_id "$d/slow.mp4")"
  fig "upload: 1 KB/s link (4 MiB; low_speed_limit 10000 for 2 s, retries 0), then \`queue --retry\`" \
    "exit $slow_rc after ${slow_s} s: \"$(one_line "$d/logs/slow.err")\"; retry exit $rc, bytes match: $(s3_same "$link" "$d/slow.mp4")" \
    "$([ "$slow_rc" = 1 ] && [ "$rc" = 0 ] && [ "$(s3_same "$link" "$d/slow.mp4")" = yes ] && echo ok || echo FAIL)"

  # A multipart upload the server forgot (aborted behind the queue's back): NoSuchUpload once, then afresh.
  gate '[{"match": "partNumber=3", "status": 500, "times": 1}]'
  up forgot upload "$d/forgot.mp4" --to once
  gate '[]'
  local uid oid
  uid=$(queue_sql "select upload_id from queue where file = '$d/forgot.mp4'")
  oid=$(queue_sql "select object_id from queue where file = '$d/forgot.mp4'")
  NODE_PATH=$root/tests/upload/servers/node_modules node -e '
    const aws4 = require("aws4"), http = require("http");
    const [port, key, uploadId] = process.argv.slice(1);
    const o = { host: "127.0.0.1", port, method: "DELETE", service: "s3", region: "us-east-1",
                path: "/bench/" + key + "?uploadId=" + encodeURIComponent(uploadId) };
    aws4.sign(o, { accessKeyId: process.env.BENCH_KEY, secretAccessKey: process.env.BENCH_SECRET });
    http.request(o, r => { r.resume(); process.exitCode = r.statusCode < 300 ? 0 : 1; }).end();' \
    "$s3_port" "$oid/forgot.mp4" "$uid" || say "  abort of $uid failed"
  local parts_left; parts_left=$(gate_parts "$uid")
  up forgot-1 queue --retry "$(item_id "$d/forgot.mp4")"
  local forgot_rc=$rc
  up forgot-2 queue --retry "$(item_id "$d/forgot.mp4")"
  fig "upload: part 3 of 5 fails (retries 0), the multipart upload is aborted behind the queue's back, \`queue --retry\` twice" \
    "parts left on the server after the abort: $parts_left; 1st retry exit $forgot_rc ($(grep -o NoSuchUpload "$d/logs/forgot-1.err" | head -1)); 2nd retry exit $rc, bytes match: $(s3_same "$link" "$d/forgot.mp4")" \
    "$([ "$forgot_rc" = 1 ] && [ "$rc" = 0 ] && [ "$(s3_same "$link" "$d/forgot.mp4")" = yes ] && echo ok || echo FAIL)"

  # The server down (nothing listens), then back: the item waits in the queue.
  local dead; dead=$(free_port)
  upload_config "$dead"
  up down upload "$d/down.mp4" --to flaky
  local down_rc=$rc; lines=$(grep -c '^clipnote:' "$d/logs/down.err"); notes=$(grep -c '^note:' "$d/logs/down.err")
  upload_config
  up down-retry queue --retry "$(item_id "$d/down.mp4")"
  fig "upload: server down (connection refused; 4 MiB, retries 1), then back and \`queue --retry\`" \
    "exit $down_rc, $lines error line + $notes retry notes: \"$(grep '^clipnote:' "$d/logs/down.err" | sed 's/|/\\|/g')\"; retry exit $rc, bytes match: $(s3_same "$link" "$d/down.mp4")" \
    "$([ "$down_rc" = 1 ] && [ "$rc" = 0 ] && [ "$(s3_same "$link" "$d/down.mp4")" = yes ] && echo ok || echo FAIL)"

  # kill -9 of `clipnote upload` mid-multipart (part 3 crawls), then the same command again.
  gate '[{"match": "partNumber=3", "throttle": 1024, "times": 1}]'
  "$clipnote_bin" upload "$d/killed.mp4" --no-clipboard >"$d/logs/killed.out" 2>"$d/logs/killed.err" &
  local pid=$!
  uid=""
  local parts_at_kill=0
  wait_until 60 sql_ge "select count(*) from queue where file = '$d/killed.mp4' and upload_id != ''" 1
  uid=$(queue_sql "select upload_id from queue where file = '$d/killed.mp4'")
  wait_until 60 has_parts "$uid" 2
  parts_at_kill=$(gate_parts "$uid")
  sleep 0.5
  kill -9 "$pid"; wait "$pid" 2>/dev/null
  local state_after; state_after=$(queue_sql "select state || ' ' || parts_done || '/' || parts_total from queue where file = '$d/killed.mp4'")
  local listed; listed=$("$clipnote_bin" queue 2>&1 | grep killed.mp4 | head -1)
  gate '[]'
  local puts_before; puts_before=$(gate_puts)
  up killed-restart upload "$d/killed.mp4"
  local sent_after=$(( $(gate_puts) - puts_before ))
  fig "CLI restart: \`clipnote upload\` killed -9 mid-multipart (parts on server: $parts_at_kill of 5), same command again" \
    "left as \"$state_after\" (queue: \"$listed\"); restart exit $rc, PUTs after the restart: $sent_after (parts 3-5 expected: 3); bytes match: $(s3_same "$link" "$d/killed.mp4")" \
    "$([ "$rc" = 0 ] && [ "$sent_after" = 3 ] && [ "$(s3_same "$link" "$d/killed.mp4")" = yes ] && echo ok || echo FAIL)"

  # The app killed -9 mid-upload (the reaction GIF's PUT crawls at 100 B/s), then started again.
  profile upload-app
  app_config "$(sed -n '/^default/,/^retries = 2/p' "$work/upload/config/clipnote/config.toml")"
  gate '[{"match": "^PUT /bench/", "throttle": 100, "times": 1}]'
  start_app app-1 || { fig "app restart mid-upload" "app did not start" FAIL; return; }
  "$clipnote_bin" react
  wait_until 60 sql_is "select count(*) from queue where state = 'uploading'" 1 ||
    say "  the app's upload never started: $(tail -3 "$app_err")"
  sleep 1
  kill -9 "$app_pid"; wait "$app_pid" 2>/dev/null
  local gif; gif=$(find "$d/videos" -name '*.gif' | head -1)
  state_after=$(queue_sql "select state from queue")
  gate '[]'
  start_app app-2
  local resumed=no
  wait_until 60 has_trace_count "$app_err" resumed-upload 1 && resumed=yes
  link=$(history_json | jq -r '.[0].link')
  local h_state; h_state=$(history_json | jq -r '.[0].state')
  stop_app
  fig "app restart: app killed -9 mid-upload of a reaction GIF (PUT at 100 B/s), started again" \
    "left as \"$state_after\"; resumed at start: $resumed; History: $h_state; bytes match: $(s3_same "$link" "$gif")" \
    "$([ "$resumed" = yes ] && [ "$(s3_same "$link" "$gif")" = yes ] && echo ok || echo FAIL)"
}

# --- Planted secrets --------------------------------------------------------------------------------
run_secrets() {
  say "== planted secrets"
  profile secrets
  local tag; tag=$(head -c 6 /dev/urandom | od -An -tx1 | tr -d ' \n')
  # Distinctive, grep-able, URL-safe values.
  local s3_env="PlantedS3Env${tag}Secret" s3_file="PlantedS3File${tag}Secret" s3_wrong="PlantedS3Wrong${tag}Secret"
  local sxcu_token="PlantedSxcu${tag}Token" hook_token="PlantedHook${tag}Token" hook_down="PlantedHookDown${tag}Token"
  local secrets=("$s3_env" "$s3_file" "$s3_wrong" "$sxcu_token" "$hook_token" "$hook_down")
  # One S3 server knows the env secret, a second one the file's.
  start_gate "$d/gate-env" "$s3_env"
  local port_env=$s3_port
  start_gate "$d/gate-file" "$s3_file"
  local port_file=$s3_port

  local rdir=$d/receiver
  RECEIVER_TOKEN="Bearer $sxcu_token" /usr/bin/python3 "$here/fault_receiver.py" --dir "$rdir" >"$work/receiver.port" 2>"$work/receiver.log" &
  pids+=($!)
  wait_until 10 grep -q ready "$work/receiver.port"
  local rport; rport=$(awk '{ print $2 }' "$work/receiver.port")
  local dead; dead=$(free_port)

  local cfg=$XDG_CONFIG_HOME/clipnote
  printf '%s\n' "$s3_file" >"$cfg/s3-secret"
  chmod 600 "$cfg/s3-secret"
  cat >"$cfg/config.toml" <<CONF
default = "s3env"

[destination.s3env]
kind = "s3"
endpoint = "http://127.0.0.1:$port_env"
region = "us-east-1"
bucket = "bench"
access_key_env = "FR_S3_KEY"
secret_key_env = "FR_S3_SECRET"
retries = 1

[destination.s3file]
kind = "s3"
endpoint = "http://127.0.0.1:$port_file"
region = "us-east-1"
bucket = "bench"
access_key_env = "FR_S3_KEY"
secret_key_file = "s3-secret"
retries = 1

[destination.s3wrong]
kind = "s3"
endpoint = "http://127.0.0.1:$port_env"
region = "us-east-1"
bucket = "bench"
access_key_env = "FR_S3_KEY"
secret_key_env = "FR_S3_WRONG"
retries = 1

[destination.s3down]
kind = "s3"
endpoint = "http://127.0.0.1:$dead"
region = "us-east-1"
bucket = "bench"
access_key_env = "FR_S3_KEY"
secret_key_env = "FR_S3_SECRET"
retries = 1
connect_timeout = 2

[destination.hook]
kind = "webhook"
format = "slack"
url_env = "FR_HOOK_URL"
upload_to = "s3env"
retries = 1

[destination.hookdown]
kind = "webhook"
format = "mattermost"
url_env = "FR_HOOK_DOWN_URL"
upload_to = "s3env"
retries = 1
connect_timeout = 2
CONF
  export FR_S3_KEY=benchkey FR_S3_SECRET=$s3_env FR_S3_WRONG=$s3_wrong
  export FR_HOOK_URL="http://127.0.0.1:$rport/hooks/T0/B0/$hook_token"
  export FR_HOOK_DOWN_URL="http://127.0.0.1:$dead/hooks/$hook_down"
  # The .sxcu with its token in a header, imported as ShareX users do.
  cat >"$d/tmp/planted.sxcu" <<SXCU
{
  "Version": "14.1.0",
  "Name": "Planted",
  "DestinationType": "FileUploader",
  "RequestMethod": "POST",
  "RequestURL": "http://127.0.0.1:$rport/sxcu/upload",
  "Headers": { "Authorization": "Bearer $sxcu_token" },
  "Body": "MultipartFormData",
  "FileFormName": "file",
  "URL": "{json:files[0]}"
}
SXCU
  local L=$d/logs n=0 app_done=0
  : >"$d/runs.txt"
  run() {  # run NAME EXPECTED ARGS...: a CLI run (EXPECTED: its exit status), stdout/stderr kept for the grep
    local name=$1 expected=$2 rc
    shift 2
    n=$((n + 1))
    timeout -s KILL 300 "$clipnote_bin" "$@" >"$L/$n-$name.out" 2>"$L/$n-$name.err"; rc=$?
    echo "$rc" >"$L/$n-$name.rc"
    echo "$name $rc $expected" >>"$d/runs.txt"
    [ "$rc" = "$expected" ] || say "  secrets run $name: exit $rc, expected $expected: $(head -2 "$L/$n-$name.err" | tr '\n' ' ')"
  }
  local ctl="http://127.0.0.1:$rport/__ctl/mode"
  local src="lavfi:testsrc2=size=320x240:rate=30"
  run import 0 destinations import "$d/tmp/planted.sxcu"
  local sx; sx=$(grep -o 'destination\.[A-Za-z0-9_-]*' "$cfg/config.toml" | tail -1 | cut -d. -f2)
  run list 0 destinations list
  run record-s3env 0 record --screen "$src" --duration 1 -o "$d/videos/a.mp4" --upload --no-clipboard
  run record-s3file 0 record --screen "$src" --duration 1 -o "$d/videos/b.mp4" --upload s3file --no-clipboard
  run record-sxcu 0 record --screen "$src" --duration 1 -o "$d/videos/c.mp4" --upload "$sx" --no-clipboard
  run record-hook 0 record --screen "$src" --duration 1 -o "$d/videos/d.gif" --upload hook --no-clipboard
  run wrong-s3 1 upload "$d/videos/a.mp4" --to s3wrong --no-clipboard
  run down-s3 1 upload "$d/videos/a.mp4" --to s3down --no-clipboard
  curl -s -X POST --data 401 "$ctl"
  run sxcu-401 1 upload "$d/videos/b.mp4" --to "$sx" --no-clipboard
  curl -s -X POST --data 500 "$ctl"
  run sxcu-500 1 upload "$d/videos/c.mp4" --to "$sx" --no-clipboard
  run hook-500 1 upload "$d/videos/b.mp4" --to hook --no-clipboard
  curl -s -X POST --data ok "$ctl"
  run hook-down 1 upload "$d/videos/c.mp4" --to hookdown --no-clipboard
  run test-s3env 0 destinations test s3env
  run test-wrong 1 destinations test s3wrong
  run test-sxcu 0 destinations test "$sx"
  run test-hookdown 1 destinations test hookdown
  run queue 0 queue
  run retry 1 queue --retry
  run history 0 history
  run history-json 0 history --json
  # A terminal: the live status line and the progress bar (through script(1)).
  script -qec "'$clipnote_bin' upload '$d/videos/a.mp4' --to s3wrong --no-clipboard" "$L/tty-wrong.typescript" >/dev/null 2>&1
  script -qec "'$clipnote_bin' record --screen '$src' --duration 2 -o '$d/videos/e.mp4' --upload --no-clipboard" "$L/tty-record.typescript" >/dev/null 2>&1
  # A crash mid-upload (SIGABRT, SIGSEGV while the PUT hangs): what the dying process printed.
  curl -s -X POST --data stall "$ctl"
  local sig
  for sig in ABRT SEGV; do
    "$clipnote_bin" upload "$d/videos/b.mp4" --to "$sx" --no-clipboard >"$L/crash-$sig.out" 2>"$L/crash-$sig.err" &
    local cp=$!
    sleep 2
    kill -"$sig" "$cp"; wait "$cp" 2>/dev/null
  done
  curl -s -X POST --data ok "$ctl"
  # The app: a reaction shared through each destination kind, and failures.
  if [ -n "${DISPLAY:-}" ]; then
    local dest reactions=0
    for dest in s3env "$sx" hook s3wrong hookdown; do
      sed -i "s/^default = .*/default = \"$dest\"/" "$cfg/config.toml"
      app_config "$(cat "$cfg/config.toml" | sed '/^\[capture\]/,$d')"
      start_app "app-$dest" || continue
      "$clipnote_bin" react
      reactions=$((reactions + 1))
      # Done when the app's GIF is in the history as uploaded or failed.
      if wait_until 60 sql_ge "select count(*) from history where file like '$d/videos/clipnote/%' and state in ('uploaded','failed')" "$reactions"; then
        app_done=$((app_done + 1))
      else
        say "  the app's reaction via $dest did not end: $(tail -2 "$app_err")"
      fi
      sleep 1
      stop_app
    done
  fi
  run history-json-end 0 history --json

  # The grep: every file clipnote wrote or printed, except the credential files it was given.
  local holders=("$cfg/config.toml" "$cfg/s3-secret" "$cfg/planted.sxcu" "$d/tmp/planted.sxcu")
  local searched=() f
  while IFS= read -r -d '' f; do
    local skip=no h
    for h in "${holders[@]}"; do [ "$f" = "$h" ] && skip=yes; done
    [ "$skip" = yes ] || searched+=("$f")
  done < <(find "$d" -type f -print0 2>/dev/null)
  local total=0 s hits report=""
  for s in "${secrets[@]}"; do
    hits=$(grep -a -l -F -- "$s" "${searched[@]}" 2>/dev/null | sed "s|^$work/||")
    local c=0; [ -n "$hits" ] && c=$(echo "$hits" | wc -l)
    total=$((total + c))
    report+="${s%"$tag"*}…: $c; "
    [ "$c" -eq 0 ] || defect "planted secret ${s%"$tag"*}… found in: $(echo "$hits" | tr '\n' ' ')"
  done
  # The credential files clipnote was given stay 0600; config.toml itself is the user's.
  local modes; modes=$(stat -c '%n %a' "$cfg/s3-secret" "$cfg/planted.sxcu" 2>/dev/null | sed "s|$cfg/||" | tr '\n' ' ')
  local runs; runs=$(wc -l <"$d/runs.txt")
  local failed_runs; failed_runs=$(awk '$3 != 0' "$d/runs.txt" | wc -l)
  local unexpected; unexpected=$(awk '$2 != $3 { printf "%s exit %s (expected %s) ", $1, $2, $3 }' "$d/runs.txt")
  local uploads; uploads=$(sqlite3 -readonly "$XDG_DATA_HOME/clipnote/clipnote.db" "select state, count(*) from history group by state" | tr '\n' ' ')
  fig "planted secrets: ${#secrets[@]} (S3 secret via env and via 0600 file, a wrong S3 secret, .sxcu header token, 2 webhook URL tokens); $runs CLI runs ($failed_runs failing on purpose), 2 on a tty, 2 crashes (SIGABRT/SIGSEGV mid-upload), 5 app sessions (reactions that ended uploaded/failed: $app_done/5)" \
    "hits in ${#searched[@]} files (stdout, stderr, typescripts, clipnote.db + WAL, queue locks, home/state/cache/tmp, config folder minus config.toml and the 2 credential files, recordings, uploaded copies, S3 objects, webhook bodies): $total ($report); history: $uploads; modes: $modes${unexpected:+; unexpected exits: $unexpected}" \
    "$([ "$total" -eq 0 ] && [ "$app_done" -eq 5 ] && [ -z "$unexpected" ] && echo ok || echo FAIL)"
}

# --- Run -------------------------------------------------------------------------------------------
say "fault runs: $binary_id; work folder $work; $(nproc) cores"
start_pulse
start_screen 1280 720   # the main Xvfb with moving content (common.sh); exports DISPLAY
start_bus
wants kill9 && run_kill9
wants xkill && run_xkill
wants diskfull && run_diskfull
wants gifs && run_gifs
wants upload && run_upload
wants secrets && run_secrets

echo
echo "Fault runs, $(date '+%F %T'), $binary_id, $(nproc) cores, seed $seed"
echo
echo "| run | figures | verdict |"
echo "|---|---|---|"
cat "$figs"
if [ -s "$work/kill9/runs.md" ]; then echo; echo "kill -9 runs:"; echo; cat "$work/kill9/runs.md"; fi
if [ -s "$work/gifs/samples.md" ]; then echo; echo "App process during the reaction GIFs:"; echo; cat "$work/gifs/samples.md"; fi
echo
if [ -s "$defects" ]; then echo "Defects:"; cat "$defects"; else echo "Defects: none found"; fi
! grep -q '| FAIL' "$figs"
