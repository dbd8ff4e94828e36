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
  echo "Date: $(date -u +%Y-%m-%d). Commit: $(git -C "$here" rev-parse --short HEAD). Build: Release."
  echo "Command: \`bench/schedules-to-failure.sh${1:+ ${1#$here/}}\` (TRIALS=$trials, TRIALS_N8=$trials_n8)."
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
cat >> "$out" <<'NOTES'
## Reading it

- In `original` the window runs from "HM sends the package" to "SCM stops the
  despooler": most of a run in the untimed model, and M more steps wide with M
  logon servers. Uniform choice lands the package in it almost every time once
  M is 8 or more; with 8 sites, one of them always races.
- PCT's chance depends on the relative priorities of a few actors (HM, UBS,
  SCM, the link, the despooler), not on how many steps SCM takes in between:
  it does not profit from a wide window. It wins where the window is narrow: in `defer-after-shutdown-flag` the package must land
  between UBS start and `SHUTDOWN.CT1`, and PCT needs about half as many
  schedules as uniform.
- In the two flawed patches the race is decided before SCM's first step, and
  the same seeds make the same choices up to there whatever M is: the uniform
  rows are identical across M. The steps grow with M because every run that
  misses the race goes on to the end.
NOTES
echo "schedules-to-failure: wrote $out"
