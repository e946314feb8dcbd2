#!/usr/bin/env bash
# Installs the Debian 12 packages clipnote needs to build, test and benchmark.
# Idempotent: packages already present are skipped; uses sudo when not root.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake pkg-config git
  # the sanitizer build (scripts/check-sanitizers.sh): clang, llvm-symbolizer for readable
  # reports, ccache so a fresh clone recompiles only what changed
  clang llvm ccache
  # FFmpeg 5.1 libraries (+ x264 for H.264) and the CLI, used as the benchmark peer
  libavdevice-dev libavformat-dev libavcodec-dev libavfilter-dev libavutil-dev
  libswscale-dev libswresample-dev libx264-dev ffmpeg
  # X11 (window lookup, cursor), config and CLI parsing, state, upload
  libx11-dev libxfixes-dev libxi-dev libcli11-dev nlohmann-json3-dev libtomlplusplus-dev
  libsqlite3-dev libsqlitecpp-dev libcurl4-openssl-dev libssl-dev libyuv-dev
  # GIF palettes per frame, animated WebP
  libimagequant-dev libwebp-dev
  # ShareX custom uploaders: PCRE2 for their {regex:…} (.NET-like: named groups, lookbehind)
  libpcre2-dev
  # XML answers of S3 and ShareX custom uploaders (a parser that does not recurse)
  libpugixml-dev
  # Wayland: the ScreenCast portal (GIO for D-Bus) and its PipeWire stream
  libpipewire-0.3-dev libglib2.0-dev libpulse-dev
  # desktop app
  libsdl2-dev libimgui-dev libnotify-dev fonts-inter
  # tests: doctest, a virtual X server with tools to drive it, a PulseAudio daemon
  doctest-dev xvfb x11-utils x11-xserver-utils xdotool xclip pulseaudio pulseaudio-utils
  # tests: a private D-Bus session bus and a notification daemon for the desktop notifications
  dbus-daemon dbus-bin dunst
  # tests: GNOME's custom-shortcut schemas and the gsettings tool (`clipnote hotkeys --add-to-gnome`)
  gnome-settings-daemon-common libglib2.0-bin
  # tests: a browser that must play what we record
  chromium
  # upload tests: nginx (WebDAV), node for s3rver + the SigV4 gate (npm packages in
  # tests/upload/servers), curl and openssl command-line tools
  nginx-light nodejs curl openssl
  # upload tests: cpp-httplib for the local Discord / Slack / webhook / sxcu receiver
  libcpp-httplib-dev
  # benchmarks
  time bc
  # the Debian package (scripts/package.sh): CPack's dpkg-shlibdeps, PNG icons from the SVG; the
  # package test checks it with lintian, appstreamcli and man, and its completions in bash, fish and zsh
  dpkg-dev librsvg2-bin lintian appstream man-db fish zsh
)

# npm comes with nodejs from some sources and as its own package from Debian.
command -v npm >/dev/null 2>&1 || packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
echo "install-deps: installing ${missing[*]}"
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "install-deps: done"
