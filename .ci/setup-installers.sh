#!/usr/bin/env bash
# Programs the installer build and checks use: fakeroot and dpkg-deb for the .deb, rpmbuild (Debian's rpm
# package) for the .rpm, ImageMagick to render the icons and take screenshots, Xvfb (with xauth for
# xvfb-run) for the AOT training run and the installed app, xdotool to find its window, GTK 3 and libXtst
# for JavaFX, binutils' strip for the runtime. Installs only what is missing.
set -euo pipefail
need=()
command -v fakeroot >/dev/null 2>&1 || need+=(fakeroot)
command -v dpkg-deb >/dev/null 2>&1 || need+=(dpkg)
command -v rpmbuild >/dev/null 2>&1 || need+=(rpm)
command -v convert >/dev/null 2>&1 && [ -x /usr/bin/import ] || need+=(imagemagick)
command -v Xvfb >/dev/null 2>&1 || need+=(xvfb)
command -v xauth >/dev/null 2>&1 || need+=(xauth)
command -v xdotool >/dev/null 2>&1 || need+=(xdotool)
command -v strip >/dev/null 2>&1 || need+=(binutils)
dpkg -s libgtk-3-0 >/dev/null 2>&1 || need+=(libgtk-3-0)
dpkg -s libxtst6 >/dev/null 2>&1 || need+=(libxtst6)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
