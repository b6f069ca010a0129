#!/usr/bin/env bash
# The window against a blank Wails app: builds a blank app (one HTML page, no bindings)
# with the Wails version go.mod names and the same tags and flags as `make build`, then
# prints, in the one format `make bench` tabulates (.ci/bench-table.sh):
#   ratio binary size / blank Wails app
#   ratio first paint / blank Wails app   time from exec to the first screenshot of the
#                                         window that is not blank, under Xvfb
#   ratio RSS after paint / blank Wails app  VmRSS of the process and its children
#                                         (WebKit's web and network processes), summed
# First paint and RSS: ROUNDS interleaved rounds (a busy moment hits both), the fastest
# paint and the median RSS of each. A screenshot takes some tens of milliseconds on an
# idle machine, which is the resolution of the paint time. Every wait is bounded; a
# benchmark reports, it never fails on time.
# Usage: .ci/blank-wails.sh BIN TAGS   (TAGS as `make build` passes them: desktop,production)
set -uo pipefail
BIN=$(realpath "${1:-build/bin/privacydesk}")
TAGS=${2:-desktop,production}
ROUNDS=${WINDOW_ROUNDS:-3}
SIZE_GOAL=2.5 PAINT_GOAL=1.5 RSS_GOAL=1.5
root=$(git rev-parse --show-toplevel)
cd "$root" || exit 1
. .ci/test-account.sh
# Inside the module, so the blank app builds with the very Wails version go.mod names.
src=$(mktemp -d tools/.blank-wails-XXXX); tmp=$(mktemp -d)
trap 'rm -rf "$src" "$tmp"' EXIT
mkdir -p "$src/dist"
cat > "$src/main.go" <<'GO'
// Command blank is a blank Wails app: the floor the window benchmark compares with.
package main

import (
	"embed"
	"os"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
)

//go:embed all:dist
var assets embed.FS

func main() {
	err := wails.Run(&options.App{Title: "Blank Wails", Width: 1280, Height: 800,
		AssetServer: &assetserver.Options{Assets: assets},
		Linux:       &linux.Options{WebviewGpuPolicy: linux.WebviewGpuPolicyNever}})
	if err != nil {
		println(err.Error())
		os.Exit(1)
	}
}
GO
cat > "$src/dist/index.html" <<'HTML'
<!doctype html>
<html><head><meta charset="utf-8"><title>Blank Wails</title></head>
<body style="margin:0;font:16px sans-serif">
<header style="background:#1c7ed6;color:#fff;padding:16px;font-size:20px">Blank Wails app</header>
<main style="padding:16px"><p>Hello.</p></main>
</body></html>
HTML
BLANK="$tmp/blank"
if ! CGO_ENABLED=1 go build -tags "$TAGS" -ldflags "-w -s" -o "$BLANK" "./$src"; then
  echo "blank-wails: the blank app did not build"; exit 1
fi
verdict() { awk "BEGIN{exit !($1 <= $2)}" && echo ok || echo OVER; }
ours=$(stat -c %s "$BIN"); blank=$(stat -c %s "$BLANK")
r=$(awk "BEGIN{printf \"%.2f\", $ours / $blank}")
echo "window: binary size: privacydesk $((ours / 1024)) KiB, blank Wails app $((blank / 1024)) KiB"
echo "ratio binary size / blank Wails app: ${r}x (goal <= ${SIZE_GOAL}x) $(verdict "$r" "$SIZE_GOAL")"

# One launch under the X server: prints "PAINT_MS RSS_KIB" (or "- -" when the window
# never painted within the bound).
cat > "$tmp/measure.sh" <<'INNER'
#!/usr/bin/env bash
# measure.sh TITLE BIN [ARGS...]
title=$1; shift
tree() { local p; echo "$1"; for p in $(ps -o pid= --ppid "$1" 2>/dev/null); do tree "$p"; done; }
rss() { local sum=0 p k; for p in $(tree "$1"); do
  k=$(awk '/^VmRSS:/{print $2}' "/proc/$p/status" 2>/dev/null); sum=$((sum + ${k:-0})); done; echo $sum; }
