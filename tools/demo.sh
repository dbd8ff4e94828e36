#!/usr/bin/env bash
# The main job on a fresh Debian 12 machine: install the dependencies, build
# the release preset, and check `original` and `handshake`, printing the
# verdicts and the shortest counterexample of the race.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
cmake --preset release
cmake --build --preset release --target smsmc
status=0
# original has the race: smsmc exits 1 and prints the counterexample.
build/release/smsmc check --variant original --sites 1 --logon-servers 3 || status=$?
if [[ $status -ne 1 ]]; then echo "demo: expected the race in original (exit 1), got exit $status" >&2; exit 1; fi
echo
# handshake is race-free: exit 0.
build/release/smsmc check --variant handshake --sites 2 --logon-servers 3
echo
# A bounded run is not a proof: it stops with a partial result and exits 3
# ("incomplete, nothing violated"), so a CI job that hits a bound goes red.
status=0
build/release/smsmc check --variant handshake --sites 3 --logon-servers 16 --max-states 1000 || status=$?
if [[ $status -ne 3 ]]; then echo "demo: expected an incomplete run (exit 3), got exit $status" >&2; exit 1; fi
