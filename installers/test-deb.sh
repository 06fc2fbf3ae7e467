#!/usr/bin/env bash
# Installs the .deb that `./lathe package-app` built, fills a demo workspace with the installed runner (its
# bundled PyTorch engine, offline), starts the installed app on it under Xvfb with the AOT cache required,
# takes a screenshot, checks the window drew, and removes the package again.
#
#   installers/test-deb.sh [--keep-shot FILE]
#
# Needs root (dpkg) and the packages named by .ci/setup-installers.sh. Builds the .deb first when
# installers/target has none. Exits 0 when every check passed; skips (exit 0 with a message) where it
# cannot run, except under CI=true, where that is a failure.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/installers/target"
say() { printf 'test-deb: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }
skip() { if [ "${CI:-}" = true ]; then fail "$*"; fi; say "skipped: $*"; exit 0; }

shot_copy=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keep-shot) shot_copy="$2"; shift ;;
    *) say "unknown option '$1'"; exit 2 ;;
  esac
  shift
done

[ "$(id -u)" = 0 ] || skip "installing a .deb needs root"
for tool in dpkg apt-get Xvfb import convert; do
  command -v "$tool" >/dev/null 2>&1 || skip "$tool is missing (Debian: apt-get install xvfb imagemagick)"
done
installed() { [ "$(dpkg-query -W -f='${Status}' lathe 2>/dev/null)" = "install ok installed" ]; }
if installed; then
  fail "a lathe package is installed already; remove it first (apt-get remove lathe) so this test cannot replace it"
fi

start="$(date +%s)"
deb="$(ls "$OUT"/lathe_*.deb 2>/dev/null | head -1 || true)"
if [ -z "$deb" ]; then
  say "no .deb in $OUT: building it"
  if [ -f "$ROOT/app/target/lathe-app.jar" ] && [ -f "$ROOT/local-runner/target/lathe-local-runner.jar" ]; then
    "$ROOT/installers/build.sh" --type deb
  else
    "$ROOT/lathe" package-app --type deb
  fi
  deb="$(ls "$OUT"/lathe_*.deb | head -1)"
fi
say "package: $deb ($(du -h "$deb" | cut -f1))"

tmp="$(mktemp -d)"
xvfb_pid=""; app_pid=""
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null || true
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null || true
  if dpkg-query -W lathe >/dev/null 2>&1; then
    apt-get purge -y -q lathe >/dev/null 2>&1 || dpkg --purge lathe >/dev/null 2>&1 || true
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# 1. install (apt-get resolves the Depends; everything they name is already there on a prepared machine)
DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$deb" >"$tmp/install.log" 2>&1 \
  || { cat "$tmp/install.log" >&2; fail "apt-get install $deb failed"; }
[ -x /opt/lathe/bin/Lathe ] && [ -x /opt/lathe/bin/lathe-runner ] || fail "the package did not install /opt/lathe/bin/{Lathe,lathe-runner}"
desktop="$(dpkg -L lathe | grep '\.desktop$' | head -1 || true)"
[ -n "$desktop" ] && [ -f "$desktop" ] || fail "the package installed no .desktop entry"
grep -q '^MimeType=.*application/x-lathe-workspace' "$desktop" || fail "$desktop does not name the workspace MIME type"
say "installed: $(/opt/lathe/bin/Lathe --version), $(/opt/lathe/bin/lathe-runner --version)"

# 2. the demo workspace, trained by the installed runner with an empty DJL cache (so offline from the package)
export HOME="$tmp/home"; mkdir -p "$HOME"
DJL_CACHE_DIR="$tmp/djl" /opt/lathe/bin/lathe-runner demo --workspace "$tmp/demo" >"$tmp/demo.log" 2>&1 \
  || { tail -20 "$tmp/demo.log" >&2; fail "lathe-runner demo failed"; }
finished="$(/opt/lathe/bin/lathe-runner runs list --workspace "$tmp/demo" --format json | grep -c '"status" : "FINISHED"' || true)"
[ "$finished" -ge 6 ] || fail "the installed runner's demo finished $finished runs, expected at least 6"
say "demo workspace: $finished finished runs (DJL engine from the package: $(ls "$tmp/djl/pytorch" 2>/dev/null | head -1))"

# 3. the installed app on a private X server; -XX:AOTMode=on makes the JVM refuse to start when the
# packaged AOT cache does not match the installed files
display=""
for n in $(seq 90 120); do
  [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || { display=":$n"; break; }
done
[ -n "$display" ] || fail "no free X display number between :90 and :120"
Xvfb "$display" -screen 0 1280x1024x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X${display#:}" ] && break; sleep 0.1; done
export DISPLAY="$display"
import -window root "$tmp/blank.png"
JAVA_TOOL_OPTIONS="-XX:AOTMode=on -Dlathe.startup.probe=true" /opt/lathe/bin/Lathe --workspace "$tmp/demo" >"$tmp/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 600); do
  grep -q "first frame after" "$tmp/app.log" && break
  kill -0 "$app_pid" 2>/dev/null || { cat "$tmp/app.log" >&2; fail "the installed app exited before showing a frame"; }
  sleep 0.2
done
grep -q "first frame after" "$tmp/app.log" || { cat "$tmp/app.log" >&2; fail "no first frame within 120 s"; }
sleep 1  # a pulse or two more, so every label is drawn
import -window root "$tmp/shot.png"
[ -n "$shot_copy" ] && cp "$tmp/shot.png" "$shot_copy"
say "app: $(grep -m1 'first frame after' "$tmp/app.log") (AOT cache required and used)"

# 4. the window drew: a blank X screen has one colour, the workspace window hundreds
blank_colours="$(convert "$tmp/blank.png" -format %k info:)"
colours="$(convert "$tmp/shot.png" -format %k info:)"
[ "$colours" -gt 200 ] || fail "the screenshot has $colours colours (blank screen: $blank_colours): the window did not draw"
# the window is titled after the workspace it opened
if command -v xdotool >/dev/null 2>&1; then
  title="$(xdotool search --name "Lathe" getwindowname %@ 2>/dev/null | grep -F -m1 "$tmp/demo" || true)"
  [[ "$title" == *"$tmp/demo"* ]] || fail "no window titled after the workspace $tmp/demo (saw: $(xdotool search --name . getwindowname %@ 2>/dev/null | paste -sd'|'))"
  say "window title: $title"
fi
say "screenshot: $colours colours (blank screen $blank_colours)"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true; app_pid=""

# 5. remove again
apt-get purge -y -q lathe >"$tmp/remove.log" 2>&1 || { cat "$tmp/remove.log" >&2; fail "apt-get purge lathe failed"; }
installed && fail "dpkg still lists lathe as installed after removing it"
[ ! -e /opt/lathe/bin/Lathe ] || fail "/opt/lathe/bin/Lathe is still there after removing the package"
[ ! -e "$desktop" ] || fail "$desktop is still there after removing the package"
say "passed in $(( $(date +%s) - start )) s (install, demo, start, screenshot, remove)"
