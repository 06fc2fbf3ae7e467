#!/usr/bin/env bash
# Builds Lathe's Linux installers from the jars that `./lathe build` leaves in app/target and
# local-runner/target: a jlink'd runtime, a jpackage app-image (the app plus the `lathe-runner` launcher,
# sharing the runtime), an AOT cache trained on the demo workspace, then a .deb and an .rpm.
# Everything goes to installers/target/. Usually started as `./lathe package-app [options]`.
#
#   --type T      app-image, deb or rpm; repeat it for several (default: all three)
#   --no-aot      skip the AOT cache (no training run, so no Xvfb needed)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$ROOT/installers/target"
say() { printf 'package-app: %s\n' "$*" >&2; }
die() { say "$*"; exit "${2:-1}"; }

types=()
aot=1
while [ $# -gt 0 ]; do
  case "$1" in
    --type) [ $# -ge 2 ] || die "--type needs app-image, deb or rpm" 2; types+=("$2"); shift ;;
    --type=*) types+=("${1#*=}") ;;
    --no-aot) aot=0 ;;
    -h|--help) sed -n '2,10p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown option '$1' (try --help)" 2 ;;
  esac
  shift
done
[ ${#types[@]} -gt 0 ] || types=(app-image deb rpm)
for t in "${types[@]}"; do
  case "$t" in app-image|deb|rpm) ;; *) die "unknown --type '$t': use app-image, deb or rpm" 2 ;; esac
done
[ "$(uname -s)" = Linux ] || die "this script builds the Linux installers; see installers/windows and installers/macos" 2

JDK="${JAVA_HOME:-}"
if [ -z "$JDK" ] || [ ! -x "$JDK/bin/jpackage" ]; then JDK="$("$ROOT/lathe" java-home)"; fi
for tool in jlink jpackage jdeps jar java; do
  [ -x "$JDK/bin/$tool" ] || die "$JDK has no bin/$tool: a full JDK 25 is needed"
done

APP_JAR="$ROOT/app/target/lathe-app.jar"
RUNNER_JAR="$ROOT/local-runner/target/lathe-local-runner.jar"
for jar in "$APP_JAR" "$RUNNER_JAR"; do
  [ -f "$jar" ] || die "missing $jar: run ./lathe build first" 3
done

# numeric version from the parent pom (jpackage, MSI and rpm refuse -SNAPSHOT and letters)
VERSION="$(sed -n '/<artifactId>lathe-parent<\/artifactId>/,/<\/version>/ s:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
VERSION="${VERSION%%-*}"
[[ "$VERSION" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]] || die "pom.xml's version '$VERSION' is not numeric (jpackage needs 1.2.3)"

now_ms() { date +%s%3N; }
step_start=0
step() { step_start="$(now_ms)"; say "$*"; }
done_step() { say "  done in $(( ($(now_ms) - step_start) ))ms"; }
size_of() { du -sh "$1" | cut -f1; }

mkdir -p "$OUT"
rm -f "$OUT"/lathe[_-]*.deb "$OUT"/lathe[_-]*.rpm  # never report an older build's package

# The Class-Path of a jar's manifest, one entry a line (the build's lib/ folder also holds stale jars).
manifest_class_path() {
  unzip -p "$1" META-INF/MANIFEST.MF | tr -d '\r' | awk '
    /^Class-Path:/ { on = 1; sub(/^Class-Path: /, ""); printf "%s", $0; next }
    on && /^ / { sub(/^ /, ""); printf "%s", $0; next }
    { on = 0 }
    END { print "" }' | tr ' ' '\n' | sed '/^$/d'
}

# 1. the input folder: both jars and their libraries in lib/; JavaFX's platform jars apart in fx/, to be
# linked into the runtime
step "staging the jars in $OUT/input"
rm -rf "$OUT/input" "$OUT/fx"
mkdir -p "$OUT/input/lib" "$OUT/fx"
cp -p "$APP_JAR" "$RUNNER_JAR" "$OUT/input/"
{ manifest_class_path "$APP_JAR" | sed "s#^#$ROOT/app/target/#"
  manifest_class_path "$RUNNER_JAR" | sed "s#^#$ROOT/local-runner/target/#"; } | while read -r jar; do
  name="$(basename "$jar")"
  case "$name" in
    javafx-*-linux*.jar) cp -p "$jar" "$OUT/fx/" ;;
    javafx-*) ;;  # the classifier-less javafx jars are empty placeholders
    *) [ -f "$OUT/input/lib/$name" ] || cp -p "$jar" "$OUT/input/lib/" ;;
  esac
