#!/usr/bin/env bash
# Usage: check_launcher_libraries.sh LAUNCHER MAIN_PROGRAM
# Fails when the launcher needs any shared library beyond libc, libm, libgcc_s and libstdc++, or
# when the comparison is void (the main program must need many more: it is the heavy one).
set -u
needed() { readelf -d "$1" | sed -nE 's/.*\(NEEDED\).*\[(.*)\]/\1/p'; }
launcher=$(needed "$1") || exit 1
extra=$(echo "$launcher" | grep -vE '^(libc|libm|libgcc_s|libstdc\+\+)\.so' || true)
if [[ -n $extra ]]; then
    echo "the launcher $1 needs libraries it must not: $(echo $extra)"
    exit 1
fi
main_count=$(needed "$2" | wc -l)
if ((main_count < 10)); then
    echo "the main program $2 needs only $main_count libraries: is it the full program?"
    exit 1
fi
echo "launcher needs: $(echo $launcher); the main program needs $main_count libraries directly"
