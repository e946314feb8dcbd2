#!/usr/bin/env bash
# Runs check-layers.sh on tiny fake trees: an allowed tree passes, and each offending include fails
# with exit 1 and its "file:line: <dir> must not include <header>" line.
# Usage: check_layers_selftest.sh path/to/check-layers.sh
set -u
check=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# A fresh tree under $work/<n> holding `file` whose second line includes `header`.
tree_with() { # name file header
    local dir=$work/$1
    mkdir -p "$dir/$(dirname "$2")"
    printf '#pragma once\n#include "%s"\n' "$3" >"$dir/$2"
    echo "$dir"
}

expect() { # status expected_output name file header
    local want_status=$1 want_out=$2 name=$3 dir out status
    dir=$(tree_with "$name" "$4" "$5")
    out=$(bash "$check" "$dir" 2>/dev/null)
    status=$?
    if [[ $status != "$want_status" || ($want_status == 1 && $out != "$want_out") ]]; then
        echo "FAIL $name: exit $status (want $want_status), output: $out"
        failures=$((failures + 1))
    fi
}

violation() { # name file header dir
    expect 1 "$2:2: $4 must not include $3" "$1" "$2" "$3"
}

expect 0 "" allowed_family upload/s3/s3_client.h upload/transport/http.h
expect 0 "" allowed_root upload/chat/webhook_destination.cpp upload/destination_factory.h
expect 0 "" allowed_gui_main app/cli/main.cpp app/gui/gui_main.h
expect 0 "" allowed_capture_public encode/recorder.h capture/source_spec.h
violation common_up common/error.h upload/config.h common
violation transport_up upload/transport/http.h upload/config.h upload/transport
violation library_family upload/library/upload_queue.cpp upload/s3/s3_destination.h upload/library
violation desktop_family upload/desktop/clipboard.cpp upload/chat/chat_message.h upload/desktop
violation family_family upload/sxcu/sxcu_destination.cpp upload/chat/chat_message.h upload/sxcu
violation upload_encode upload/probe.cpp encode/media_reader.h upload
violation capture_private encode/mp4_writer.cpp capture/input_source.h encode
violation capture_up capture/device_list.cpp encode/recorder.h capture
violation cli_gui app/cli/record_command.cpp app/gui/app_controller.h app/cli
violation gui_cli app/gui/main_window.cpp app/cli/commands.h app/gui
violation launcher_heavy app/launcher/launcher_main.cpp app/gui/remote_control.h app/launcher
violation remote_up app/remote/remote_client.cpp capture/source_spec.h app/remote
expect 0 "" allowed_launcher app/launcher/launcher_main.cpp app/remote/remote_client.h

# No project folder at all is a usage error, not a pass.
mkdir -p "$work/empty"
bash "$check" "$work/empty" >/dev/null 2>&1
[[ $? == 2 ]] || { echo "FAIL empty tree: want exit 2"; failures=$((failures + 1)); }

if ((failures > 0)); then
    echo "$failures case(s) failed"
    exit 1
fi
echo "check-layers self-test: all cases behave"