done
ls "$OUT/fx/"javafx-graphics-*.jar >/dev/null 2>&1 || die "no JavaFX Linux jars beside $APP_JAR (app/target/lib)"
ls "$OUT/input/lib/"pytorch-native-cpu-*linux-x86_64.jar >/dev/null 2>&1 \
  || say "warning: no pytorch-native-cpu linux-x86_64 jar: the first DJL training would need a download"
done_step

# 2. the runtime: the JDK modules jdeps finds in both jars and their libraries, plus those reached only
# through services or reflection (jdeps cannot see them), linked from the JDK's own runtime image, and
# JavaFX's modules from its jars. JavaFX inside the runtime (not on a --module-path) lets the AOT cache
# work wherever the package is installed: the JVM refuses a cache when the module path has moved.
jars_key="$(cd "$OUT" && find input fx -name '*.jar' -printf '%p %s %T@\n' | sort | md5sum | cut -d' ' -f1)"
if [ -f "$OUT/modules.txt" ] && [ "$(head -1 "$OUT/modules.txt")" = "$jars_key" ]; then
  modules="$(sed -n 2p "$OUT/modules.txt")"
  say "JDK modules unchanged since the last build: $modules"
else
step "finding the JDK modules the jars need (jdeps)"
cp_of() { (cd "$OUT/input" && manifest_class_path "$1" | grep -v -e '/javafx-' -e pytorch-native | sed "s#^#$OUT/input/#" | paste -sd:); }
fx_path="$(ls "$OUT/fx/"*.jar | paste -sd:)"
app_mods="$("$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps -R --multi-release 25 \
  --module-path "$fx_path" --class-path "$(cp_of "$OUT/input/lathe-app.jar")" "$OUT/input/lathe-app.jar")"
runner_mods="$("$JDK/bin/jdeps" --print-module-deps --ignore-missing-deps -R --multi-release 25 \
  --class-path "$(cp_of "$OUT/input/lathe-local-runner.jar")" "$OUT/input/lathe-local-runner.jar")"
fx_mods="$(for j in "$OUT/fx/"*.jar; do "$JDK/bin/jar" --describe-module --file "$j"; done \
  | awk '$1 == "requires" && $2 !~ /^javafx\./ && $3 != "static" {print $2}')"
# zipfs: zip file systems; charsets, localedata: non-UTF-8 CSVs and dates; jfr: javafx's optional
# flight-recorder events; crypto: TLS to registries and MLflow; management: the runner's resource figures
extra="jdk.zipfs jdk.charsets jdk.localedata jdk.crypto.ec jdk.crypto.cryptoki jdk.net jdk.jfr jdk.management jdk.unsupported java.naming java.net.http"
jdk_mods="$("$JDK/bin/java" --list-modules | sed 's/@.*//')"
modules="$(printf '%s\n' $(echo "$app_mods,$runner_mods" | tr ',' ' ') $fx_mods $extra \
  | grep -v '^javafx\.' | grep -v '^$' | sort -u | grep -Fx -f <(echo "$jdk_mods") | paste -sd,)"
say "  modules: $modules"
printf '%s\n%s\n' "$jars_key" "$modules" >"$OUT/modules.txt"
done_step
fi
# the Windows and macOS builds link from this list; keep it in step
if [ "$modules" != "$(paste -sd, "$ROOT/installers/common/runtime-modules.txt")" ]; then
  say "warning: the modules differ from installers/common/runtime-modules.txt (used on Windows and macOS);"
  say "  update it: echo '$modules' | tr , '\\n' >installers/common/runtime-modules.txt"
fi

stamp="$("$JDK/bin/java" -version 2>&1 | head -1) $modules $(ls "$OUT/fx")"
if [ -f "$OUT/runtime/release" ] && [ "$(cat "$OUT/runtime.stamp" 2>/dev/null)" = "$stamp" ]; then
  say "runtime up to date ($OUT/runtime)"
else
  step "linking the runtime (jlink)"
  rm -rf "$OUT/runtime"
  "$JDK/bin/jlink" --module-path "$OUT/fx" --add-modules "$modules,javafx.controls" --output "$OUT/runtime" \
    --strip-debug --no-header-files --no-man-pages --compress zip-6 --include-locales en,de,fr,es,it,ja,zh \
    --generate-cds-archive
  # native libraries keep their symbols otherwise (about 6 MB)
  if command -v strip >/dev/null 2>&1; then
    find "$OUT/runtime" -name '*.so' -exec strip --strip-unneeded {} + 2>/dev/null || true
  fi
  printf '%s' "$stamp" >"$OUT/runtime.stamp"
  done_step
  say "  runtime: $(size_of "$OUT/runtime")"
