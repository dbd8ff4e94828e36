#!/usr/bin/env bash
# Side by side: SPIN on the Promela model (spec/promela) and smsmc, on the
# same state spaces, one process at a time, written to bench/SPIN.md.
#
#   tools/bench-spin.sh [path/to/smsmc] [output.md]
#
# For each variant, N and M (BENCH_VARIANTS, BENCH_SITES, BENCH_LOGON_SERVERS;
# default original and handshake, N in 1..4, M in {1, 8}):
#   * SPIN safety: pan built with -O2 -DSAFETY -DNOREDUCE, one full-space run
#     per environment; its stored states must equal smsmc's (the script fails
#     otherwise);
#   * SPIN liveness: pan -a -f (weak fairness) of upgrade_completes
#     (unattended) and workaround_recovers (operator on duty), each stopped
#     after BENCH_LIVENESS_MINUTES (default 2) minutes;
#   * smsmc check with 1 and 2 threads: both environments, every property.
# Seconds are wall-clock from /usr/bin/time, peak memory its maximum
# resident set size; pan's compile time is not counted (reported apart).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
smsmc=${1:-$here/build/release/smsmc}
out=${2:-$here/bench/SPIN.md}
variants=${BENCH_VARIANTS:-"original handshake"}
sites=${BENCH_SITES:-"1 2 3 4"}
logons=${BENCH_LOGON_SERVERS:-"1 8"}
live_minutes=${BENCH_LIVENESS_MINUTES:-2}
cc=${CC:-cc}

