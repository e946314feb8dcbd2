#!/usr/bin/env bash
# clipnote's Wayland path (ScreenCast portal -> PipeWire) vs its X11 path (x11grab) vs the ffmpeg
# CLI (x11grab), all at 1920x1080@30 with the same moving content and the same encoder settings.
#   1. A private headless Wayland desktop, built the way tests/support/wayland_session.cpp builds
#      it: a private D-Bus session bus, sway (headless backend, pixman renderer, XWayland) with
#      HEADLESS-1 at 1920x1080, PipeWire + WirePlumber, the patched xdg-desktop-portal-wlr
#      (output_name=HEADLESS-1, chooser_type=none, max_fps=30, XDPW_PERSIST_MODE=permanent) and
#      xdg-desktop-portal. Content: tests/helpers/x_animator --mode moving full-screen under
#      XWayland (the same pixels as the X11 runs, so x264 gets the same work), or with
#      CONTENT=foot the fixture's foot terminal printing coloured lines.
#      A short warm-up recording first, so the measured one reuses the portal's restore token
#      instead of going through the picker handshake.
#      Then the desktop app in the same session (CLIPNOTE_TRACE=1, countdown 0, no review, local
#      folder), started/stopped by `clipnote toggle` (its remote control): PRESSES times the time
#      from just before `clipnote toggle` to the app's "first-picture" stamp (PRESSES=0 skips).
#   2. Xvfb 1920x1080x24 with x_animator --mode moving: `clipnote record --screen $DISPLAY`.
#   3. Same Xvfb: ffmpeg -f x11grab -> libx264.
# The desktops run one after the other, never together. For each run: CPU-seconds (user + system of
# the recording process) per recorded second, peak RSS, frames, file size, and, for context, the
# CPU the desktop side spent meanwhile (sway + XWayland + content + PipeWire + portals, or Xvfb +
# content), read from /proc before and after.
# Usage: bench/portal_vs_x11.sh [SECONDS=60]      env: PRESET=veryfast CRF=23 CONTENT=animator|foot
#        PRESSES=5 CLIPNOTE_XDPW=/usr/local/libexec/clipnote-test/xdg-desktop-portal-wlr
set -euo pipefail
source "$(dirname "$0")/common.sh"
secs=${1:-60}
preset=${PRESET:-veryfast}
crf=${CRF:-23}
content=${CONTENT:-animator}
presses=${PRESSES:-5}
width=1920 height=1080 fps=30
xdpw=${CLIPNOTE_XDPW:-/usr/local/libexec/clipnote-test/xdg-desktop-portal-wlr}
portal_frontend=/usr/libexec/xdg-desktop-portal
hint="run scripts/install-wayland-test-deps.sh"

die() { echo "portal_vs_x11: $*" >&2; exit 1; }
need() { for p in "$@"; do command -v "$p" >/dev/null || die "'$p' not found; $hint"; done; }
need dbus-daemon dbus-send sway swaymsg Xwayland xkbcomp pipewire wireplumber pw-cli Xvfb ffmpeg ffprobe bc
[ "$content" = foot ] && need foot
[ "$(id -u)" = 0 ] && need cc
[ -x /usr/bin/time ] || die "/usr/bin/time not found (apt-get install time)"
[ -x "$portal_frontend" ] || die "$portal_frontend not found; $hint"
[ -x "$xdpw" ] || die "patched xdg-desktop-portal-wlr not found at $xdpw; $hint"
[ -x "$clipnote_bin" ] || die "$clipnote_bin not found; run scripts/build.sh"
[ -x "$animator" ] || die "$animator not found; run scripts/build.sh"

# ---------------------------------------------------------------- the Wayland session
wl=$work/wl
rt=$wl/rt
home=$wl/home
wl_pids=()
wayland_display="" x_display="" swaysock=""
bus_address="unix:path=$rt/bus"

