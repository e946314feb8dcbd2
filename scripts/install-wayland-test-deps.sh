#!/usr/bin/env bash
# Installs what the Wayland test fixture (tests/support/wayland_session.*) runs on Debian 12: sway
# with XWayland (headless, pixman), a terminal for on-screen content, grim / wtype / wl-clipboard,
# PipeWire + WirePlumber, xdg-desktop-portal, a private D-Bus bus; then builds the patched
# xdg-desktop-portal-wlr (scripts/build-patched-xdpw.sh).
# Idempotent: packages already present are skipped, the build is skipped when up to date.
# Uses sudo when not root.
set -euo pipefail

packages=(
  # the compositor, XWayland (which needs xkbcomp and the keymaps) and a Wayland terminal
  sway xwayland foot x11-xkb-utils xkb-data
  # screenshots, synthetic keys, the clipboard
  grim wtype wl-clipboard
  # the ScreenCast stack: PipeWire, its session manager, the portal frontend and wlroots backend
  pipewire pipewire-bin wireplumber xdg-desktop-portal xdg-desktop-portal-wlr libpipewire-0.3-dev
  # a private session bus and dbus-send (readiness checks)
  dbus-daemon dbus-bin
  # the sway root shim is compiled when a session starts; the patched xdpw is built from source
  gcc libc6-dev meson ninja-build dpkg-dev python3
  # the GlobalShortcuts portal test backend (tests/helpers/global_shortcuts_backend.py)
  python3-gi
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-wayland-test-deps: all ${#packages[@]} packages present"
else
  echo "install-wayland-test-deps: installing ${missing[*]}"
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

bash "$(dirname "$0")/build-patched-xdpw.sh"
echo "install-wayland-test-deps: done"