t0=$EPOCHREALTIME
"$@" >/dev/null 2>&1 & pid=$!
paint=-
deadline=$(( ${EPOCHREALTIME/./} + 60000000 ))
while (( ${EPOCHREALTIME/./} < deadline )) && kill -0 $pid 2>/dev/null; do
  wid=$(xdotool search --onlyvisible --name "^$title\$" 2>/dev/null | head -n1)
  [ -n "$wid" ] || { sleep 0.02; continue; }
  sd=$(import -window "$wid" png:- 2>/dev/null | convert - -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
  if awk "BEGIN{exit !(${sd:-0} > 0.02)}"; then
    paint=$(awk "BEGIN{printf \"%d\", ($EPOCHREALTIME - $t0) * 1000}"); break
  fi
done
mem=-
if [ "$paint" != - ]; then sleep 2; mem=$(rss $pid); fi
kill $pid 2>/dev/null; for _ in $(seq 1 50); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
kill -9 $pid 2>/dev/null; wait $pid 2>/dev/null
echo "$paint $mem"
INNER
cat > "$tmp/rounds.sh" <<'INNER'
#!/usr/bin/env bash
# rounds.sh N BLANK BIN DATA: N interleaved rounds, one line per launch: "blank|ours PAINT RSS"
n=$1 blank=$2 bin=$3 data=$4; here=$(dirname "$0")
for ((i = 0; i < n; i++)); do
  echo "blank $(timeout 90 "$here/measure.sh" 'Blank Wails' "$blank")"
  # Each round a fresh home (WebKit's caches) and the same demo database.
  rm -rf "$data/home"; mkdir -p "$data/home/.config" "$data/home/.cache" "$data/home/.local/share"
  # The keyring goes with the database: without it the copy opens for nobody.
  rm -f "$data/pd/"*; for x in "" -wal .keys; do [ ! -f "$data/demo.db$x" ] || cp "$data/demo.db$x" "$data/pd/privacydesk.db$x"; done
  echo "ours $(timeout 90 "$here/measure.sh" 'Privacy Desk' "$bin")"
done
INNER
chmod +x "$tmp/measure.sh" "$tmp/rounds.sh"
data="$tmp/data"; mkdir -p "$data/pd"; chmod 700 "$data/pd"
export HOME="$data/home" XDG_DATA_HOME="$data/home/.local/share" XDG_CACHE_HOME="$data/home/.cache" \
  XDG_CONFIG_HOME="$data/home/.config" PRIVACYDESK_DB="$data/pd/privacydesk.db"
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"
if ! timeout 120 "$BIN" --db "$data/demo.db" demo >/dev/null 2>"$tmp/demo.err"; then
  echo "window: the demo database could not be made: $(tail -3 "$tmp/demo.err")"; exit 0
fi
run=(xvfb-run -a -s "-screen 0 1280x800x24" "$tmp/rounds.sh" "$ROUNDS" "$BLANK" "$BIN" "$data")
command -v dbus-run-session >/dev/null && run=(dbus-run-session -- "${run[@]}")
timeout $((ROUNDS * 200 + 30)) "${run[@]}" > "$tmp/rounds.txt" 2>/dev/null
best()   { awk -v w="$1" -v c="$2" '$1 == w && $c != "-" {print $c}' "$tmp/rounds.txt" | sort -n | head -n1; }
median() { awk -v w="$1" -v c="$2" '$1 == w && $c != "-" {print $c}' "$tmp/rounds.txt" | sort -n | awk '{a[NR]=$1} END{if (NR) print a[int((NR+1)/2)]}'; }
bp=$(best blank 2); op=$(best ours 2); bm=$(median blank 3); om=$(median ours 3)
echo "window: first paint (fastest of $ROUNDS): blank Wails app ${bp:-none} ms, privacydesk ${op:-none} ms"
echo "window: RSS after paint with children (median): blank Wails app ${bm:-none} KiB, privacydesk ${om:-none} KiB"
if [ -z "$bp" ] || [ -z "$op" ] || [ -z "$bm" ] || [ -z "$om" ]; then
  echo "window: a window did not paint within 60 s; no paint or RSS ratio (rounds: $(tr '\n' ';' < "$tmp/rounds.txt"))"
  exit 0
fi
r=$(awk "BEGIN{printf \"%.2f\", $op / $bp}")
echo "ratio first paint / blank Wails app: ${r}x (goal <= ${PAINT_GOAL}x) $(verdict "$r" "$PAINT_GOAL")"
r=$(awk "BEGIN{printf \"%.2f\", $om / $bm}")
echo "ratio RSS after paint / blank Wails app: ${r}x (goal <= ${RSS_GOAL}x) $(verdict "$r" "$RSS_GOAL")"
