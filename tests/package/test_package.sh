#!/usr/bin/env bash
# The Debian package (scripts/package.sh, packaging/): built from this build tree, then checked as a
# user's system and Debian's tools see it. dpkg-deb lists the files a desktop needs; the package
# unpacked into a temporary root runs (--version, --help) from there; lintian finds no errors;
# appstreamcli validates the metainfo; man renders a page that covers every subcommand; the bash,
# fish and zsh completions complete.
#
# Usage: tests/package/test_package.sh BUILD_DIR   (ctest runs it)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=$(cd "$1" && pwd)
work=$(mktemp -d /tmp/clipnote-package-XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

deb=$(bash "$root/packaging/make-deb.sh" "$build" "$work/dist")
version=$("$build/clipnote" --version | awk '{ print $2 }')
[ "$(basename "$deb")" = "clipnote_${version}_$(dpkg --print-architecture).deb" ] || fail "package named $(basename "$deb")"
echo "package: $(basename "$deb"), $(stat -c %s "$deb") bytes"

contents=$(dpkg-deb -c "$deb")
for path in usr/bin/clipnote usr/libexec/clipnote/clipnote-main usr/libexec/clipnote/clipnote-clipboard \
  usr/share/applications/clipnote.desktop usr/share/metainfo/org.clipnote.clipnote.metainfo.xml \
  usr/share/icons/hicolor/scalable/apps/clipnote.svg usr/share/icons/hicolor/48x48/apps/clipnote.png \
  usr/share/icons/hicolor/256x256/apps/clipnote.png usr/share/man/man1/clipnote.1.gz \
  usr/share/bash-completion/completions/clipnote usr/share/fish/vendor_completions.d/clipnote.fish \
  usr/share/zsh/vendor-completions/_clipnote \
  usr/share/doc/clipnote/copyright usr/share/doc/clipnote/changelog.gz; do
  grep -q " \./$path\$" <<<"$contents" || fail "the package has no /$path"
done
grep -q "tests\|\.a\$\|/include/" <<<"$(awk '{ print $6 }' <<<"$contents")" && fail "the package holds build or test files"
depends=$(dpkg-deb -f "$deb" Depends)
for lib in libavcodec59 libcurl4 libsdl2 libx11-6 libsqlite3-0; do
  grep -q "$lib" <<<"$depends" || fail "Depends (from dpkg-shlibdeps) lacks $lib: $depends"
done

# Unpacked, the launcher finds its program in ../libexec/clipnote and runs.
dpkg-deb -x "$deb" "$work/root"
[ "$("$work/root/usr/bin/clipnote" --version)" = "clipnote $version" ] || fail "the unpacked clipnote --version"
"$work/root/usr/bin/clipnote" --help | grep -q "^  record " || fail "the unpacked clipnote --help lists no record"
readelf -S "$work/root/usr/libexec/clipnote/clipnote-main" | grep -q '\.debug_info' && fail "clipnote-main is not stripped"

lint=$(lintian --fail-on error,warning --tag-display-limit 0 "$deb" 2>&1) || { echo "$lint" >&2; fail "lintian reports errors"; }
echo "lintian: $(grep -c '^E:' <<<"$lint" || true) errors, $(grep -c '^W:' <<<"$lint" || true) warnings"
appstreamcli validate --no-net "$work/root/usr/share/metainfo/org.clipnote.clipnote.metainfo.xml" >"$work/appstream.log" 2>&1 ||
  { cat "$work/appstream.log" >&2; fail "appstreamcli validate"; }

# The man page renders without warnings and covers every subcommand the program has.
page=$(MANWIDTH=100 man --warnings -l "$work/root/usr/share/man/man1/clipnote.1.gz" 2>"$work/man.err")
[ -s "$work/man.err" ] && { cat "$work/man.err" >&2; fail "man warns about the page"; }
commands=$("$build/clipnote" --help | awk '/^Subcommands:/ { on = 1; next } on && /^  [a-z]/ { print $1 }')
[ -n "$commands" ] || fail "no subcommands in --help"
for cmd in $commands; do
  grep -q "^   clipnote $cmd\$" <<<"$page" || fail "the man page has no section for clipnote $cmd"
done
grep -q -- "--monitor" <<<"$page" || fail "the man page lacks record's --monitor"

# The completion completes commands and a command's options.
completion=$work/root/usr/share/bash-completion/completions/clipnote
got=$(bash -c 'source "$1"; COMP_WORDS=(clipnote hist); COMP_CWORD=1; _clipnote; echo "${COMPREPLY[*]}"' _ "$completion")
[ "$got" = "history" ] || fail "completing 'clipnote hist' gave '$got'"
got=$(bash -c 'source "$1"; COMP_WORDS=(clipnote record --moni); COMP_CWORD=2; _clipnote; echo "${COMPREPLY[*]}"' _ "$completion")
[ "$got" = "--monitor" ] || fail "completing 'clipnote record --moni' gave '$got'"
fish_completion=$work/root/usr/share/fish/vendor_completions.d/clipnote.fish
got=$(fish -c 'source $argv[1]; complete -C "clipnote hist"' "$fish_completion")
[ "$got" = "history" ] || fail "fish: completing 'clipnote hist' gave '$got'"
got=$(fish -c 'source $argv[1]; complete -C "clipnote record --moni"' "$fish_completion")
[ "$got" = "--monitor" ] || fail "fish: completing 'clipnote record --moni' gave '$got'"
# zsh completes in its line editor only: a zsh on a pseudo-terminal is sent the keys.
zsh_dir=$work/root/usr/share/zsh/vendor-completions
got=$(zsh -f "$root/tests/package/zsh_complete.zsh" "$zsh_dir" "clipnote hist")
[ "$got" = "clipnote history " ] || fail "zsh: completing 'clipnote hist' gave '$got'"
got=$(zsh -f "$root/tests/package/zsh_complete.zsh" "$zsh_dir" "clipnote record --moni")
[ "$got" = "clipnote record --monitor " ] || fail "zsh: completing 'clipnote record --moni' gave '$got'"
echo "package: ok"
