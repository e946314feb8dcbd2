#!/usr/bin/env bash
# Builds the xdg-desktop-portal-wlr the Wayland test fixture (tests/support/wayland_session.*) runs.
#
# Why: Debian 12's xdg-desktop-portal-wlr 0.7.0 answers ScreenCast.Start with an error when the
# compositor offers no DMA-BUF buffer format, which is always the case under wlroots' pixman
# renderer (no GPU; upstream issue #289). We rebuild Debian's own source package with one change:
# only a missing SHM format is fatal, so the portal streams shared-memory buffers.
#
# Result: $CLIPNOTE_XDPW_DIR/xdg-desktop-portal-wlr (default /usr/local/libexec/clipnote-test),
# with a stamp file naming the source version and the patch. Idempotent: does nothing when the
# binary there was built from the same source version with the same patch.
# Needs: deb-src for bookworm (added if missing), apt-get build-dep, meson, ninja. Uses sudo when
# not root.
set -euo pipefail

dest=${CLIPNOTE_XDPW_DIR:-/usr/local/libexec/clipnote-test}
binary="$dest/xdg-desktop-portal-wlr"
stamp="$dest/xdg-desktop-portal-wlr.stamp"
# Bump when the edit below changes, so an existing build is replaced.
patch_id="shm-only-is-fatal-v1"

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive

installed_version=$(dpkg-query -W -f='${Version}' xdg-desktop-portal-wlr 2>/dev/null || true)
want_stamp="xdg-desktop-portal-wlr ${installed_version:-unknown} $patch_id"
if [ -x "$binary" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ]; then
  echo "build-patched-xdpw: $binary is up to date ($want_stamp)"
  exit 0
fi

# apt-get source needs a deb-src entry; Debian 12 images ship without one.
has_deb_src() {
  grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/
}
if ! has_deb_src; then
  echo "build-patched-xdpw: adding a deb-src entry for bookworm"
  printf '%s\n' 'Types: deb-src' 'URIs: http://deb.debian.org/debian' 'Suites: bookworm bookworm-updates' \
    'Components: main' 'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg' |
    $sudo tee /etc/apt/sources.list.d/clipnote-deb-src.sources >/dev/null
  $sudo apt-get update -qq
fi

echo "build-patched-xdpw: installing build dependencies"
$sudo apt-get build-dep -y -qq xdg-desktop-portal-wlr >/dev/null
for p in meson ninja-build dpkg-dev python3; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    $sudo apt-get install -y -qq --no-install-recommends "$p" >/dev/null
done

work=$(mktemp -d -t clipnote-xdpw-build.XXXXXX)
trap 'rm -rf "$work"' EXIT
# apt runs its download as _apt, which must be able to write here.
chmod 755 "$work"
cd "$work"
echo "build-patched-xdpw: fetching the source package"
apt-get source -qq xdg-desktop-portal-wlr >/dev/null 2>"$work/source.log" || {
  cat "$work/source.log" >&2
  exit 1
}
src=$(find "$work" -maxdepth 1 -type d -name 'xdg-desktop-portal-wlr-*' | head -1)
[ -n "$src" ] || { echo "build-patched-xdpw: no source tree after apt-get source" >&2; exit 1; }

# The edit: in xdpw_screencast's buffer-format check, drop the "no DMA-BUF format" condition.
python3 - "$src/src/screencast/screencast.c" <<'PY'
import re, sys
path = sys.argv[1]
text = open(path).read()
pattern = re.compile(
    r"if \(cast->screencopy_frame_info\[WL_SHM\]\.format == DRM_FORMAT_INVALID \|\|\s*"
    r"\(cast->ctx->state->screencast_version >= 3 &&\s*"
    r"cast->screencopy_frame_info\[DMABUF\]\.format == DRM_FORMAT_INVALID\)\) \{")
found = pattern.findall(text)
if len(found) != 1:
    sys.exit(f"build-patched-xdpw: expected the SHM/DMA-BUF format check once in {path}, "
             f"found it {len(found)} times; the source changed, update this patch")
text = pattern.sub("if (cast->screencopy_frame_info[WL_SHM].format == DRM_FORMAT_INVALID) {", text)
open(path, "w").write(text)
print("build-patched-xdpw: patched", path)
PY

echo "build-patched-xdpw: building"
meson setup "$work/build" "$src" -Dsd-bus-provider=libsystemd -Dman-pages=disabled \
  >"$work/meson.log" 2>&1 || { cat "$work/meson.log" >&2; exit 1; }
ninja -C "$work/build" >"$work/ninja.log" 2>&1 || { cat "$work/ninja.log" >&2; exit 1; }

$sudo install -d -m 755 "$dest"
$sudo install -m 755 "$work/build/xdg-desktop-portal-wlr" "$binary"
echo "$want_stamp" | $sudo tee "$stamp" >/dev/null
echo "build-patched-xdpw: installed $binary"
