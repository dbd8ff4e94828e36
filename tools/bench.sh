#!/usr/bin/env bash
# Benchmark of the exhaustive checker: states, seconds, states per second,
# bytes per state and peak memory for `original` and `handshake` over N in
# {1,2,3,4}, M in {1,4,8,16}, 1 and 2 threads, with symmetry reduction over
# the sites (the default) and without it (--no-symmetry), written as a
# markdown table to bench/RESULTS.md.
#
#   tools/bench.sh [path/to/smsmc] [output.md]
#
# Each cell is one whole `smsmc check` process (both environments, every
# property, liveness included), timed by /usr/bin/time: the rate is total
# unique states over wall-clock seconds, not a best case. The machine's load
# average before each cell is recorded with it: on a shared machine a high
# load stretches the wall clock (user seconds are printed too). With j = 2
# both threads expand states and insert them (mc/state_store.h's
# partitions): the j rows compare one core with two.
# BENCH_OFF_MAX_STATES (default 25000000): a --no-symmetry cell is skipped
# when the reduced run's states times N! exceed it (the unreduced N = 4,
# M = 16 needs gigabytes: run it by hand with BENCH_OFF_MAX_STATES=0).
# The script fails if a --no-symmetry verdict differs from the reduced one.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
smsmc=${1:-$here/build/release/smsmc}
out=${2:-$here/bench/RESULTS.md}
variants=${BENCH_VARIANTS:-"original handshake"}
sites=${BENCH_SITES:-"1 2 3 4"}
logons=${BENCH_LOGON_SERVERS:-"1 4 8 16"}
threads=${BENCH_THREADS:-"1 2"}
off_max=${BENCH_OFF_MAX_STATES:-25000000}

