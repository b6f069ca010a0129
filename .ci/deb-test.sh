#!/usr/bin/env bash
# Installs the .deb with apt-get (which resolves its dependencies), checks what it put
# where, runs the installed privacydesk-cli and the window test against
# /usr/bin/privacydesk, then removes the package again.
set -uo pipefail
DEB=${1:?usage: deb-test.sh PACKAGE.deb VERSION}; VERSION=${2:?usage: deb-test.sh PACKAGE.deb VERSION}
cd "$(dirname "$0")/.."
. .ci/test-account.sh
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
pass=0; fail=0
ok()  { echo "ok   $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; fail=$((fail+1)); }
[ -f "$DEB" ] || { echo "deb: $DEB is missing (make deb)"; echo "deb: 0 passed, 1 failed"; exit 1; }

[ "$(dpkg-deb -f "$DEB" Version)" = "$VERSION" ] && ok "version $VERSION" || bad "version: $(dpkg-deb -f "$DEB" Version), want $VERSION"
deps=$(dpkg-deb -f "$DEB" Depends)
for lib in libc6 libgtk-3-0 'libwebkit2gtk-4\.[01]-(37|0)'; do
  name=${lib%%\\*}
  grep -qE "(^|, )$lib( |,|$)" <<<"$deps" && ok "depends on $name" || bad "depends on $name: Depends: $deps"
done
files=$(dpkg-deb -c "$DEB" | awk '{print $1, $2, $6}')
for f in usr/bin/privacydesk usr/bin/privacydesk-cli usr/share/applications/privacydesk.desktop \
  usr/share/icons/hicolor/48x48/apps/privacydesk.png usr/share/icons/hicolor/128x128/apps/privacydesk.png \
  usr/share/icons/hicolor/256x256/apps/privacydesk.png usr/share/doc/privacydesk/copyright \
  usr/share/doc/privacydesk/changelog.Debian.gz usr/share/doc/privacydesk/changelog.gz; do
  grep -q " \./$f$" <<<"$files" && ok "contains /$f" || bad "contains /$f"
done
if grep -E ' \./usr/' <<<"$files" | grep -vqE '^(-rwxr-xr-x|-rw-r--r--|drwxr-xr-x) root/root '; then
  bad "modes and owners: $(grep -E ' \./usr/' <<<"$files" | grep -vE '^(-rwxr-xr-x|-rw-r--r--|drwxr-xr-x) root/root ' | head -3)"
else ok "every file root-owned, 0755 or 0644"; fi

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$DEB" "$tmp/x"
for s in 48 128 256; do
  got=$(identify -format '%wx%h' "$tmp/x/usr/share/icons/hicolor/${s}x${s}/apps/privacydesk.png" 2>/dev/null)
  [ "$got" = "${s}x${s}" ] && ok "icon ${s}x${s}" || bad "icon ${s}x${s} is $got"
done
if command -v desktop-file-validate >/dev/null; then
  desktop-file-validate "$tmp/x/usr/share/applications/privacydesk.desktop" && ok "desktop entry valid" || bad "desktop entry valid"
fi

# Install: a local file must start with ./ or / for apt-get to take it as one.
if DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --allow-downgrades "$(realpath "$DEB")" >"$tmp/apt.log" 2>&1; then
  ok "apt-get install $(basename "$DEB")"
else bad "apt-get install: $(tail -5 "$tmp/apt.log")"; fi
[ "$(dpkg-query -W -f '${Version}' privacydesk 2>/dev/null)" = "$VERSION" ] && ok "dpkg lists privacydesk $VERSION" || bad "dpkg lists privacydesk $VERSION"
out=$(/usr/bin/privacydesk-cli version 2>&1)
[[ "$out" == "privacydesk $VERSION (commit "*", built "*")" ]] && ok "privacydesk-cli version: $out" || bad "privacydesk-cli version: $out"
if ldd /usr/bin/privacydesk-cli | grep -qiE 'gtk|webkit'; then bad "privacydesk-cli links GTK or WebKit"; else ok "privacydesk-cli links no GTK or WebKit"; fi
db=$tmp/cli/pd.db
if /usr/bin/privacydesk-cli --db "$db" demo >/dev/null 2>"$tmp/demo.err" && /usr/bin/privacydesk-cli --db "$db" audit verify >/dev/null 2>>"$tmp/demo.err"; then
  ok "privacydesk-cli demo and audit verify"
else bad "privacydesk-cli demo and audit verify: $(cat "$tmp/demo.err")"; fi
out=$(/usr/bin/privacydesk version 2>&1)
[[ "$out" == "privacydesk $VERSION "* ]] && ok "privacydesk version (the window binary's commands)" || bad "privacydesk version: $out"
if bash .ci/window.sh /usr/bin/privacydesk; then ok "window test against /usr/bin/privacydesk"; else bad "window test against /usr/bin/privacydesk"; fi

if DEBIAN_FRONTEND=noninteractive $SUDO apt-get remove -y -qq privacydesk >"$tmp/rm.log" 2>&1 && [ ! -e /usr/bin/privacydesk ]; then
  ok "apt-get remove privacydesk"
else bad "apt-get remove: $(tail -3 "$tmp/rm.log")"; fi
echo "deb: $pass passed, $fail failed"
[ $fail -eq 0 ]
