#!/usr/bin/env bash
# Programs the continuous-training pipeline test (resources/ct/pipeline.sh) uses: bash runs the script and
# python3 reads the JSON the lathe commands print. Installs only what is missing.
set -euo pipefail
need=()
command -v bash >/dev/null 2>&1 || need+=(bash)
command -v python3 >/dev/null 2>&1 || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q "${need[@]}"
fi
