#!/usr/bin/env bash
# The real production window under Xvfb: found by its title, screenshot saved as an
# artifact and checked not blank; a second launch must hand over to the first window.
set -uo pipefail
. "$(dirname "$0")/test-account.sh"
BIN=$(realpath "${1:-build/bin/privacydesk}")
ART=$(realpath -m artifacts); mkdir -p "$ART"
DATA=$(mktemp -d); trap 'rm -rf "$DATA"' EXIT
export PRIVACYDESK_DB="$DATA/pd/privacydesk.db"
# Hermetic: WebKit's caches, storage and settings (and anything else that looks in the
# home folder) live in the temporary folder, not in the account running the test.
export HOME="$DATA/home" XDG_DATA_HOME="$DATA/home/.local/share" XDG_CACHE_HOME="$DATA/home/.cache" \
  XDG_CONFIG_HOME="$DATA/home/.config"
mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME"
pass=0; fail=0
ok()  { echo "ok   $1"; pass=$((pass+1)); }
bad() { echo "FAIL $1"; fail=$((fail+1)); }

cat > "$DATA/inner.sh" <<'INNER'
#!/usr/bin/env bash
BIN=$1; ART=$2; DATA=$3
"$BIN" --db "$PRIVACYDESK_DB" demo >/dev/null 2>"$DATA/demo.err" || { echo "demo failed: $(cat "$DATA/demo.err")"; exit 3; }
"$BIN" >"$DATA/app.log" 2>&1 & pid=$!
for i in $(seq 1 60); do
  xdotool search --onlyvisible --name '^Privacy Desk$' >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { echo "app exited: $(tail -5 "$DATA/app.log")"; exit 4; }
  sleep 0.5
done
xdotool search --onlyvisible --name '^Privacy Desk$' >/dev/null 2>&1 || { echo "no window titled Privacy Desk"; kill $pid; exit 5; }
# Wait for the UI to paint (a loaded machine may take a while): take screenshots until one
# is more than a blank page with a spinner, for up to 40 s.
for i in $(seq 1 40); do
  sleep 1
  import -window root "$ART/window.png"
  sd=$(convert "$ART/window.png" -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
  awk "BEGIN{exit !($sd > 0.02)}" && break
done
echo "painted after ${i}s" > "$DATA/painted"
# A second launch must not open a second window: it hands over and exits (Wails exits
# the second process with status 1 once the first has the message).
timeout 20 "$BIN" >"$DATA/second.log" 2>&1; echo "second_rc=$?" > "$DATA/second.rc"
sleep 1
echo "windows=$(xdotool search --onlyvisible --name '^Privacy Desk$' 2>/dev/null | wc -l)" > "$DATA/windows"
kill -0 $pid 2>/dev/null && echo alive > "$DATA/alive"
kill $pid; wait $pid 2>/dev/null
exit 0
INNER
chmod +x "$DATA/inner.sh"
# Wails hands a second launch over to the first through the session D-Bus, which a
# desktop always has; give the headless X server one too.
run=(xvfb-run -a -s "-screen 0 1280x800x24" "$DATA/inner.sh" "$BIN" "$ART" "$DATA")
command -v dbus-run-session >/dev/null && run=(dbus-run-session -- "${run[@]}")
if "${run[@]}"; then ok "window opens with the title Privacy Desk"; else bad "window opens with the title Privacy Desk"; fi
if [ -f "$ART/window.png" ]; then
  sd=$(convert "$ART/window.png" -format '%[fx:standard_deviation]' info: 2>/dev/null || echo 0)
  if awk "BEGIN{exit !($sd > 0.02)}"; then ok "screenshot is not blank (sd=$sd)"; else bad "screenshot is blank (sd=$sd)"; fi
else bad "screenshot saved"; fi
if grep -qE 'second_rc=(0|1)$' "$DATA/second.rc" 2>/dev/null && grep -q 'windows=1' "$DATA/windows" 2>/dev/null && [ -f "$DATA/alive" ]; then
  ok "a second launch hands over to the first window"
else bad "a second launch hands over to the first window ($(cat "$DATA/second.rc" "$DATA/windows" 2>/dev/null | tr '\n' ' '))"; fi
mode=$(stat -c %a "$PRIVACYDESK_DB" 2>/dev/null); dmode=$(stat -c %a "$(dirname "$PRIVACYDESK_DB")" 2>/dev/null)
if [ "$mode" = 600 ] && [ "$dmode" = 700 ]; then ok "database 0600 in a 0700 folder"; else bad "database mode $mode, folder $dmode"; fi
echo "window: $pass passed, $fail failed"
[ $fail -eq 0 ]
