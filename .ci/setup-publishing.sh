#!/usr/bin/env bash
# Programs the publishing tests start: a distribution registry, skopeo to read manifests back, htpasswd for
# the basic-auth registry, and git (with git daemon) for git remotes. Installs only what is missing.
set -euo pipefail
need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
command -v htpasswd >/dev/null 2>&1 || need+=(apache2-utils)
{ command -v git >/dev/null 2>&1 && [ -x "$(git --exec-path)/git-daemon" ]; } || need+=(git)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -q "${need[@]}" >/dev/null
fi
