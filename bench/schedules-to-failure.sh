#!/usr/bin/env bash
# Schedules to failure: how many random schedules the uniform and the PCT
# scheduler need, on average, to hit the race (no-config-failure) in
# `original` for M in {1, 8, 64} at N = 1 and N = 8, and in the two flawed
# patches at N = 1. Writes bench/SCHEDULES.md.
#
#   bench/schedules-to-failure.sh [path/to/smsmc_schedules_to_failure] [output.md]
#
# The program is built with the tests (target smsmc_schedules_to_failure);
# the numbers are from whatever machine runs this, which the file records.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
program=${1:-$here/build/release/proptests/smsmc_schedules_to_failure}
out=${2:-$here/bench/SCHEDULES.md}
trials=${TRIALS:-10000}
trials_n8=${TRIALS_N8:-2000}

[[ -x $program ]] || { echo "schedules-to-failure: $program not built (cmake --build --preset release --target smsmc_schedules_to_failure)" >&2; exit 2; }

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
run() {
  echo "\$ $(basename "$program") $*" >> "$tmp"
  echo >> "$tmp"
  "$program" "$@" >> "$tmp"
  echo >> "$tmp"
}

{
  echo "# Schedules to failure"
  echo
  echo "How many schedules each scheduler of the property-based explorer runs, on"
  echo "average, before one hits the race of KB Q186408: the despooler executes the"
  echo "site install package (\`no-config-failure\`, error c0000001). One trial runs"
  echo "schedules with fresh seeds until one hits it; seeds never repeat. Written by"
  echo "\`bench/schedules-to-failure.sh\`; spec/property-testing.md explains the"
  echo "schedulers."
  echo
  echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(. /etc/os-release && echo "$PRETTY_NAME")."
  echo "Date: $(date -u +%Y-%m-%d). Commit: $(git -C "$here" rev-parse --short HEAD)."
  echo
} > "$out"

: > "$tmp"
echo "## original, N = 1" >> "$tmp"; echo >> "$tmp"
run --variant original --sites 1 --logon-servers 1 --logon-servers 8 --logon-servers 64 --trials "$trials"
echo "## original, N = 8" >> "$tmp"; echo >> "$tmp"
run --variant original --sites 8 --logon-servers 1 --logon-servers 8 --logon-servers 64 --trials "$trials_n8"
echo "## the flawed patches, N = 1" >> "$tmp"; echo >> "$tmp"
run --variant defer-after-shutdown-flag --sites 1 --logon-servers 1 --logon-servers 8 --logon-servers 64 --trials "$trials"
run --variant despooler-stops-first --sites 1 --logon-servers 1 --logon-servers 8 --logon-servers 64 --trials "$trials"
cat "$tmp" >> "$out"
echo "schedules-to-failure: wrote $out"
