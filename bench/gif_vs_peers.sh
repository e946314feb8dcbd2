#!/usr/bin/env bash
# GIF export: clipnote vs gifski vs FFmpeg's two-pass palette GIF, on the same three generated
# clips, each encoder at the same fps and width:
#   camera  480x360, 15 fps, 3 s: still room, a moving subject (~20 % of the picture), light
#           sensor noise, then H.264 CRF 23 as clipnote records a webcam
#   dimcam  the same with a dim room's heavy grain, kept lossless
#   movie   480x270, 15 fps, 3 s: a Mandelbrot zoom (every pixel moves) with film grain
#   screen  960x540, 10 fps, 5 s: flat UI colours and text, lines appearing, a moving cursor
#   desktop 960x540, 10 fps, 4 s: a window (a moving test picture) dragged across a gradient
#           wallpaper, a title over it
# The sources are generated with the ffmpeg CLI from lavfi (deterministic) and stored losslessly
# (H.264 -qp 0, yuv420p), except camera (see above). The encoders:
#   clipnote  $CLIPNOTE export SRC.mp4 -o OUT.gif --fps F --width W [--quality $QUALITY]
#   gifski    npm's prebuilt Linux binary (built without video input): PNG frames from the ffmpeg
#             CLI (fps=F,scale=W:-2:flags=lanczos), then gifski --fps F --width W; only gifski's
#             own CPU counts, the extraction is printed apart
#   ffmpeg    fps=F,scale=W:-2:flags=lanczos,split,palettegen=stats_mode=full,
#             paletteuse=dither=sierra2_4a:diff_mode=rectangle
# Prints bytes, SSIM against the source (ffmpeg's ssim filter in RGB, frame by frame: both sides
# resampled to F fps and scaled to W), the encoder's CPU seconds (user + system), and the ratios.
# Usage: bench/gif_vs_peers.sh
# Environment:
#   CLIPNOTE        the clipnote binary (default: $CLIPNOTE_BUILD_DIR/clipnote, i.e. build/clipnote)
#   QUALITY         passed as clipnote's --quality when set (unset: the option is not passed)
#   GIFSKI_QUALITY  gifski's --quality (unset: gifski's default, 90)
#   GIFSKI_VERSION  the npm package's version (default 1.7.1)
#   GIFSKI_CACHE    where npm installs it, kept between runs (default ~/.cache/clipnote-bench)
#   GIFSKI          a gifski binary to use instead of npm's
#   REPEAT          encodes per clip and encoder (default 1); the CPU column is the median
#   BENCH_KEEP=1    keep the work folder (sources, PNGs, GIFs, logs)
# Encodes and SSIM runs are niced (nice -n 10); CPU seconds are not affected by that.
set -euo pipefail
source "$(dirname "$0")/common.sh"
me=$(basename "$0")
fail() { echo "$me: $*" >&2; exit 1; }
need() { command -v "$1" >/dev/null 2>&1 || fail "$1 not found${2:+ ($2)}"; }

clipnote=${CLIPNOTE:-$clipnote_bin}
repeat=${REPEAT:-1}
gifski_version=${GIFSKI_VERSION:-1.7.1}
gifski_cache=${GIFSKI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/clipnote-bench}
font=/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

need ffmpeg "apt-get install ffmpeg"
need ffprobe "apt-get install ffmpeg"
need awk
[ -x /usr/bin/time ] || fail "/usr/bin/time not found (apt-get install time)"
[ -x "$clipnote" ] || fail "no clipnote binary at $clipnote (bash scripts/build.sh, or set CLIPNOTE)"
[ -f "$font" ] || fail "font $font not found (apt-get install fonts-dejavu-core)"
[[ "$repeat" =~ ^[1-9][0-9]*$ ]] || fail "REPEAT must be a positive integer, not '$repeat'"

# gifski: the npm package "gifski" is not JavaScript, it carries prebuilt binaries
# (bin/debian/gifski for x86-64 Linux, bin/macos, bin/windows). Installed once per version
# into $gifski_cache/gifski-VERSION with `npm install --prefix`, reused afterwards.
if [ -n "${GIFSKI:-}" ]; then
  gifski=$GIFSKI
  "$gifski" --version >/dev/null 2>&1 || fail "GIFSKI=$GIFSKI does not run"
