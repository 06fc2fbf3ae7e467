#!/usr/bin/env bash
# Takes the README's screenshots of the real app under Xvfb, on a fresh demo workspace plus a small sweep:
#   bash docs/screenshots/take.sh          (needs: apt-get install xvfb xauth xdotool imagemagick)
# Writes docs/screenshots/{runs,detail,compare,sweeps,dark,detail-dark,compare-dark,models,columns}.png.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="docs/screenshots"
for tool in xvfb-run xdotool import; do
  command -v "$tool" >/dev/null || { echo "take.sh needs $tool (apt-get install xvfb xauth xdotool imagemagick)" >&2; exit 1; }
done
ws="$(mktemp -d)/demo"
trap 'rm -rf "$(dirname "$ws")"' EXIT
LATHE_DEMO_WORKSPACE="$ws" ./lathe demo >/dev/null
# a registered model with three versions and a moved alias, for the models screen
mapfile -t iris < <(./lathe runs list -e iris --status FINISHED --format json -w "$ws" \
  | sed -n 's/^  "id" : "\([0-9a-f]*\)",$/\1/p')
./lathe models register "${iris[0]}" --name iris-cls --description baseline -w "$ws" >/dev/null
./lathe models register "${iris[1]}" --name iris-cls -w "$ws" >/dev/null
./lathe models register "${iris[2]}" --name iris-cls --description "more trees" -w "$ws" >/dev/null
./lathe models alias iris-cls 1 champion --comment "first cut" -w "$ws" >/dev/null
./lathe models alias iris-cls 1 staging -w "$ws" >/dev/null
./lathe models alias iris-cls 3 champion --comment "best val_accuracy" -w "$ws" >/dev/null
./lathe sweep start resources/sweeps/wine-mlp.yaml --workspace "$ws" >/dev/null

# one app start per picture: $1 = file, $2 = theme, then xdotool steps run against the app's window
shoot() {
  local file="$1" theme="$2"; shift 2
  xvfb-run -a -s "-screen 0 1400x900x24" bash -c '
    ./lathe app --workspace "$0" --theme "$1" >/dev/null 2>&1 &
    app=$!
    win=$(xdotool search --sync --onlyvisible --name "Lathe" | head -1)
    sleep 6
    shift 1
    for step in "$@"; do eval "$step"; sleep 1.5; done
    sleep 2
    import -window root "$OUT"
    mogrify -trim +repage "$OUT"   # the window only, without the empty screen around it
    kill $app' "$ws" "$theme" "$@"
}
export OUT
OUT="$out/runs.png" shoot runs light
OUT="$out/dark.png" shoot dark dark
OUT="$out/detail.png" shoot detail light 'xdotool mousemove --window $win 400 235 click 1' 'xdotool key Return'
OUT="$out/compare.png" shoot compare light 'xdotool key ctrl+f' \
  'xdotool type --delay 20 "experiment = wine and status = FINISHED"' \
  'xdotool mousemove --window $win 400 235 click 1' 'xdotool key ctrl+a' 'xdotool key ctrl+shift+c'
# the same two screens in the dark theme: the charts are drawn dark too
OUT="$out/detail-dark.png" shoot detail dark 'xdotool mousemove --window $win 400 235 click 1' 'xdotool key Return'
OUT="$out/compare-dark.png" shoot compare dark 'xdotool key ctrl+f' \
  'xdotool type --delay 20 "experiment = wine and status = FINISHED"' \
  'xdotool mousemove --window $win 400 235 click 1' 'xdotool key ctrl+a' 'xdotool key ctrl+shift+c'
OUT="$out/sweeps.png" shoot sweeps light 'xdotool mousemove --window $win 700 600 click 1' 'xdotool key ctrl+n' 'sleep 12'
# the models screen, in a window large enough for the alias history (no window manager: size it by hand)
OUT="$out/models.png" shoot models light 'xdotool windowmove $win 0 0 windowsize $win 1400 900' 'xdotool key ctrl+m' 'sleep 3'
# the runs table with its column chooser open
OUT="$out/columns.png" shoot columns light 'xdotool mousemove --window $win 930 143 click 1'
ls -la "$out"/*.png
