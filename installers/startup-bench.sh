#!/usr/bin/env bash
# Measures the app's cold start to its first usable frame (the demo workspace open, its runs listed and
# drawn), with and without the AOT cache, several runs each, and prints the medians.
#
#   installers/startup-bench.sh [--runs N] [--launcher PATH] [--workspace DIR]
#
#   --launcher   the app launcher to start (default installers/target/image/Lathe/bin/Lathe; an installed
#                package's is /opt/lathe/bin/Lathe)
#   --workspace  the workspace to open (default installers/target/aot-workspace, made by package-app)
#   --runs       runs per mode, alternating the modes (default 7)
#
# Each run is a fresh process with the disk cache warm. The figure reported is taken outside, from starting
# the launcher to the moment it prints "lathe: first frame after N ms (cpu M ms)"; N (from the JVM's start)
# and M (processor time used until the frame, which other load on the machine does not inflate) are shown
# beside it. Without a display it runs itself under xvfb-run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs=7
launcher="$ROOT/installers/target/image/Lathe/bin/Lathe"
ws="$ROOT/installers/target/aot-workspace"
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    --launcher) launcher="$2"; shift ;;
    --workspace) ws="$2"; shift ;;
    -h|--help) sed -n '2,15p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "startup-bench: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "startup-bench: --runs takes a positive number, not '$runs'" >&2; exit 2; }
[ -x "$launcher" ] || { echo "startup-bench: no launcher at $launcher (run ./lathe package-app --type app-image)" >&2; exit 3; }
[ -f "$ws/workspace.db" ] || { echo "startup-bench: no workspace at $ws (missing workspace.db)" >&2; exit 3; }

if [ -z "${DISPLAY:-}" ]; then
  command -v xvfb-run >/dev/null 2>&1 || { echo "startup-bench: no display and no xvfb-run (Debian: apt-get install xvfb xauth)" >&2; exit 4; }
  exec xvfb-run -a -s "-screen 0 1280x1024x24" "$0" --runs "$runs" --launcher "$launcher" --workspace "$ws"
fi

prefs="$(mktemp -d)"
trap 'rm -rf "$prefs"' EXIT
cfg="$(dirname "$launcher")/../lib/app/$(basename "$launcher").cfg"
grep -q '^java-options=-XX:AOTCache=' "$cfg" 2>/dev/null \
  || echo "startup-bench: warning: $cfg names no AOT cache, so both modes run without one" >&2

# one start: prints "outside_ms inside_ms cpu_ms", or fails when no frame came within 120 s
one_run() {
  local extra="$1" t0 line inside=""
  t0="$(date +%s%N)"
  while IFS= read -r line; do
    if [[ "$line" =~ ^"lathe: first frame after "([0-9]+)" ms (cpu "(-?[0-9]+)" ms)" ]]; then
      local t1; t1="$(date +%s%N)"
      inside="${BASH_REMATCH[1]}"
      printf '%d %d %d\n' $(( (t1 - t0) / 1000000 )) "$inside" "${BASH_REMATCH[2]}"
    fi
  done < <(JAVA_TOOL_OPTIONS="-Dlathe.startup.probe=true -Dlathe.startup.exit=true -Djava.util.prefs.userRoot=$prefs $extra" \
             timeout 120 "$launcher" --workspace "$ws" 2>/dev/null)
  [ -n "$inside" ]
}

median() { sort -n | awk '{a[NR] = $1} END { if (NR % 2) print a[(NR + 1) / 2]; else print int((a[NR / 2] + a[NR / 2 + 1]) / 2) }'; }

declare -A outside inside cpu
for mode in cache no-cache; do outside[$mode]=""; inside[$mode]=""; cpu[$mode]=""; done
one_run "" >/dev/null || { echo "startup-bench: the app showed no frame (try: $launcher --workspace $ws)" >&2; exit 1; }  # warm the disk cache
for ((i = 1; i <= runs; i++)); do
  for mode in cache no-cache; do
    extra=""; [ "$mode" = no-cache ] && extra="-XX:AOTMode=off"
    result="$(one_run "$extra")" || { echo "startup-bench: run $i ($mode) showed no frame" >&2; exit 1; }
    read -r o n c <<<"$result"
    outside[$mode]+="$o "; inside[$mode]+="$n "; cpu[$mode]+="$c "
    printf 'run %d %-8s %5d ms (in the JVM %d ms, processor time %d ms)\n' "$i" "$mode" "$o" "$n" "$c"
  done
done

echo
echo "first usable frame, median of $runs runs ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)):"
med() { tr ' ' '\n' <<<"$1" | sed '/^$/d' | median; }
for mode in cache no-cache; do
  printf '  %-8s  %5d ms   (in the JVM %d ms, processor time %d ms)\n' "$mode" \
    "$(med "${outside[$mode]}")" "$(med "${inside[$mode]}")" "$(med "${cpu[$mode]}")"
done
