#!/usr/bin/env bash
# build/version.sh in a scratch repository: no tag, on a tag, after a tag, a release
# candidate and a dirty tree each give a valid Debian version that sorts where it should.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0; fail=0
check() { if [ "$2" = "$3" ] || [[ "$3" =~ ^$2$ ]]; then echo "ok   $1: $3"; pass=$((pass+1)); else echo "FAIL $1: got '$3', want '$2'"; fail=$((fail+1)); fi; }
valid() { dpkg --validate-version "$1" 2>/dev/null; }
cd "$tmp" && git init -q && git config user.email t@example.invalid && git config user.name t
mkdir build && cp "$ROOT/build/version.sh" build/ && printf '{\n  "info": {\n    "productVersion": "0.2.0"\n  }\n}\n' > wails.json
git add -A && GIT_COMMITTER_DATE='2026-12-06T23:30:00-11:00' git commit -qm one
v=$(build/version.sh); sha=$(git rev-parse --short=7 HEAD)
check "no tag (commit date in UTC)" "0.2.0~git20261207.$sha" "$v"
git tag v0.2.0
check "on v0.2.0" "0.2.0" "$(build/version.sh)"
dpkg --compare-versions "$v" lt 0.2.0 && check "untagged sorts before the release" x x || check "untagged sorts before the release" "$v < 0.2.0" no
echo change >> wails.json
check "dirty on a tag" "0\.2\.0\+git[0-9]{8}\.$sha\.dirty" "$(build/version.sh)"
git commit -qam two; sha=$(git rev-parse --short=7 HEAD); after=$(build/version.sh)
check "after v0.2.0" "0\.2\.0\+git[0-9]{8}\.$sha" "$after"
dpkg --compare-versions "$after" gt 0.2.0 && check "after the tag sorts after the release" x x || check "after the tag sorts after the release" "$after > 0.2.0" no
sleep 1; touch wails.json   # the build touches files without changing them
check "a touched, unchanged file is not dirty" "0\.2\.0\+git[0-9]{8}\.$sha" "$(build/version.sh)"
git tag v0.3.0-rc1
check "release candidate" "0.3.0~rc1" "$(build/version.sh)"
dpkg --compare-versions 0.3.0~rc1 lt 0.3.0 && check "rc sorts before the release" x x || check "rc sorts before the release" "< 0.3.0" no
for x in "$v" "$after" 0.3.0~rc1; do if valid "$x"; then check "valid Debian version" "$x" "$x"; else check "valid Debian version" "valid" "$x"; fi; done
echo "version: $pass passed, $fail failed"
[ $fail -eq 0 ]
