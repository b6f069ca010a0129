#!/usr/bin/env bash
# Prints Privacy Desk's version from git, always a valid Debian version:
#   on a tag v0.2.0                       0.2.0
#   commits after the tag v0.2.0          0.2.0+git20261207.1a2b3c4   (sorts after 0.2.0)
#   on a tag v0.3.0-rc1                   0.3.0~rc1                   (sorts before 0.3.0)
#   no tag yet                            0.2.0~git20261207.1a2b3c4   (sorts before 0.2.0;
#                                         0.2.0 is wails.json's productVersion, the coming release)
# The date is the commit's (UTC); ".dirty" is added when the work tree has changes.
set -euo pipefail
cd "$(dirname "$0")/.."
next=$(sed -n 's/.*"productVersion": *"\([^"]*\)".*/\1/p' wails.json)
sha=$(git rev-parse --short=7 HEAD)
day=$(TZ=UTC git log -1 --date=format-local:%Y%m%d --format=%cd HEAD)
dirty=""
# Refresh the index first: a file only touched (the build touches frontend/dist/.gitkeep)
# has a new mtime but the same content, which diff-index alone reports as a change.
git update-index -q --refresh >/dev/null 2>&1 || true
git diff-index --quiet HEAD -- 2>/dev/null || dirty=".dirty"
if tag=$(git describe --tags --abbrev=0 --match 'v[0-9]*' HEAD 2>/dev/null); then
  base=${tag#v}
  base=${base//-/\~}   # v0.3.0-rc1 is 0.3.0~rc1, before 0.3.0
  if [ "$(git rev-list -n1 "$tag")" = "$(git rev-parse HEAD)" ] && [ -z "$dirty" ]; then
    echo "$base"
  else
    echo "${base}+git${day}.${sha}${dirty}"
  fi
else
  echo "${next:-0.0.0}~git${day}.${sha}${dirty}"
fi