[[ -x $smsmc ]] || { echo "bench: $smsmc not built (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench: /usr/bin/time missing (tools/setup.sh installs it)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# One `smsmc check` process; sets rc and the cell's row fields.
measure() {
  load=$(cut -d' ' -f1 /proc/loadavg)
  set +e
  /usr/bin/time -f '%e %U %M' -o "$tmp/time" "$smsmc" check "$@" > "$tmp/out" 2>&1
  rc=$?
  set -e
  if [[ $rc -gt 1 ]]; then echo "bench: smsmc failed: check $*" >&2; cat "$tmp/out" >&2; exit 1; fi
  read -r wall user rss_kb < <(tail -n 1 "$tmp/time")  # time prepends a line when the exit code is not 0
  # Rows of the environment table: name states transitions depth seconds states/s explored
  read -r states transitions search_rate < <(awk '$1=="unattended"||$1=="operator-on-duty"{s+=$2; t+=$3; if ($6>0) {r+=$2; w+=$2/$6}} END{printf "%d %d %.0f\n", s, t, (w>0 ? r/w : 0)}' "$tmp/out")
  # Bytes per state, both environments together (mean).
  # The visited set's cell: total (keys+slots; the rest is the compact set's dictionaries).
  read -r visited paths edges < <(sed -n 's/^bytes per state, [^:]*: visited set \([0-9.]*\) (keys \([0-9.]*\), slots \([0-9.]*\)), parents and actions \([0-9.]*\), edges \([0-9.]*\)$/\1 \2 \3 \4 \5/p' "$tmp/out" |
    awk '{v += $1; kb += $2; s += $3; p += $4; e += $5; k++} END{if (k) printf "%.1f(%.1f+%.1f) %.1f %.1f\n", v/k, kb/k, s/k, p/k, e/k; else print "n/a n/a n/a"}')
  visited=${visited/(/ (}
  liveness=$(awk -F': ' '/^liveness graph/{print $2}' "$tmp/out" | sort -u | paste -sd/ -)
  # Below 10 ms the wall clock cannot give a rate worth printing.
  rate=$(awk -v s="$states" -v w="$wall" 'BEGIN{if (w>=0.01) printf "%.0f", s/w; else printf "n/a"}')
  mib=$(awk -v k="$rss_kb" 'BEGIN{printf "%.0f", k/1024}')
  verdict=$([[ $rc -eq 1 ]] && echo "race" || echo "race-free")
}

factorial() { local f=1 i; for ((i = 2; i <= $1; i++)); do f=$((f * i)); done; echo $f; }

rows=()
for v in $variants; do
  for n in $sites; do
    for m in $logons; do
      for j in $threads; do
        measure --variant "$v" --sites "$n" --logon-servers "$m" --threads "$j"
        on_states=$states on_rc=$rc
        printf 'bench: %-10s N=%d M=%-2d j=%d %12d states %8.2f s %10s states/s %6d MiB  %s (symmetry, load %s)\n' "$v" "$n" "$m" "$j" "$states" "$wall" "$rate" "$mib" "$verdict" "$load" >&2
        rows+=("| $v | $n | $m | $j | on | $states | $transitions | $wall | $user | $rate | $search_rate | $visited | $paths | $edges | $liveness | $mib | $load | $verdict |")
        # N = 1 has nothing to reduce: the off cell would repeat the on cell.
        if [[ $n -gt 1 ]] && { [[ $off_max -eq 0 ]] || (( on_states * $(factorial "$n") <= off_max )); }; then
          measure --variant "$v" --sites "$n" --logon-servers "$m" --threads "$j" --no-symmetry
          [[ $rc -eq $on_rc ]] || { echo "bench: verdicts differ with --no-symmetry: $v N=$n M=$m" >&2; exit 1; }
          printf 'bench: %-10s N=%d M=%-2d j=%d %12d states %8.2f s %10s states/s %6d MiB  %s (--no-symmetry, load %s)\n' "$v" "$n" "$m" "$j" "$states" "$wall" "$rate" "$mib" "$verdict" "$load" >&2
          rows+=("| $v | $n | $m | $j | off | $states | $transitions | $wall | $user | $rate | $search_rate | $visited | $paths | $edges | $liveness | $mib | $load | $verdict |")
        fi
      done
    done
  done
done

{
  echo "# Exhaustive checker benchmark"
  echo
  echo "Generated by \`tools/bench.sh\` (\`cmake --build --preset release --target bench\`) on $(date -u +%Y-%m-%d)."
  echo
  echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), $(g++ --version | head -1)."
  echo
  echo "Each cell is one \`smsmc check --variant V --sites N --logon-servers M --threads J\` process: both environments"
  echo "(unattended, operator-on-duty), every property including the liveness ones. *states* is the sum of"
  echo "unique states over both explorations (orbits of the sites with symmetry *on*, spec/symmetry.md);"
  echo "*seconds* is the process's wall-clock time from \`/usr/bin/time\`; *states/s* = states / seconds"
  echo "(everything included); *search states/s* is the reachability search alone (the rate \`smsmc check\`"
  echo "prints); *peak MiB* is the maximum resident set size. *j* is \`--threads\`; *user s* the CPU seconds"
  echo "of the process. *B/state* are the bytes held per stored state at the end of the search (mean of the"
  echo "two environments): the visited set (in brackets: its keys + its index's slots), the parent and action arrays"
  echo "(counterexample paths) and the edges stored for liveness (none when the breadth-first search proves"
  echo "the graph acyclic: *liveness* says which way it went; under symmetry the edges are kept). *load* is"
  echo "the 1-minute load average before the cell: other jobs share this machine's cores. *off* rows are"
  echo "\`--no-symmetry\` (skipped past \`BENCH_OFF_MAX_STATES\`); verdicts are the same (the script fails"
  echo "otherwise)."
  echo
  echo "| variant | N | M | j | symmetry | states | transitions | seconds | user s | states/s | search states/s | visited B/state | parents+actions B/state | edges B/state | liveness | peak MiB | load | verdict |"
  echo "|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} > "$out"
echo "bench: wrote $out" >&2