# Every process (but this shell) whose environment says XDG_RUNTIME_DIR=$rt: whatever the session
# started, including what left the process group (sway's exec, D-Bus activation).
session_pids() {
  local e
  for e in /proc/[0-9]*/environ; do
    local p=${e#/proc/}; p=${p%/environ}
    [ "$p" = $$ ] && continue
    { tr '\0' '\n' <"$e"; } 2>/dev/null | grep -qxF "XDG_RUNTIME_DIR=$rt" && echo "$p"
  done
  return 0
}
stop_wayland() {
  local i
  for ((i = ${#wl_pids[@]} - 1; i >= 0; i--)); do kill "${wl_pids[$i]}" 2>/dev/null || true; done
  sleep 0.3
  [ -d "$rt" ] || return 0
  for _ in 1 2; do
    local left; left=$(session_pids)
    [ -z "$left" ] && break
    kill -9 $left 2>/dev/null || true
    sleep 0.1
  done
  local m
  for m in $(grep -o " $wl/[^ ]*" /proc/self/mountinfo 2>/dev/null | sort -r || true); do umount -l "$m" || true; done
  wl_pids=()
}
trap 'stop_wayland || true; stop_screen' EXIT

# wl_run CMD...: CMD with the session's environment.
wl_run() {
  env XDG_RUNTIME_DIR="$rt" HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_STATE_HOME="$wl/state" \
    XDG_DATA_HOME="$wl/data" XDG_SESSION_TYPE=wayland XDG_CURRENT_DESKTOP=sway \
    DBUS_SESSION_BUS_ADDRESS="$bus_address" WAYLAND_DISPLAY="$wayland_display" DISPLAY="$x_display" \
    SWAYSOCK="$swaysock" "$@"
}
# wait_ready WHAT PID CONDITION...: polls CONDITION (a command) every 25 ms for 20 s; fails with
# WHAT's log if PID exits first.
wait_ready() {
  local what=$1 pid=$2; shift 2
  for _ in $(seq 800); do
    "$@" >/dev/null 2>&1 && return 0
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "portal_vs_x11: $what exited; its log:" >&2; tail -20 "$wl/$what.log" >&2; exit 1
    fi
    sleep 0.025
  done
  echo "portal_vs_x11: $what not ready within 20 s; its log:" >&2; tail -20 "$wl/$what.log" >&2; exit 1
}
has_owner() {
  wl_run dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner "string:$1" 2>/dev/null | grep -q 'boolean true'
}
portal_ready() {
  has_owner org.freedesktop.portal.Desktop &&
    wl_run dbus-send --session --print-reply --dest=org.freedesktop.portal.Desktop /org/freedesktop/portal/desktop \
      org.freedesktop.DBus.Introspectable.Introspect 2>/dev/null | grep -q '"org.freedesktop.portal.ScreenCast"'
}
sway_up() {
  [ -e "$rt/$wayland_display" ] && [ -e "$swaysock" ] &&
    wl_run swaymsg -s "$swaysock" -t get_outputs 2>/dev/null | grep -q HEADLESS-1
}
wireplumber_up() { wl_run pw-cli ls Client 2>/dev/null | grep -q '"WirePlumber"'; }
content_mapped() { wl_run swaymsg -s "$swaysock" -t get_tree 2>/dev/null | grep -q "$1"; }

start_wayland() {
  mkdir -p "$rt" "$home/.config/xdg-desktop-portal-wlr" "$home/.config/foot" "$wl/state" "$wl/data"
  chmod 700 "$rt"
  # 1. The session bus; --print-address writes the address once it listens.
  env -u DISPLAY -u WAYLAND_DISPLAY XDG_RUNTIME_DIR="$rt" HOME="$home" dbus-daemon --session --nofork --nopidfile \
    --nosyslog --address="$bus_address" --print-address=1 >"$wl/bus.addr" 2>"$wl/dbus.log" &
  wl_pids+=($!)
  wait_ready dbus "${wl_pids[-1]}" grep -q . "$wl/bus.addr"

  # 2. sway. As root it refuses to start unless it cannot regain root after dropping it: the same
  # shim as the fixture's, preloaded into sway only, makes setuid/setgid fail in the process named
  # "sway" and nowhere else (Xwayland's xkbcomp must change ids normally).
  local preload=""
  if [ "$(id -u)" = 0 ]; then
    cc -shared -fPIC -O1 -o "$wl/root-shim.so" "$root/tests/helpers/sway_root_shim.c" -ldl || die "cannot compile the sway root shim"
    preload=$wl/root-shim.so
  fi
  cat >"$home/.config/foot/foot.ini" <<'INI'
[colors]
background=101010
foreground=ffffff
regular1=ff0000
regular2=00ff00
regular3=ffff00
regular4=0000ff
regular5=ff00ff
regular6=00ffff
regular7=c0c0c0
[cursor]
blink=no
INI
  cat >"$wl/content-moving.sh" <<'SH'
printf '\033[?25l'
i=0
while :; do
  i=$((i+1))
  printf '\033[4%dm\033[97m %06d clipnote moving content \033[K\033[0m\n' $((i%7+1)) "$i"
  [ "$i" -le 60 ] || sleep 0.03
done
SH
  cat >"$wl/sway.config" <<CFG
xwayland enable
output HEADLESS-1 resolution ${width}x${height} position 0 0
default_border none
default_floating_border none
focus_follows_mouse no
for_window [title="^bench\$"] fullscreen enable
exec printf '%s\\n%s\\n%s\\n' "\$WAYLAND_DISPLAY" "\$DISPLAY" "\$SWAYSOCK" > $wl/sway-ready.tmp && mv $wl/sway-ready.tmp $wl/sway-ready
CFG
  env -u DISPLAY -u WAYLAND_DISPLAY XDG_RUNTIME_DIR="$rt" HOME="$home" XDG_CONFIG_HOME="$home/.config" \
    DBUS_SESSION_BUS_ADDRESS="$bus_address" XDG_SESSION_TYPE=wayland XDG_CURRENT_DESKTOP=sway \
    WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 WLR_HEADLESS_OUTPUTS=1 \
    SWAYSOCK="$rt/sway-ipc.sock" ${preload:+LD_PRELOAD="$preload"} \
    sway --config "$wl/sway.config" >"$wl/sway.log" 2>&1 &
  wl_pids+=($!)
  wait_ready sway "${wl_pids[-1]}" test -s "$wl/sway-ready"
  { read -r wayland_display; read -r x_display; read -r swaysock; } <"$wl/sway-ready"
  [ -n "$wayland_display" ] && [ -n "$swaysock" ] || die "sway gave no WAYLAND_DISPLAY/SWAYSOCK; see $wl/sway.log"
  [ -n "$x_display" ] || die "sway started no XWayland (needs xwayland, x11-xkb-utils, xkb-data; $hint)"
  wait_ready sway "${wl_pids[0]}" sway_up

  # The moving content.
  if [ "$content" = foot ]; then
    wl_run swaymsg -s "$swaysock" -- exec foot --app-id=clipnote-content sh "$wl/content-moving.sh" >/dev/null
    wait_ready sway "${wl_pids[1]}" content_mapped '"clipnote-content"'
  else
    wl_run "$animator" --title bench --mode moving >"$wl/animator.log" 2>&1 &
    wl_pids+=($!)
    wait_ready animator "${wl_pids[-1]}" content_mapped '"bench"'
  fi

  # 3. PipeWire, then its session manager (which links a consumer to the portal's stream node).
  wl_run pipewire >"$wl/pipewire.log" 2>&1 &
  wl_pids+=($!)
  wait_ready pipewire "${wl_pids[-1]}" wl_run pw-cli info 0
  wl_run wireplumber >"$wl/wireplumber.log" 2>&1 &
  wl_pids+=($!)
  wait_ready wireplumber "${wl_pids[-1]}" wireplumber_up

  # 4. The patched wlroots portal backend, casting HEADLESS-1 without asking, tokens kept. It must
  # own its bus name before the frontend looks for it, or D-Bus would activate the unpatched one.
  printf '[screencast]\noutput_name=HEADLESS-1\nchooser_type=none\nmax_fps=%s\n' "$fps" \
    >"$home/.config/xdg-desktop-portal-wlr/config"
  wl_run env XDPW_PERSIST_MODE=permanent "$xdpw" -r -c "$home/.config/xdg-desktop-portal-wlr/config" \
    >"$wl/xdpw.log" 2>&1 &
  wl_pids+=($!)
  wait_ready xdpw "${wl_pids[-1]}" has_owner org.freedesktop.impl.portal.desktop.wlr

  # 5. The portal frontend: ready when its name is owned and it offers ScreenCast.
  wl_run "$portal_frontend" -r >"$wl/portal.log" 2>&1 &
  wl_pids+=($!)
  wait_ready portal "${wl_pids[-1]}" portal_ready
}

# ---------------------------------------------------------------- measuring
# cpu_ticks PID...: user + system clock ticks of these processes so far (gone ones count 0).
cpu_ticks() {
  local sum=0 p
  for p in "$@"; do
    local s; s=$(cat "/proc/$p/stat" 2>/dev/null) || continue
    s=${s##*) }   # fields from "state" on: utime is the 12th, stime the 13th
    read -r -a f <<<"$s"
    sum=$((sum + f[11] + f[12]))
  done
  echo $sum
}
hz=$(getconf CLK_TCK)

# run_measured NAME DESKTOP_PIDS_CMD CMD...: CMD under /usr/bin/time; writes $work/NAME.time as
# "wall cpu rss_mb desktop_cpu"; CMD's stderr goes to $work/NAME.err.
run_measured() {
  local name=$1 pids_cmd=$2; shift 2
  local pids; pids=$($pids_cmd)
  local before; before=$(cpu_ticks $pids)
  /usr/bin/time -f "%e %U %S %M" -o "$work/$name.rawtime" "$@" 2>"$work/$name.err" >/dev/null ||
    { echo "portal_vs_x11: $name failed ($(head -1 "$work/$name.rawtime")):" >&2; tail -5 "$work/$name.err" >&2; exit 1; }
  local after; after=$(cpu_ticks $pids)
  awk -v d="$(echo "($after - $before) / $hz" | bc -l)" \
    '{ printf "%.2f %.2f %.1f %.2f\n", $1, $2 + $3, $4 / 1024, d }' "$work/$name.rawtime" >"$work/$name.time"
}
desktop_wayland() { session_pids; }
desktop_x11() { echo "$xvfb_pid $animator_pid"; }

clip_counts() { grep -o '[0-9]* frames, [0-9]* dropped, [0-9]* duplicated' "$work/$1.err" | awk '{ print $1, $3, $5 }'; }

# ---------------------------------------------------------------- 1. portal path
start_wayland
wl_record=(env XDG_RUNTIME_DIR="$rt" HOME="$home" XDG_CONFIG_HOME="$home/.config" XDG_STATE_HOME="$wl/state"
  XDG_DATA_HOME="$wl/data" XDG_SESSION_TYPE=wayland XDG_CURRENT_DESKTOP=sway DBUS_SESSION_BUS_ADDRESS="$bus_address"
  WAYLAND_DISPLAY="$wayland_display" DISPLAY="$x_display" SWAYSOCK="$swaysock"
  "$clipnote_bin" record --fps $fps --preset "$preset" --crf "$crf")
# Warm-up: the first recording of a session goes through the portal's source selection and saves
# the restore token in $XDG_STATE_HOME/clipnote; the measured one then restores without asking.
run_measured warmup desktop_wayland "${wl_record[@]}" --duration 2 -o "$work/warmup.mp4"
ls "$wl"/state/clipnote/*token* >/dev/null 2>&1 || echo "(note: no restore token saved by the warm-up; the measured run asks the portal again)" >&2
run_measured portal desktop_wayland "${wl_record[@]}" --duration "$secs" -o "$work/portal.mp4"
# Start-up cost with a restore token: wall time of a 1 s recording minus its 1 s.
run_measured portal1s desktop_wayland "${wl_record[@]}" --duration 1 -o "$work/portal1s.mp4"

# The desktop app's press -> first picture through the portal, driven by `clipnote toggle`.
: >"$work/app-first.ms"
app_note=""
if [ "$presses" -gt 0 ]; then
  mkdir -p "$wl/app-config/clipnote" "$wl/app-shared" "$wl/app-videos"
  cat >"$wl/app-config/clipnote/config.toml" <<CONF
default = "local"
[destination.local]
kind = "local"
folder = "$wl/app-shared"

[capture]
use_mic = false
fps = $fps

[app]
countdown = 0
review = false
live_preview = false
CONF
  wl_run env CLIPNOTE_TRACE=1 XDG_CONFIG_HOME="$wl/app-config" XDG_VIDEOS_DIR="$wl/app-videos" \
    "$clipnote_bin" >/dev/null 2>"$work/app-trace.log" &
  app_pid=$!
  wl_pids+=("$app_pid")
  for _ in $(seq 200); do [ -S "$rt/clipnote.sock" ] && break; sleep 0.05; done
  sleep 1
  if ! [ -S "$rt/clipnote.sock" ] || ! kill -0 "$app_pid" 2>/dev/null; then
    app_note="the app did not start under the Wayland session: $(tail -2 "$work/app-trace.log" | tr '\n' ' ')"
  else
    for i in $(seq "$presses"); do
      t0=$(now_us)
      wl_run "$clipnote_bin" toggle
      first=$(wait_trace "$work/app-trace.log" first-picture "$i") || { app_note="no first picture after press $i"; break; }
      echo "($first - $t0) / 1000" | bc -l >>"$work/app-first.ms"
      sleep 0.5
      wl_run "$clipnote_bin" toggle
      wait_trace "$work/app-trace.log" clipboard "$i" >/dev/null || { app_note="recording $i was not shared"; break; }
      sleep 0.3
    done
  fi
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
fi
stop_wayland

# ---------------------------------------------------------------- 2./3. X11 path and the ffmpeg CLI
start_screen "$width" "$height"
run_measured x11 desktop_x11 env -u WAYLAND_DISPLAY XDG_SESSION_TYPE=x11 \
  "$clipnote_bin" record --screen "$DISPLAY" --fps $fps --preset "$preset" --crf "$crf" --duration "$secs" -o "$work/x11.mp4"
run_measured ffmpeg desktop_x11 ffmpeg -nostdin -hide_banner -f x11grab -framerate $fps -video_size "${width}x${height}" \
  -draw_mouse 1 -i "$DISPLAY" -t "$secs" -c:v libx264 -preset "$preset" -crf "$crf" -pix_fmt yuv420p -y "$work/ffmpeg.mp4"

# ---------------------------------------------------------------- report
read -r _ x_cpu _ _ <"$work/x11.time"
row() { # name timefile counts(frames dropped dup) mp4
  local wall cpu rss desk frames drop dup
  read -r wall cpu rss desk <"$work/$2.time"
  read -r frames drop dup <<<"$3"
  printf "| %-22s | %7.3f | %11.1f | %6s | %8s | %10s | %19.2f | %15.3f | %6.2f |\n" "$1" \
    "$(echo "$cpu / $secs" | bc -l)" "$rss" "$frames" "${drop:-?}/${dup:-?}" "$(stat -c %s "$4")" \
    "$(echo "$cpu / $x_cpu" | bc -l)" "$(echo "$desk / $secs" | bc -l)" "$wall"
}
ff_dup=$(tr '\r' '\n' <"$work/ffmpeg.err" | grep -o 'dup=[0-9]* drop=[0-9]*' | tail -1 | sed 's/dup=//; s/drop=//' || true)
read -r ff_d ff_p <<<"${ff_dup:-0 0}"

echo "$secs s at ${width}x${height}@${fps}, preset $preset, CRF $crf, content $content, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| path                   | CPU s/s | peak RSS MB | frames | drop/dup | size bytes | CPU vs clipnote-x11 | desktop CPU s/s | wall s |"
echo "|------------------------|---------|-------------|--------|----------|------------|---------------------|-----------------|--------|"
row "clipnote portal" portal "$(clip_counts portal)" "$work/portal.mp4"
row "clipnote x11grab" x11 "$(clip_counts x11)" "$work/x11.mp4"
row "ffmpeg CLI x11grab" ffmpeg "$(frames_in "$work/ffmpeg.mp4") $ff_p $ff_d" "$work/ffmpeg.mp4"
echo
echo "frames = clipnote's summary line (ffmpeg: packets in the file); drop/dup = clipnote's summary"
echo "(ffmpeg: its drop=/dup= counters). desktop CPU = what the desktop side spent during the run:"
echo "sway + XWayland + content + PipeWire + WirePlumber + portals (portal row), Xvfb + x_animator (x11 rows)."
read -r w1 _ _ _ <"$work/portal1s.time"
read -r ww _ _ _ <"$work/warmup.time"
printf "\nstart-up with a restore token: 'clipnote record --duration 1' took %.2f s wall, i.e. %.2f s beyond the 1 s\n" "$w1" "$(echo "$w1 - 1" | bc -l)"
printf "(process start to file finalized; the first warm-up recording, with the source selection, took %.2f s for 2 s)\n" "$ww"
if [ -s "$work/app-first.ms" ]; then
  read -r m p x <<<"$(stats "$work/app-first.ms")"
  echo "desktop app, 'clipnote toggle' -> first picture through the portal (restore token), $(wc -l <"$work/app-first.ms") presses:" \
    "median $m / p90 $p / max $x ms (the toggle CLI's own start-up counts against the app)"
fi
[ -n "$app_note" ] && echo "desktop app latency not measured: $app_note"
[ "$presses" -gt 0 ] || echo "desktop app latency skipped (PRESSES=0)"
printf "\nCPU ratio portal / x11grab: %.2f   RSS ratio: %.2f\n" "$(echo "$(cut -d' ' -f2 "$work/portal.time") / $x_cpu" | bc -l)" \
  "$(echo "$(cut -d' ' -f3 "$work/portal.time") / $(cut -d' ' -f3 "$work/x11.time")" | bc -l)"