fi

# 3. icons: PNGs rendered from the one SVG in resources/icons
step "rendering icons"
mkdir -p "$OUT/icons"
svg="$ROOT/resources/icons/lathe.svg"
if command -v convert >/dev/null 2>&1; then
  for px in 16 32 48 64 128 256; do
    convert -background none -density 300 "$svg" -resize "${px}x${px}" "$OUT/icons/lathe-$px.png"
  done
  cp "$OUT/icons/lathe-256.png" "$OUT/icons/lathe.png"
  # the packages' resources: desktop entries and install scripts from installers/linux/resources, and the icon
  # under the names jpackage looks for (without them it puts in Java's default icon)
  rm -rf "$OUT/resources"; mkdir -p "$OUT/resources"
  cp -p "$ROOT/installers/linux/resources/"* "$OUT/resources/"
  cp "$OUT/icons/lathe-256.png" "$OUT/resources/Lathe.png"
  cp "$OUT/icons/lathe-256.png" "$OUT/resources/lathe-runner.png"
else
  die "ImageMagick's convert is missing (Debian: apt-get install imagemagick)"
fi
done_step

# 4. the app-image
IMAGE="$OUT/image/Lathe"
step "jpackage --type app-image"
rm -rf "$OUT/image"
(cd "$ROOT" && "$JDK/bin/jpackage" --type app-image --dest "$OUT/image" --input "$OUT/input" \
  --runtime-image "$OUT/runtime" --app-version "$VERSION" \
  @installers/common/app-image.args @installers/linux/app-image.args)
# jpackage puts every jar of --input on every launcher's class path; each launcher needs only its own jar,
# whose manifest names its libraries (a shorter class path is searched faster at start-up)
for cfg in "$IMAGE/lib/app/"*.cfg; do
  main_jar="$(grep -m1 '^app.classpath=' "$cfg")"
  awk -v keep="$main_jar" '!/^app.classpath=/ || $0 == keep' "$cfg" >"$cfg.tmp" && mv "$cfg.tmp" "$cfg"
done
done_step
say "  app-image: $(size_of "$IMAGE") at $IMAGE"

# 5. the AOT cache: a training run that opens the demo workspace and quits after its first frame, then the
# cache is created from what it loaded and linked; the launcher's options point at it
if [ "$aot" = 1 ]; then
  "$ROOT/installers/aot-cache.sh" "$IMAGE"
fi

# 6. the packages, from the finished app-image
for t in "${types[@]}"; do
  [ "$t" = app-image ] && continue
  deps=()
  case "$t" in
    deb) command -v dpkg-deb >/dev/null 2>&1 && command -v fakeroot >/dev/null 2>&1 \
           || die "--type deb needs dpkg-deb and fakeroot (Debian: apt-get install fakeroot)"
         deps=(--linux-package-deps "libgtk-3-0, libxtst6") ;;
    rpm) command -v rpmbuild >/dev/null 2>&1 || die "--type rpm needs rpmbuild (Debian: apt-get install rpm)"
         deps=(--linux-package-deps "gtk3, libXtst") ;;
  esac
  # dpkg-deb's default xz takes minutes on ~230 MB of mostly compressed jars for a few MB less
  [ "$t" = deb ] && export DPKG_DEB_COMPRESSOR_TYPE="${DPKG_DEB_COMPRESSOR_TYPE:-gzip}"
  step "jpackage --type $t"
  (cd "$ROOT" && "$JDK/bin/jpackage" --type "$t" --dest "$OUT" --app-image "$IMAGE" --app-version "$VERSION" \
    "${deps[@]}" @installers/common/package.args @installers/linux/package.args)
  done_step
done

say "built (version $VERSION):"
printf '  %-10s %8s  %s\n' runtime "$(size_of "$OUT/runtime")" "$OUT/runtime" >&2
printf '  %-10s %8s  %s\n' app-image "$(size_of "$IMAGE")" "$IMAGE" >&2
[ -f "$IMAGE/lib/app/lathe.aot" ] && printf '  %-10s %8s  %s\n' aot-cache "$(size_of "$IMAGE/lib/app/lathe.aot")" "$IMAGE/lib/app/lathe.aot" >&2
for f in "$OUT"/lathe[_-]*.deb "$OUT"/lathe[_-]*.rpm; do
  [ -f "$f" ] && printf '  %-10s %8s  %s\n' "${f##*.}" "$(size_of "$f")" "$f" >&2
done
exit 0
