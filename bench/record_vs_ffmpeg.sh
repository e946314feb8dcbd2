#!/usr/bin/env bash
# clipnote record vs the ffmpeg CLI (x11grab -> libx264) on the same Xvfb with moving content.
# Usage: bench/record_vs_ffmpeg.sh [SECONDS=60] [WIDTHxHEIGHT=1920x1080] [PRESET=veryfast] [CRF=23]
# Prints CPU-seconds per recorded second, peak RSS and dropped/duplicated frames for both, the
# clipnote/ffmpeg ratios, and clipnote with its default settings.
set -euo pipefail
source "$(dirname "$0")/common.sh"
secs=${1:-60}
size=${2:-1920x1080}
preset=${3:-veryfast}
crf=${4:-23}
fps=30
start_screen "${size%x*}" "${size#*x}"

measure clipnote "$clipnote_bin" record --fps $fps --preset "$preset" --crf "$crf" --duration "$secs" -o "$work/clipnote.mp4"
measure ffmpeg ffmpeg -nostdin -hide_banner -f x11grab -framerate $fps -video_size "$size" -draw_mouse 1 -i "$DISPLAY" \
  -t "$secs" -c:v libx264 -preset "$preset" -crf "$crf" -pix_fmt yuv420p -y "$work/ffmpeg.mp4"
measure defaults "$clipnote_bin" record --duration "$secs" -o "$work/defaults.mp4"

# clipnote's summary: "... N frames, D dropped, U duplicated)"; ffmpeg's last progress line: "dup=U drop=D".
clip_counts() { grep -o '[0-9]* dropped, [0-9]* duplicated' "$work/$1.err" | awk '{ print $1, $3 }'; }
ff_counts() { tr '\r' '\n' <"$work/ffmpeg.err" | grep -o 'dup=[0-9]* drop=[0-9]*' | tail -1 | sed 's/dup=//; s/drop=//' | awk '{ print $2, $1 }'; }

row() { # name cpu rss dropped duplicated frames
  printf "| %-28s | %8.3f | %8.1f | %7s | %10s | %6s |\n" "$1" "$(echo "$2 / $secs" | bc -l)" "$3" "$4" "$5" "$6"
}
read -r c_cpu c_rss <"$work/clipnote.time"
read -r f_cpu f_rss <"$work/ffmpeg.time"
read -r d_cpu d_rss <"$work/defaults.time"
read -r c_drop c_dup <<<"$(clip_counts clipnote)"
read -r d_drop d_dup <<<"$(clip_counts defaults)"
read -r f_drop f_dup <<<"$(ff_counts)"
f_drop=${f_drop:-0}; f_dup=${f_dup:-0}  # ffmpeg prints dup=/drop= only once they are non-zero

echo "$secs s at ${size}@${fps}, preset $preset, CRF $crf, on $(nproc) cores"
echo
echo "| run                          | CPU s/s  | peak RSS MB | dropped | duplicated | frames |"
echo "|------------------------------|----------|-------------|---------|------------|--------|"
row "clipnote $preset/$crf" "$c_cpu" "$c_rss" "$c_drop" "$c_dup" "$(frames_in "$work/clipnote.mp4")"
row "ffmpeg CLI $preset/$crf" "$f_cpu" "$f_rss" "${f_drop:-?}" "${f_dup:-?}" "$(frames_in "$work/ffmpeg.mp4")"
row "clipnote defaults" "$d_cpu" "$d_rss" "$d_drop" "$d_dup" "$(frames_in "$work/defaults.mp4")"
echo
printf "CPU ratio clipnote/ffmpeg: %.2f   RSS ratio: %.2f\n" "$(echo "$c_cpu / $f_cpu" | bc -l)" "$(echo "$c_rss / $f_rss" | bc -l)"
