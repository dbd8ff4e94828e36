#!/usr/bin/env bash
# Regenerates the golden traces and their diagrams with the tool itself:
# never edit the files in traces/ by hand. Run after any change to a
# transition table (the fingerprint in every trace then changes).
#   traces/regenerate.sh [path/to/smsmc]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
smsmc=${1:-$here/../build/release/smsmc}
[[ -x $smsmc ]] || { echo "regenerate: no smsmc at $smsmc (build it, or pass its path)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# variant N M property: the shortest (BFS) counterexample of each.
golden=(
  "original 1 1 no-config-failure"
  "original 1 3 upgrade-completes"
  "defer-after-shutdown-flag 1 1 no-config-failure"
  "despooler-stops-first 1 1 no-config-failure"
)
for entry in "${golden[@]}"; do
  read -r variant n m property <<<"$entry"
  # exit 1 is expected: the property is violated.
  "$smsmc" check --variant "$variant" -n "$n" -m "$m" -p "$property" --trace-dir "$work" >/dev/null || [[ $? -eq 1 ]]
  name="$variant-N$n-M$m-$property"
  cp "$work/$name.json" "$here/$name.json"
  "$smsmc" render "$here/$name.json" -o "$here/$name.svg" >/dev/null
  echo "traces/$name.json, .svg"
done
# A shared parent (spec/shared-parent.md): one HM at a time and one sender
# slot, two sites; its diagram draws the HM worker and the slot in the
# parent's column.
"$smsmc" check --variant original -n 2 -m 1 --hm one-at-a-time --sender-slots 1 -p no-config-failure \
  --trace-out "$work/shared.json" >/dev/null || [[ $? -eq 1 ]]
name=original-N2-M1-hm-one-at-a-time-slots-1-no-config-failure
cp "$work/shared.json" "$here/$name.json"
"$smsmc" render "$here/$name.json" -o "$here/$name.svg" >/dev/null
echo "traces/$name.json, .svg"
# The timed golden trace (trace format version 3): the KB profile's race at
# M*, every step with its time.
"$smsmc" threshold --variant original --timing kb-wan --max-m 32 --trace-out "$work/timed.json" >/dev/null || [[ $? -eq 1 ]]
cp "$work/timed.json" "$here/original-kb-wan-threshold.json"
"$smsmc" render "$here/original-kb-wan-threshold.json" -o "$here/original-kb-wan-threshold.svg" >/dev/null
echo "traces/original-kb-wan-threshold.json, .svg"
"$smsmc" render --machines -o "$here/machines" --format svg >/dev/null
echo "traces/machines/*.svg"