else
  gifski_dir=$gifski_cache/gifski-$gifski_version
  gifski=$gifski_dir/node_modules/gifski/bin/debian/gifski
  if ! "$gifski" --version >/dev/null 2>&1; then
    [ "$(uname -m)" = x86_64 ] || fail "npm's gifski has a Linux binary for x86-64 only; set GIFSKI to a gifski binary"
    need npm "apt-get install npm, or set GIFSKI to a gifski binary"
    mkdir -p "$gifski_cache"
    tmp=$(mktemp -d "$gifski_cache/.gifski-$gifski_version-XXXXXX")
    if ! npm install --prefix "$tmp" --no-save --no-package-lock --no-audit --no-fund --ignore-scripts \
        "gifski@$gifski_version" >"$work/npm.log" 2>&1; then
      rm -rf "$tmp"
      fail "npm install gifski@$gifski_version failed: $(grep -m1 -i 'err' "$work/npm.log" || tail -1 "$work/npm.log")"
    fi
    rm -rf "$gifski_dir"
    mv "$tmp" "$gifski_dir"
    "$gifski" --version >/dev/null 2>&1 || fail "npm's gifski@$gifski_version does not run here ($gifski)"
  fi
fi
gifski_name=$("$gifski" --version 2>&1 | head -1)   # "gifski 1.7.1"

# run NAME CMD...: runs CMD niced $repeat times; $work/NAME.cpu gets the median user + system CPU
# seconds, $work/NAME.err the last run's stderr.
run() {
  local name=$1
  shift
  : >"$work/$name.cpus"
  for _ in $(seq "$repeat"); do
    /usr/bin/time -f "%U %S" -o "$work/$name.rawtime" nice -n 10 "$@" >"$work/$name.out" 2>"$work/$name.err" \
      || fail "$name failed: $(grep -v '^Command exited' "$work/$name.err" | tail -1)"
    awk '{ printf "%.2f\n", $1 + $2 }' "$work/$name.rawtime" >>"$work/$name.cpus"
  done
  sort -n "$work/$name.cpus" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }' >"$work/$name.cpu"
}

# The sources.
x264=(-c:v libx264 -qp 0 -preset veryfast -pix_fmt yuv420p -an)
gen() { nice -n 10 ffmpeg -hide_banner -nostdin -v error "$@" >"$work/gen.err" 2>&1 || fail "making a source failed: $(tail -1 "$work/gen.err")"; }

# camera: a blurred still room (gradient wall, a window, a shelf), a subject (an oval of
# testsrc2, so it changes inside too) swaying in front of it, temporal noise over everything.
# (gradients needs a seed: without one its angle is random and so are the bytes.)
room="drawbox=x=300:y=30:w=150:h=110:c=0xe8eef4:t=fill,drawbox=x=300:y=30:w=150:h=110:c=0x6a5a48:t=6"
room+=",drawbox=x=20:y=200:w=120:h=14:c=0x3a2c20:t=fill,drawbox=x=30:y=150:w=24:h=50:c=0x8a3b2b:t=fill"
room+=",drawbox=x=70:y=165:w=30:h=35:c=0x2b5a8a:t=fill,gblur=sigma=1.5"
oval="format=rgba,geq=r='r(X,Y)':g='g(X,Y)':b='b(X,Y)':a='255*lte(pow((X-W/2)/(W/2),2)+pow((Y-H/2)/(H/2),2),1)',gblur=sigma=2"
camera() { # NOISE OUTPUT
  gen -f lavfi -i "gradients=s=480x360:r=15:c0=0x5a4a3c:c1=0xd8c8b0:x0=0:y0=0:x1=480:y1=360:speed=0.00001:seed=1:d=3" \
    -f lavfi -i "testsrc2=s=150x190:r=15:d=3" \
    -filter_complex "[0:v]${room}[bg];[1:v]${oval}[fg];[bg][fg]overlay=x='165+35*sin(2*PI*t/3)':y='110+8*sin(2*PI*t*0.7)':shortest=1,noise=alls=$1:allf=t,format=yuv420p" \
    -t 3 "${x264[@]}" -y "$2"
}
# camera: office light, as clipnote records a webcam (H.264, CRF 23, veryfast), which is what a
# reaction GIF is made from. dimcam: a dim room's heavy grain, stored losslessly.
camera 4 "$work/camera-raw.mp4"
gen -i "$work/camera-raw.mp4" -c:v libx264 -crf 23 -preset veryfast -pix_fmt yuv420p -an -y "$work/camera.mp4"
camera 12 "$work/dimcam.mp4"

# movie: zooming into the Mandelbrot set, softened a little, with grain.
gen -f lavfi -i "mandelbrot=s=480x270:r=15:start_scale=2.5:end_scale=0.6:end_pts=45" \
  -vf "gblur=sigma=0.7,noise=alls=8:allf=t,format=yuv420p" -t 3 "${x264[@]}" -y "$work/movie.mp4"

