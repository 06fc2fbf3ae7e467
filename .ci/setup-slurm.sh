#!/usr/bin/env bash
# Installs what the Slurm executor's tests need (a one-node cluster on 127.0.0.1 that the tests start and
# stop themselves): Debian's slurmctld, slurmd, slurm-client and munge. Idempotent: installs only what is
# missing. The tests start slurmd, which must run as root.
set -euo pipefail
need=()
command -v slurmctld >/dev/null 2>&1 || [ -x /usr/sbin/slurmctld ] || need+=(slurmctld)
command -v slurmd >/dev/null 2>&1 || [ -x /usr/sbin/slurmd ] || need+=(slurmd)
command -v sbatch >/dev/null 2>&1 || need+=(slurm-client)
{ command -v munged >/dev/null 2>&1 || [ -x /usr/sbin/munged ]; } || need+=(munge)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
fi
# the packages start system daemons on install in some images; the tests run their own on free ports
