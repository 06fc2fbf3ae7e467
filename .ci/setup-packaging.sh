#!/usr/bin/env bash
# Programs the model-image tests use: a distribution registry to push to, skopeo to read images back, podman
# with runc to run an image, ldd (libc-bin) to find the host libraries of the built-in base, and strip
# (binutils) to shrink native libraries. Installs only what is missing.
set -euo pipefail
need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v podman >/dev/null 2>&1 || need+=(podman)
command -v runc >/dev/null 2>&1 || need+=(runc)
command -v ldd >/dev/null 2>&1 || need+=(libc-bin)
command -v strip >/dev/null 2>&1 || need+=(binutils)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
