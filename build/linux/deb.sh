#!/usr/bin/env bash
# Builds build/bin/privacydesk_VERSION_ARCH.deb with dpkg-deb from the two binaries
# already built (make build): /usr/bin/privacydesk (the window) and
# /usr/bin/privacydesk-cli, the desktop entry, the icon at 48, 128 and 256 pixels, the
# copyright file, the Debian changelog and the project's CHANGELOG.md. The dependencies
# are what dpkg-shlibdeps finds the binaries linked against.
# Usage: build/linux/deb.sh VERSION [MAINTAINER]
set -euo pipefail
cd "$(dirname "$0")/../.."
VERSION=${1:?usage: deb.sh VERSION [MAINTAINER]}
MAINTAINER=${2:-Privacy Desk developers <maintainers@privacydesk.invalid>}
dpkg --validate-version "$VERSION" || { echo "deb: $VERSION is not a valid Debian version"; exit 1; }
ARCH=$(dpkg --print-architecture)
BIN=build/bin/privacydesk CLI=build/bin/privacydesk-cli
for f in "$BIN" "$CLI"; do [ -x "$f" ] || { echo "deb: $f is missing: run make build"; exit 1; }; done
OUT=build/bin/privacydesk_${VERSION}_${ARCH}.deb
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
root=$work/root
install -d -m 0755 "$root/DEBIAN" "$root/usr/bin" "$root/usr/share/applications" "$root/usr/share/doc/privacydesk"
install -m 0755 "$BIN" "$CLI" "$root/usr/bin/"
install -m 0644 build/linux/privacydesk.desktop "$root/usr/share/applications/"
for s in 48 128 256; do
  d=$root/usr/share/icons/hicolor/${s}x${s}/apps
  install -d -m 0755 "$d"
  convert build/appicon.png -resize "${s}x${s}" -strip "PNG32:$d/privacydesk.png"
  chmod 0644 "$d/privacydesk.png"
done

# The machine-readable copyright file: the code (MIT) and the fonts the letters embed.
indent() { sed -e 's/^[[:space:]]*$/./' -e 's/^/ /'; }
{
  echo "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
  echo "Upstream-Name: Privacy Desk"
  echo "Comment: The binaries also contain the Go modules listed in go.mod, each under its"
  echo " own licence (MIT, BSD-3-Clause or Apache-2.0)."
  echo
  echo "Files: *"
  echo "Copyright: 2026 the Privacy Desk developers"
  echo "License: MIT"
  echo
  echo "Files: backend/letters/fonts/DejaVuSans.ttf.gz backend/letters/fonts/DejaVuSans-Bold.ttf.gz"
  echo "Copyright: 2003 Bitstream, Inc.; DejaVu changes are in the public domain"
  echo "License: Bitstream-Vera"
  echo
  echo "Files: backend/letters/fonts/DroidSansFallbackFull.ttf.gz"
  echo "Copyright: 2006-2010 Google Corp."
  echo "License: Apache-2.0"
  echo
  echo "License: MIT"
  sed 1,3d LICENSE | indent
  echo
  echo "License: Bitstream-Vera"
  indent < backend/letters/fonts/LICENSE-DejaVu.txt
  echo
  echo "License: Apache-2.0"
  echo " On Debian systems, the full text of the Apache License 2.0 is in"
  echo " /usr/share/common-licenses/Apache-2.0."
} > "$root/usr/share/doc/privacydesk/copyright"
chmod 0644 "$root/usr/share/doc/privacydesk/copyright"

# The Debian changelog: one entry for this version, dated by its commit.
date=$(git log -1 --format=%cD HEAD 2>/dev/null || date -R)
{
  echo "privacydesk ($VERSION) unstable; urgency=medium"
  echo
  echo "  * Built from commit $(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown);"
  echo "    see /usr/share/doc/privacydesk/changelog.gz for what changed."
  echo
  echo " -- $MAINTAINER  $date"
} | gzip -9n > "$root/usr/share/doc/privacydesk/changelog.Debian.gz"
[ -f CHANGELOG.md ] && gzip -9n < CHANGELOG.md > "$root/usr/share/doc/privacydesk/changelog.gz"
chmod 0644 "$root"/usr/share/doc/privacydesk/*

# Dependencies from the libraries the binaries link (dpkg-shlibdeps wants debian/control).
mkdir -p "$work/src/debian"
printf 'Source: privacydesk\n\nPackage: privacydesk\nArchitecture: any\n' > "$work/src/debian/control"
depends=$(cd "$work/src" && dpkg-shlibdeps -O "$root/usr/bin/privacydesk" "$root/usr/bin/privacydesk-cli" 2>"$work/shlibdeps.err" |
  sed -n 's/^shlibs:Depends=//p') || { cat "$work/shlibdeps.err"; exit 1; }
[ -n "$depends" ] || { echo "deb: dpkg-shlibdeps found no dependencies"; cat "$work/shlibdeps.err"; exit 1; }

size=$(du -sk --exclude=DEBIAN "$root" | cut -f1)
cat > "$root/DEBIAN/control" <<CONTROL
Package: privacydesk
Version: $VERSION
Architecture: $ARCH
Maintainer: $MAINTAINER
Installed-Size: $size
Depends: $depends
Section: utils
Priority: optional
Description: privacy and patient-rights requests for a small health practice
 Privacy Desk logs every privacy and patient-rights request (CCPA and the other
 US state privacy laws, GDPR, UK GDPR, HIPAA), computes each right's statutory
 deadline with its citation, keeps the vendor register with Business Associate
 Agreements, writes the letters and exports what an auditor may ask for. It
 works offline; the data stays in one SQLite file on the computer.
 .
 privacydesk opens the window; privacydesk-cli runs the same commands without
 it, for scheduled tasks and scripts.
CONTROL
dpkg-deb --root-owner-group -Zxz --build "$root" "$OUT" >/dev/null
echo "$OUT"
