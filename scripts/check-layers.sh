#!/usr/bin/env bash
# Checks the layering of clipnote's folders by their `#include "…"` lines, so a shortcut across
# layers fails the build's tests instead of growing quietly. Needs only bash, grep and sed.
#
# Usage: scripts/check-layers.sh [ROOT]   (ROOT: the source tree, default: this script's parent)
# Exit status: 0 when every include is allowed, 1 on a violation (each printed as
# "file:line: <dir> must not include <header>"), 2 when ROOT holds none of the checked folders.
#
# The rules (a folder may always include its own headers):
#   common/            common/ only: the shared vocabulary depends on nothing.
#   capture/           common/, capture/.
#   encode/            common/, encode/, and capture's public headers (kCapturePublic below).
#                      capture/input_source.h (the libav backend) is private to capture/.
#   upload/            common/, upload/; never capture/ or encode/. Headers at the root of upload/
#                      (destination.h, config.h, destination_factory.h, …) are fine for all of upload/.
#     upload/transport/  upload/transport/ and common/ only: it is the bottom of the upload stage.
#     upload/library/, upload/desktop/
#                        no destination family (kFamilies): they talk to Destination only.
#     a family folder    no other family's folder.
#   app/remote/        common/, app/remote/: the socket client the launcher shares with the app.
#   app/launcher/      common/, app/remote/: the `clipnote` launcher loads no media or GUI library.
#   app/cli/, app/gui/ everything except each other; app/cli may include the app/gui headers it
#                      needs (kCliFromGui).
# Only includes that name a project folder (kProjectDirs) are checked; the tree spells every
# include from the root ("upload/config.h"), never relative to the including file.
set -u

root=${1:-"$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"}
cd "$root" 2>/dev/null || {
    echo "check-layers: cannot enter $root" >&2
    exit 2
}

kLayers=(common capture encode upload app)
kProjectDirs="common|capture|encode|upload|app|tests|bench"
kFamilies="s3|webdav|local|sxcu|chat"
kCapturePublic=(capture/capture_source.h capture/capture_queue.h capture/source_spec.h capture/x11_display.h
    capture/device_list.h)
# The CLI starts the app (gui_main.h); `clipnote hotkeys` reads the app's chords (app_settings.h)
# and spells them for the desktop's own settings (desktop_shortcuts.h).
kCliFromGui=(app/gui/gui_main.h app/gui/app_settings.h app/gui/hotkeys/desktop_shortcuts.h)
# Known exceptions, "file:header" (none today; each one added needs a reason beside it).
kExceptions=()

in_list() { # needle list…
    local needle=$1 item
    shift
    for item in "$@"; do [[ $item == "$needle" ]] && return 0; done
    return 1
}

# The destination family an upload/ path belongs to ("s3", "chat", …), or nothing.
family_of() {
    if [[ $1 =~ ^upload/($kFamilies)/ ]]; then echo "${BASH_REMATCH[1]}"; fi
}

# True when `file` may include `header`.
allowed() {
    local file=$1 header=$2
    in_list "$file:$header" "${kExceptions[@]}" && return 0
    [[ $header == capture/input_source.h && $file != capture/* ]] && return 1
    case $file in
    common/*) [[ $header == common/* ]] ;;
    capture/*) [[ $header == common/* || $header == capture/* ]] ;;
    encode/*) [[ $header == common/* || $header == encode/* ]] || in_list "$header" "${kCapturePublic[@]}" ;;
    upload/transport/*) [[ $header == common/* || $header == upload/transport/* ]] ;;
    upload/*)
        [[ $header == common/* || $header == upload/* ]] || return 1
        local to from
        to=$(family_of "$header")
        [[ -z $to ]] && return 0
        [[ $file == upload/library/* || $file == upload/desktop/* ]] && return 1
        from=$(family_of "$file")
        [[ -z $from || $from == "$to" ]]
        ;;
    app/remote/*) [[ $header == common/* || $header == app/remote/* ]] ;;
    app/launcher/*) [[ $header == common/* || $header == app/remote/* ]] ;;
    app/cli/*) [[ $header != app/gui/* ]] || in_list "$header" "${kCliFromGui[@]}" ;;
    app/gui/*) [[ $header != app/cli/* ]] ;;
    *) return 0 ;;
    esac
}

dirs=()
for d in "${kLayers[@]}"; do [[ -d $d ]] && dirs+=("$d"); done
if ((${#dirs[@]} == 0)); then
    echo "check-layers: $root has none of ${kLayers[*]}" >&2
    exit 2
fi

violations=0
checked=0
# "file:line:header" for every quoted include of a project header.
while IFS=: read -r file line header; do
    [[ $header =~ ^($kProjectDirs)/ ]] || continue
    checked=$((checked + 1))
    if ! allowed "$file" "$header"; then
        echo "$file:$line: ${file%/*} must not include $header"
        violations=$((violations + 1))
    fi
done < <(find "${dirs[@]}" -type f \( -name '*.h' -o -name '*.cpp' \) -print0 | sort -z |
    xargs -0 -r grep -nE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"' /dev/null |
    sed -E 's/^([^:]*):([0-9]+):[[:space:]]*#[[:space:]]*include[[:space:]]*"([^"]*)".*/\1:\2:\3/')

if ((violations > 0)); then
    echo "check-layers: $violations include(s) break the layering (rules: scripts/check-layers.sh)" >&2
    exit 1
fi
echo "check-layers: $checked includes checked, layering OK"
