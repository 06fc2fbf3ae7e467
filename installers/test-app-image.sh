#!/usr/bin/env bash
# Packaging check for CI: builds the app-image (jlink'd runtime, both launchers, no AOT training run) from
# the jars of the last build and checks what a user of the image would notice: both launchers answer
# --version with the project's version on the bundled runtime, the runner trains one model offline with the
# bundled PyTorch engine, and a .lathe file opens its workspace (the app's headless summary names its runs).
#
#   installers/test-app-image.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IMAGE="$ROOT/installers/target/image/Lathe"
say() { printf 'test-app-image: %s\n' "$*" >&2; }
fail() { say "FAIL: $*"; exit 1; }

start="$(date +%s)"
# the jars of the build before (CI runs the tests first); ./lathe builds them when they are missing
if [ -f "$ROOT/app/target/lathe-app.jar" ] && [ -f "$ROOT/local-runner/target/lathe-local-runner.jar" ]; then
  "$ROOT/installers/build.sh" --type app-image --no-aot
else
  "$ROOT/lathe" package-app --type app-image --no-aot
fi

version="$(sed -n '/<artifactId>lathe-parent<\/artifactId>/,/<\/version>/ s:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
app_version="$("$IMAGE/bin/Lathe" --version)" || fail "bin/Lathe --version exited with $?"
runner_version="$("$IMAGE/bin/lathe-runner" --version)" || fail "bin/lathe-runner --version exited with $?"
[[ "$app_version" == "lathe-app $version (Java 25"* ]] || fail "bin/Lathe --version said '$app_version', expected lathe-app $version on Java 25"
[[ "$runner_version" == "lathe $version (Java 25"* ]] || fail "bin/lathe-runner --version said '$runner_version', expected lathe $version on Java 25"
say "bin/Lathe --version: $app_version"
say "bin/lathe-runner --version: $runner_version"

# the runtime is the jlink'd one inside the image, not the JDK that built it
grep -q '^MODULES=.*java.desktop' "$IMAGE/lib/runtime/release" || fail "the image's runtime lacks java.desktop"
if grep -q 'jdk.compiler' "$IMAGE/lib/runtime/release"; then fail "the image's runtime holds the whole JDK (jdk.compiler)"; fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# the bundled engine: an empty DJL cache and offline mode, so PyTorch can only come from the image
DJL_CACHE_DIR="$tmp/djl" HOME="$tmp" "$IMAGE/bin/lathe-runner" train --workspace "$tmp/ws" \
  --data "$ROOT/resources/datasets/iris.csv" --label species --trainer djl-mlp >"$tmp/train.log" 2>&1 \
  || { tail -20 "$tmp/train.log" >&2; fail "lathe-runner train (djl-mlp, offline) failed"; }
[ -d "$tmp/djl/pytorch" ] || fail "DJL did not unpack PyTorch from the image into DJL_CACHE_DIR"
say "trained with the bundled PyTorch engine: $(ls "$tmp/djl/pytorch")"

# a .lathe file in a workspace opens that workspace (headless: the app prints its runs instead of a window)
touch "$tmp/ws/project.lathe"
summary="$(env -u DISPLAY -u WAYLAND_DISPLAY "$IMAGE/bin/Lathe" "$tmp/ws/project.lathe" 2>&1)" \
  || fail "bin/Lathe $tmp/ws/project.lathe exited non-zero: $summary"
grep -q "iris · 1 run" <<<"$summary" || fail "opening project.lathe did not list the workspace's iris run: $summary"
say "a .lathe file opened its workspace"
say "passed in $(( $(date +%s) - start )) s"