# screen: a window with a title bar, a sidebar, a text panel whose lines appear one by one,
# two buttons, a status line, and a cursor moving across.
text() { # X Y SIZE COLOUR TEXT [ENABLE]
  printf ",drawtext=fontfile=%s:x=%s:y=%s:fontsize=%s:fontcolor=%s:text='%s'%s" "$font" "$1" "$2" "$3" "$4" "$5" "${6:+:enable='$6'}"
}
ui="drawbox=x=0:y=0:w=960:h=40:c=0x2d3142:t=fill,drawbox=x=0:y=40:w=220:h=500:c=0xe4e7ec:t=fill"
ui+=",drawbox=x=250:y=70:w=680:h=200:c=0xffffff:t=fill,drawbox=x=250:y=70:w=680:h=200:c=0xc8ccd4:t=1"
ui+=",drawbox=x=250:y=300:w=120:h=36:c=0x3b82f6:t=fill,drawbox=x=390:y=300:w=120:h=36:c=0xd1d5db:t=fill"
ui+=",drawbox=x=14:y=12:w=16:h=16:c=0xef4444:t=fill,drawbox=x=38:y=12:w=16:h=16:c=0xf59e0b:t=fill"
ui+=",drawbox=x=62:y=12:w=16:h=16:c=0x22c55e:t=fill"
ui+=$(text 96 11 17 white "clipnote - Untitled document")
y=64; for item in Inbox Drafts Sent Archive Settings; do ui+=$(text 20 $y 15 0x374151 "$item"); y=$((y + 30)); done
ui+=$(text 270 90 22 0x111827 "Weekly report")
ui+=$(text 270 130 15 0x374151 "The build is green on all three targets.")
ui+=$(text 270 158 15 0x374151 "GIF export is 30 percent smaller this week" 'gte(t,1.5)')
ui+=$(text 270 186 15 0x374151 "Next step - measure against gifski and ffmpeg" 'gte(t,2.5)')
ui+=$(text 270 214 15 0x6b7280 "Saved" 'gte(t,3.8)')
ui+=$(text 282 308 16 white "Send")$(text 410 308 16 0x111827 "Cancel")
ui+=$(text 250 380 13 0x9ca3af "Ln 3, Col 42     UTF-8     Spaces 4")
gen -f lavfi -i "color=c=0xf5f6f8:s=960x540:r=10:d=5" -f lavfi -i "color=c=0x111111:s=12x18:r=10:d=5" \
  -filter_complex "[0:v]${ui}[bg];[bg][1:v]overlay=x='600-60*t':y='420-24*t':shortest=1,format=yuv420p" \
  -t 5 "${x264[@]}" -y "$work/screen.mp4"

# desktop: a window dragged across a wallpaper's smooth gradient, 8 pixels a frame.
gen -f lavfi -i "gradients=s=960x540:r=10:c0=0x1d3557:c1=0xa8dadc:x0=0:y0=0:x1=960:y1=540:speed=0.00001:seed=1:d=4" \
  -f lavfi -i "testsrc2=s=240x160:r=10:d=4" \
  -filter_complex "[0:v]null$(text 40 40 32 white "Release notes v2.3")[bg];[1:v]drawbox=x=0:y=0:w=240:h=18:c=0x2d3142:t=fill[win];[bg][win]overlay=x='100+t*80':y=200:shortest=1,format=yuv420p" \
  -t 4 "${x264[@]}" -y "$work/desktop.mp4"

# ssim GIF SOURCE FPS WIDTH: prints "SSIM FRAMES" (ffmpeg's "All:" over the frames compared).
# Both sides go through fps=FPS, so each GIF frame meets the source frame shown at the same time
# (GIF delays are centiseconds: 1/15 s is written as 7, 7, 6 ...; fps=FPS rounds them back onto
# the source's frame grid). A one-frame shift drops SSIM to ~0.25 on the noisy clips.
ssim() {
  local log=$work/ssim.log
  nice -n 10 ffmpeg -hide_banner -nostdin -i "$1" -i "$2" -lavfi \
    "[0:v]fps=$3,format=rgb24[a];[1:v]fps=$3,scale=$4:-2:flags=lanczos,format=rgb24[b];[a][b]ssim=shortest=1:stats_file=$work/ssim.frames" \
    -f null - >"$log" 2>&1 || fail "SSIM of $1 failed: $(tail -1 "$log")"
  local all; all=$(grep -o 'All:[0-9.]*' "$log" | tail -1 | cut -d: -f2)
  [ -n "$all" ] || fail "no SSIM in ffmpeg's output for $1"
  echo "$all $(wc -l <"$work/ssim.frames")"
}

clips=("camera 15 480" "dimcam 15 480" "movie 15 480" "screen 10 960" "desktop 10 960")
quality=()
if [ -n "${QUALITY:-}" ]; then quality=(--quality "$QUALITY"); fi
gifski_quality=()
if [ -n "${GIFSKI_QUALITY:-}" ]; then gifski_quality=(--quality "$GIFSKI_QUALITY"); fi

