#!/usr/bin/env bash
# Builds the app's AOT cache (JDK 25, JEP 483/514) inside a jpackage app-image and points the app launcher
# at it. A training run starts the app exactly as its launcher does (the options and class path of
# lib/app/Lathe.cfg), opens the demo workspace under Xvfb and quits after its first usable frame; the
# cache then holds the classes it loaded and linked, so later starts skip that work.
#
#   installers/aot-cache.sh IMAGE_DIR     e.g. installers/target/image/Lathe
#
# The demo workspace is made once with the image's own `lathe-runner demo` (in installers/target).
set -euo pipefail

IMAGE="$(cd "${1:?usage: aot-cache.sh APP_IMAGE_DIR}" && pwd)"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/installers/target"
say() { printf 'package-app: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

APPDIR="$IMAGE/lib/app"
CFG="$APPDIR/Lathe.cfg"
JAVA="$IMAGE/lib/runtime/bin/java"
CACHE="$APPDIR/lathe.aot"
[ -f "$CFG" ] && [ -x "$JAVA" ] || die "$IMAGE is not a Lathe app-image (missing $CFG or $JAVA)"

if [ -z "${DISPLAY:-}" ] && ! command -v xvfb-run >/dev/null 2>&1; then
  if [ "${CI:-}" = true ]; then die "the AOT training run needs a display: apt-get install xvfb xauth"; fi
  say "no display and no xvfb-run (Debian: apt-get install xvfb xauth): building without the AOT cache"
  exit 0
fi

# the launcher's options and class path, with $APPDIR filled in and any earlier cache option left out
mapfile -t opts < <(sed -n 's/^java-options=//p' "$CFG" | grep -v -e '^-XX:AOTCache=' | sed "s#\$APPDIR#$APPDIR#g")
cp="$(sed -n 's/^app.classpath=//p' "$CFG" | sed "s#\$APPDIR#$APPDIR#g" | paste -sd:)"
main="$(sed -n 's/^app.mainclass=//p' "$CFG")"
sed -i '/^java-options=-XX:AOTCache=/d' "$CFG"
rm -f "$CACHE"

work="$OUT/aot"
mkdir -p "$work"
ws="$OUT/aot-workspace"
if [ ! -f "$ws/workspace.db" ]; then
  say "filling the demo workspace for the training run ($ws)"
  rm -rf "$ws"
  DJL_CACHE_DIR="$work/djl" "$IMAGE/bin/lathe-runner" demo --workspace "$ws" >"$work/demo.log" 2>&1 \
    || { tail -20 "$work/demo.log" >&2; die "the demo failed; its log is $work/demo.log"; }
fi

run_app() {
  local -a cmd=("$JAVA" "$@" "${opts[@]}" -Dlathe.startup.probe=true -Dlathe.startup.exit=true
    -Djava.util.prefs.userRoot="$work/prefs" -Djavafx.cachedir="$work/openjfx" -cp "$cp" "$main" --workspace "$ws")
  if [ -n "${DISPLAY:-}" ] && [ -z "${LATHE_AOT_XVFB:-}" ]; then
    timeout 300 "${cmd[@]}"
  else
    timeout 300 xvfb-run -a -s "-screen 0 1280x1024x24" "${cmd[@]}"
  fi
}

t0="$(date +%s%3N)"
say "AOT training run (the app opens the demo workspace and quits after its first frame)"
run_app -XX:AOTMode=record -XX:AOTConfiguration="$work/lathe.aotconf" >"$work/train.log" 2>&1 \
  || { tail -20 "$work/train.log" >&2; die "the training run failed; its log is $work/train.log"; }
grep -q "first frame after" "$work/train.log" || die "the training run showed no frame; see $work/train.log"
say "creating the AOT cache"
"$JAVA" -XX:AOTMode=create -XX:AOTConfiguration="$work/lathe.aotconf" -XX:AOTCache="$CACHE" \
  "${opts[@]}" -cp "$cp" >"$work/create.log" 2>&1 \
  || { tail -20 "$work/create.log" >&2; die "creating the cache failed; its log is $work/create.log"; }
# the launcher loads it from now on; a cache that does not match (another runtime, moved jars) is ignored
echo 'java-options=-XX:AOTCache=$APPDIR/lathe.aot' >>"$CFG"
say "  AOT cache $(du -h "$CACHE" | cut -f1) in $(( $(date +%s%3N) - t0 ))ms"
