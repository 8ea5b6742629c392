#!/usr/bin/env bash
# Prepares a Wine prefix for running daocha.exe and its tests: `wineboot --init`, then — on Wine
# older than 8.13, which lacks bcryptprimitives.dll (ProcessPrng, used by Rust's std; every
# Windows 10 and 11 has it) — the test-only shim in tools/wine-shim/ compiled into the prefix.
# The shim is for testing under Wine only; it is never shipped.
#   WINEPREFIX=DIR tools/wine-prefix.sh      (default: target/wine-prefix)
set -euo pipefail
cd "$(dirname "$0")/.."
export WINEPREFIX=${WINEPREFIX:-$PWD/target/wine-prefix} WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
mkdir -p "$WINEPREFIX"
[ -f "$WINEPREFIX/system.reg" ] || wine wineboot --init >/dev/null 2>&1
# Report Windows 10 (a new Wine 8 prefix says Windows 7): the installer refuses anything older.
wine reg add 'HKCU\Software\Wine' /v Version /d win10 /f >/dev/null 2>&1
dll=$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll
version=$(wine --version | sed 's/^wine-//; s/[^0-9.].*//')
if [ ! -f "$dll" ] && printf '%s\n8.13\n' "$version" | sort -V -C; then
  x86_64-w64-mingw32-gcc -shared -O2 -o "$dll" tools/wine-shim/bcryptprimitives.c tools/wine-shim/bcryptprimitives.def -lbcrypt
  echo "wine $version: test shim bcryptprimitives.dll compiled into $WINEPREFIX"
fi
echo "$WINEPREFIX"