[[ -x $smsmc ]] || { echo "bench-spin: $smsmc not built (cmake --preset release && cmake --build --preset release)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench-spin: /usr/bin/time missing (tools/setup.sh installs it)" >&2; exit 2; }
command -v spin >/dev/null || { echo "bench-spin: spin missing (tools/setup.sh installs it)" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
compile_seconds=0
compiles=0

# build DIR VARIANT N M OPERATOR LIVENESS CFLAGS...: spin -a and cc in DIR.
build() {
  local dir=$1 v=$2 n=$3 m=$4 op=$5 live=$6
  shift 6
  mkdir -p "$dir"
  printf '#define SITES %d\n#define LOGONS %d\n#define OPERATOR %d\n#define LIVENESS %d\n#include "%s"\n#include "%s"\n' \
    "$n" "$m" "$op" "$live" "$here/spec/promela/variants/$v.pml" "$here/spec/promela/sms.pml" > "$dir/model.pml"
  local start end
  start=$(date +%s.%N)
  (cd "$dir" && spin -a model.pml > spin.log 2>&1 && "$cc" -O2 -w "$@" -o pan pan.c) ||
    { echo "bench-spin: building $dir failed" >&2; cat "$dir/spin.log" >&2; exit 1; }
  end=$(date +%s.%N)
  compile_seconds=$(awk -v a="$compile_seconds" -v s="$start" -v e="$end" 'BEGIN{printf "%.1f", a + e - s}')
  compiles=$((compiles + 1))
}

# timed FILE COMMAND...: runs it, "seconds peak-KiB" into FILE.time, output into FILE.
timed() {
  local file=$1
  shift
  set +e
  /usr/bin/time -f '%e %M' -o "$file.time" "$@" > "$file" 2>&1
  local rc=$?
  set -e
  echo "$rc"
}

rate() { awk -v s="$1" -v w="$2" 'BEGIN{if (w >= 0.01) printf "%.0f", s / w; else printf "n/a"}'; }
mib() { awk -v k="$1" 'BEGIN{printf "%.0f", k / 1024}'; }
hash_bits() { awk -v s="$1" 'BEGIN{b = 18; while (2 ^ b < 2 * s && b < 28) b++; print b}'; }

rows=()
for v in $variants; do
  for n in $sites; do
    for m in $logons; do
      # smsmc, 1 and 2 threads: the state counts per environment come from here.
      declare -A sm_wall sm_kib
      for j in 1 2; do
        rc=$(timed "$tmp/smsmc" "$smsmc" check --variant "$v" --sites "$n" --logon-servers "$m" --threads "$j")
        [[ $rc -le 1 ]] || { echo "bench-spin: smsmc failed for $v N=$n M=$m" >&2; cat "$tmp/smsmc" >&2; exit 1; }
        read -r sm_wall[$j] sm_kib[$j] < <(tail -n 1 "$tmp/smsmc.time")
      done
      su=$(awk '$1=="unattended"{print $2}' "$tmp/smsmc")
      so=$(awk '$1=="operator-on-duty"{print $2}' "$tmp/smsmc")
      states=$((su + so))

      # SPIN safety, full space, one run per environment.
      sp_wall=0 sp_kib=0
      for op in 0 1; do
        want=$([[ $op -eq 0 ]] && echo "$su" || echo "$so")
        dir="$tmp/$v-$n-$m-$op-safety"
        build "$dir" "$v" "$n" "$m" "$op" 0 -DSAFETY -DNOREDUCE -DNOCLAIM
        # -A -E: the full space, no property evaluated or reported (with -c0
        # every state where a witness holds prints a line).
        rc=$(cd "$dir" && timed "$dir/run" ./pan -A -E -w"$(hash_bits "$want")")
        got=$(awk '/states, stored/{print $1}' "$dir/run")
        [[ $rc -eq 0 && $got == "$want" ]] ||
          { echo "bench-spin: $v N=$n M=$m operator=$op: SPIN stored ${got:-?} states, smsmc $want" >&2; cat "$dir/run" >&2; exit 1; }
        read -r w k < <(tail -n 1 "$dir/run.time")
        sp_wall=$(awk -v a="$sp_wall" -v b="$w" 'BEGIN{printf "%.2f", a + b}')
        ((k > sp_kib)) && sp_kib=$k
      done

      # SPIN liveness under weak fairness, each claim in its environment.
      lv_wall=0 lv_kib=0 lv_states=0 lv_note=""
      for op in 0 1; do
        claim=$([[ $op -eq 0 ]] && echo upgrade_completes || echo workaround_recovers)
        want=$([[ $op -eq 0 ]] && echo "$su" || echo "$so")
        dir="$tmp/$v-$n-$m-$op-liveness"
        build "$dir" "$v" "$n" "$m" "$op" 1 -DNFAIR=$(((7 * n + 6) / 4))
        rc=$(cd "$dir" && timed "$dir/run" ./pan -a -f -A -Q"$live_minutes" -w"$(hash_bits "$((want * 4))")" -N "$claim")
        [[ $rc -eq 0 ]] || { echo "bench-spin: pan -a -f failed for $dir" >&2; cat "$dir/run" >&2; exit 1; }
        grep -q "Search not completed\|-Q time limit" "$dir/run" && ! grep -q "errors: [1-9]" "$dir/run" && lv_note=" (stopped)"
        read -r w k < <(tail -n 1 "$dir/run.time")
        lv_wall=$(awk -v a="$lv_wall" -v b="$w" 'BEGIN{printf "%.2f", a + b}')
        ((k > lv_kib)) && lv_kib=$k
        lv_states=$((lv_states + $(awk '/states, stored/{print $1}' "$dir/run")))
      done

      printf 'bench-spin: %-10s N=%d M=%-2d %10d states  spin %8.2f s  liveness %8.2f s%s  smsmc -j1 %6.2f s -j2 %6.2f s\n' \
        "$v" "$n" "$m" "$states" "$sp_wall" "$lv_wall" "$lv_note" "${sm_wall[1]}" "${sm_wall[2]}" >&2
      rows+=("| $v | $n | $m | $states | $sp_wall | $(rate "$states" "$sp_wall") | $(mib "$sp_kib") | $lv_wall$lv_note | $lv_states | $(mib "$lv_kib") | ${sm_wall[1]} | $(rate "$states" "${sm_wall[1]}") | $(mib "${sm_kib[1]}") | ${sm_wall[2]} | $(rate "$states" "${sm_wall[2]}") | $(mib "${sm_kib[2]}") |")
    done
  done
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

{
  echo "# SPIN and smsmc side by side"
  echo
  echo "Generated by \`tools/bench-spin.sh\` on $(date -u +%Y-%m-%d)."
  echo
  echo "Machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), $(awk '/MemTotal/{printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(. /etc/os-release; echo "$PRETTY_NAME"), $(spin -V), $("$cc" --version | head -1)."
  echo "Load average (1, 5, 15 min) before: $load_before; after: $load_after. The machine is shared: other jobs ran"
  echo "alongside, so absolute seconds are pessimistic; every process ran alone in this script."
  echo
  echo "Each row is one variant, N sites and M logon servers, both environments (unattended,"
  echo "operator-on-duty). *states* is the sum of the two environments' reachable states, counted alike"
  echo "by both engines (the script fails if SPIN's stored states differ from smsmc's). *SPIN safety*: pan"
  echo "(\`cc -O2 -DSAFETY -DNOREDUCE -DNOCLAIM\`, \`pan -A -E\`), one full-space depth-first run per"
  echo "environment, no property evaluated; seconds are the two runs' sum, memory the larger peak."
  echo "*SPIN liveness*: \`pan -a -f -A\` of \`upgrade_completes\` (unattended) and \`workaround_recovers\`"
  echo "(operator on duty), each stopped after $live_minutes minutes (\"stopped\"), with its stored states"
  echo "(the product with the claim and weak fairness's copies; a violated claim stops at its first fair"
  echo "acceptance cycle, so \`original\`'s runs explore part of the space). *smsmc*: one \`smsmc check\` process with"
  echo "\`--threads 1\` and \`--threads 2\`: both environments, every property including liveness. Seconds are"
  echo "wall-clock (\`/usr/bin/time\`), peak MiB the maximum resident set size. Building the $compiles SPIN"
  echo "verifiers (\`spin -a\` and \`cc -O2\`) took $compile_seconds s in all, not counted above."
  echo
  echo "| variant | N | M | states | SPIN safety s | SPIN states/s | SPIN MiB | SPIN liveness s | liveness stored | liveness MiB | smsmc 1 thread s | states/s | MiB | smsmc 2 threads s | states/s | MiB |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
  printf '%s\n' "${rows[@]}"
} > "$out"
echo "bench-spin: wrote $out" >&2
