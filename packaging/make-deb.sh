#!/usr/bin/env bash
# Makes clipnote_<version>_<arch>.deb from a build tree that is built already: generates what
# comes from the built program (packaging/generate-docs.sh), the PNG icons and the doc files into
# BUILD_DIR/package-assets, then lets CPack (packaging/packaging.cmake) install and pack it all.
# Prints the package's path.
#
# Usage: packaging/make-deb.sh BUILD_DIR OUT_DIR
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "$1" && pwd)
mkdir -p "$2"
out=$(cd "$2" && pwd)
assets=$build/package-assets
rm -rf "$assets"
mkdir -p "$assets/share/man/man1" "$assets/share/bash-completion/completions" "$assets/share/fish/vendor_completions.d" \
  "$assets/share/zsh/vendor-completions" "$assets/share/doc/clipnote"

bash "$root/packaging/generate-docs.sh" "$build/clipnote" "$assets/generated"
gzip -9n <"$assets/generated/clipnote.1" >"$assets/share/man/man1/clipnote.1.gz"
install -m 644 "$assets/generated/clipnote.bash-completion" "$assets/share/bash-completion/completions/clipnote"
install -m 644 "$assets/generated/clipnote.fish" "$assets/share/fish/vendor_completions.d/clipnote.fish"
install -m 644 "$assets/generated/_clipnote" "$assets/share/zsh/vendor-completions/_clipnote"
rm -rf "$assets/generated"

for size in 16 24 32 48 64 128 256; do
  mkdir -p "$assets/share/icons/hicolor/${size}x$size/apps"
  rsvg-convert -w "$size" -h "$size" "$root/assets/clipnote.svg" -o "$assets/share/icons/hicolor/${size}x$size/apps/clipnote.png"
done

version=$("$build/clipnote" --version | awk '{ print $2 }')
install -m 644 "$root/packaging/copyright" "$assets/share/doc/clipnote/copyright"
# A native package's changelog, in Debian's format, from the metainfo's release notes.
{
  echo "clipnote ($version) unstable; urgency=medium"
  echo
  echo "  * Release $version: see /usr/share/metainfo/org.clipnote.clipnote.metainfo.xml."
  echo
  echo " -- The clipnote developers <clipnote@users.noreply.github.com>  $(date -u -R -d @"${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}")"
} | gzip -9n >"$assets/share/doc/clipnote/changelog.gz"
find "$assets" -type d -exec chmod 755 {} + && find "$assets" -type f -exec chmod 644 {} +

(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log" >&2; exit 1; }
rm -rf "$out/_CPack_Packages"
ls "$out"/clipnote_"$version"_*.deb