for c in "${clips[@]}"; do
  read -r clip fps width <<<"$c"
  src=$work/$clip.mp4
  run "$clip.clipnote" "$clipnote" export "$src" -o "$work/$clip.clipnote.gif" --fps "$fps" --width "$width" "${quality[@]}"

  mkdir -p "$work/$clip.png"
  run "$clip.png" ffmpeg -hide_banner -nostdin -v error -i "$src" -vf "fps=$fps,scale=$width:-2:flags=lanczos" \
    -y "$work/$clip.png/frame%04d.png"
  run "$clip.gifski" "$gifski" --quiet --fps "$fps" --width "$width" "${gifski_quality[@]}" \
    -o "$work/$clip.gifski.gif" "$work/$clip.png"/frame*.png

  run "$clip.ffmpeg" ffmpeg -hide_banner -nostdin -v error -i "$src" -vf \
    "fps=$fps,scale=$width:-2:flags=lanczos,split[a][b];[a]palettegen=stats_mode=full[p];[b][p]paletteuse=dither=sierra2_4a:diff_mode=rectangle" \
    -y "$work/$clip.ffmpeg.gif"

  frames=$(frames_in "$src")
  for enc in clipnote gifski ffmpeg; do
    gif=$work/$clip.$enc.gif
    [ -s "$gif" ] || fail "$enc wrote no GIF for $clip"
    sn=$(ssim "$gif" "$src" "$fps" "$width")
    read -r s n <<<"$sn"
    [ "$n" -eq "$frames" ] || echo "$me: warning: $clip/$enc: SSIM over $n frames, the source has $frames" >&2
    echo "$(stat -c %s "$gif") $s $(cat "$work/$clip.$enc.cpu")" >"$work/$clip.$enc.result"
  done
done

# The report.
label() {
  case $1 in
    clipnote) echo "clipnote export${QUALITY:+ --quality $QUALITY}" ;;
    gifski) echo "$gifski_name, quality ${GIFSKI_QUALITY:-90}" ;;
    ffmpeg) echo "ffmpeg two-pass palette" ;;
  esac
}
val() { read -r b s cpu <"$work/$1.$2.result"; case $3 in bytes) echo "$b" ;; ssim) echo "$s" ;; cpu) echo "$cpu" ;; esac; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else printf "n/a" }'; }
delta() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%+.5f", a - b }'; }

echo "GIF export, $(ffmpeg -version | head -1 | awk '{ print "FFmpeg " $3 }'), $gifski_name (npm), $(nproc) cores, REPEAT=$repeat (CPU: median)"
echo "clipnote: $clipnote ($("$clipnote" --version 2>/dev/null | head -1))${QUALITY:+, --quality $QUALITY}"
echo "sources: camera 480x360 15 fps 3 s (H.264 CRF 23, as recorded), dimcam the same with heavy grain, movie 480x270 15 fps 3 s, screen 960x540 10 fps 5 s, desktop 960x540 10 fps 4 s (lossless H.264)"
echo
echo "| clip    | encoder                        |    bytes |    SSIM | CPU s |"
echo "|---------|--------------------------------|----------|---------|-------|"
for c in "${clips[@]}"; do
  read -r clip _ _ <<<"$c"
  for enc in clipnote gifski ffmpeg; do
    read -r b s cpu <"$work/$clip.$enc.result"
    printf "| %-7s | %-30s | %8d | %7.5f | %5.2f |\n" "$clip" "$(label $enc)" "$b" "$s" "$cpu"
  done
done
echo
printf "gifski's PNG extraction (ffmpeg CLI, not counted above): camera %.2f s, dimcam %.2f s, movie %.2f s, screen %.2f s, desktop %.2f s\n" \
  "$(cat "$work/camera.png.cpu")" "$(cat "$work/dimcam.png.cpu")" "$(cat "$work/movie.png.cpu")" "$(cat "$work/screen.png.cpu")" \
  "$(cat "$work/desktop.png.cpu")"
echo
for clip in camera dimcam movie; do
  printf "%-6s clipnote/gifski: bytes %sx   SSIM %s   CPU %sx\n" "$clip" \
    "$(ratio "$(val $clip clipnote bytes)" "$(val $clip gifski bytes)")" \
    "$(delta "$(val $clip clipnote ssim)" "$(val $clip gifski ssim)")" \
    "$(ratio "$(val $clip clipnote cpu)" "$(val $clip gifski cpu)")"
done
for clip in screen desktop; do
  printf "%-6s clipnote/ffmpeg: bytes %sx   SSIM %s   CPU %sx\n" "$clip" \
    "$(ratio "$(val $clip clipnote bytes)" "$(val $clip ffmpeg bytes)")" \
    "$(delta "$(val $clip clipnote ssim)" "$(val $clip ffmpeg ssim)")" \
    "$(ratio "$(val $clip clipnote cpu)" "$(val $clip ffmpeg cpu)")"
done
