#!/usr/bin/env bash
# The Windows build (make windows), read on Linux: PE headers and resources of both .exe
# files and the installer (tools/pecheck), and the installer's contents (7-Zip opens NSIS
# installers): the two programs, byte for byte, and an uninstaller.
set -uo pipefail
cd "$(dirname "$0")/.."
WIN_VERSION=${1:?usage: windows-test.sh PRODUCT_VERSION}
B=build/bin
out=$(mktemp -d); trap 'rm -rf "$out"' EXIT
pass=0; fail=0
ok()  { echo "ok   $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; fail=$((fail+1)); }
go build -o "$out/pecheck" ./tools/pecheck || { echo "windows: 0 passed, 1 failed (pecheck does not build)"; exit 1; }
pe() { "$out/pecheck" "$@" | tee -a "$out/pe.log"; }
pe -subsystem gui -icon -dpi -version "$WIN_VERSION" -product "Privacy Desk" $B/privacydesk.exe
pe -subsystem console $B/privacydesk-cli.exe
pe -machine 386 -subsystem gui -asinvoker $B/privacydesk-amd64-installer.exe
pass=$((pass + $(grep -c '^ok ' "$out/pe.log"))); fail=$((fail + $(grep -c '^FAIL ' "$out/pe.log")))
SEVENZ=$(command -v 7zz || command -v 7z)
if [ -z "$SEVENZ" ]; then
  if [ "${CI:-}" = true ]; then bad "7-Zip is needed to read the installer"; else echo "skip the installer's contents: no 7-Zip"; fi
else
  list=$("$SEVENZ" l -ba "$B/privacydesk-amd64-installer.exe" 2>&1)
  grep -q 'uninstall.exe$' <<<"$list" && ok "installer writes an uninstaller" || bad "installer writes an uninstaller"
  grep -q 'MicrosoftEdgeWebview2Setup.exe$' <<<"$list" && ok "installer carries the WebView2 bootstrapper" || bad "installer carries the WebView2 bootstrapper"
  "$SEVENZ" x -y -o"$out/x" "$B/privacydesk-amd64-installer.exe" privacydesk.exe privacydesk-cli.exe >/dev/null 2>&1
  for f in privacydesk.exe privacydesk-cli.exe; do
    cmp -s "$out/x/$f" "$B/$f" && ok "installer installs $f as built" || bad "installer installs $f as built"
  done
fi
# The console program under Wine, where Wine is already installed: version and deadlines
# print to the console. Nothing installs Wine for this (the Makefile says why).
WINE=$(command -v wine || command -v wine64 || true)
if [ -z "$WINE" ]; then
  echo "skip running privacydesk-cli.exe: no Wine on this machine"
else
  export WINEPREFIX="$out/wineprefix" WINEDEBUG=-all
  v=$(timeout 600 "$WINE" "$B/privacydesk-cli.exe" version 2>/dev/null | tr -d '\r')
  grep -Eq '^privacydesk [^ ]+ \(commit [^ ]+, built [^ ]+\)$' <<<"$v" && ok "privacydesk-cli.exe version under Wine: $v" || bad "privacydesk-cli.exe version under Wine printed: $v"
  d=$(timeout 300 "$WINE" "$B/privacydesk-cli.exe" deadlines --regime ccpa --right access --received 2026-03-02 2>/dev/null | tr -d '\r')
  grep -q 'must be acknowledged by 16 March 2026.*answered by 16 April 2026' <<<"$d" && ok "privacydesk-cli.exe deadlines under Wine" || bad "privacydesk-cli.exe deadlines under Wine printed: $d"
fi
echo "windows: $pass passed, $fail failed"
[ $fail -eq 0 ]
