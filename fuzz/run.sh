#!/usr/bin/env bash
# Builds the libFuzzer targets with clang, ASan and UBSan, outside the main
# (gcc) build, and fuzzes each for a bounded time.
#   fuzz/run.sh [seconds=60] [target...]   targets: trace json yaml expectations (default: all)
#   trace         the trace reader and replay (trace/trace.cpp, trace/replay.cpp)
#   json          io/json.h: parse_json and the range-checked field getters
#   yaml          io/yaml.h: a YAML document read the way spec/expectations.yaml is
#   expectations  the expectations loader itself (spec/expectations.cpp)
# Each target starts from its seeds (fuzz/corpus/<target>/, the golden traces
# or the expectations file) plus fuzz/regressions/, and keeps what it learns
# in fuzz/out/corpus-<target>/ (not committed). A crash leaves crash-* in
# fuzz/out/; fix it, then keep the input in fuzz/regressions/ (trace: top
# level, *.json, replayed by tests/trace_test.cpp; json/, yaml/ and
# expectations/: replayed through the target itself by ctest's
# fuzz_regressions_json/_yaml/_expectations) so the
# tests try it forever. Every target runs even when
# one fails; the exit code is non-zero if any did.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
seconds=${1:-60}
shift || true
targets=("$@")
((${#targets[@]})) || targets=(trace json yaml expectations)
out=$here/out
mkdir -p "$out"

io_sources=(io/text.cpp io/read.cpp io/json.cpp io/yaml.cpp)
# Every source of the layers a protocol target links, by folder, so a new
# file in them needs no edit here.
mapfile -t protocol_sources < <(cd "$root" && ls statemachines/*.cpp mc/*.cpp mc/timed/*.cpp spec/*.cpp)

# ccache when present (CI runs on a machine that keeps its cache); each source
# compiles on its own, two at a time (the trace target compiles Boost.MSM),
# once for all targets (the flags are the same).
compiler=(clang++)
if command -v ccache >/dev/null; then compiler=(ccache clang++); fi
# -g1: line tables are all a crash report's stack needs; full -g made the
# objects three times larger and the fuzz build ~2% slower (bench/CI.md).
flags=(-std=c++17 -O1 -g1 -fsanitize=address,undefined -fno-sanitize-recover=undefined
       -DBOOST_BIND_GLOBAL_PLACEHOLDERS -DBOOST_ALLOW_DEPRECATED_HEADERS -DSMSMC_SOURCE_DIR="\"$root\"" -I"$root")
jobs=${FUZZ_JOBS:-2}

# build TARGET LIBS -- SOURCES...: rebuilds fuzz/out/TARGET_fuzz when a source
# or a header of its layers is newer.
build() {
  local target=$1 libs=$2
  shift 3
  local sources=("fuzz/${target}_fuzz.cpp" "$@")
  local binary=$out/${target}_fuzz
  if [[ -x $binary && -z $(find "${sources[@]/#/$root/}" "$root"/spec/*.h "$root"/statemachines/*.h \
        "$root"/mc/*.h "$root"/mc/timed/*.h "$root"/io/*.h -newer "$binary" 2>/dev/null) ]]; then
    return 0
  fi
  echo "fuzz: building $binary"
  local objects=() running=() status=0 source object
  mkdir -p "$out/obj"
  for source in "${sources[@]}"; do
    object=$out/obj/${source//\//_}.o
    objects+=("$object")
    if [[ -f $object && -z $(find "$root/$source" "$root"/spec/*.h "$root"/statemachines/*.h "$root"/mc/*.h "$root"/mc/timed/*.h \
          "$root"/io/*.h "$root"/trace/*.h -newer "$object" 2>/dev/null) ]]; then
      continue
    fi
    "${compiler[@]}" "${flags[@]}" -fsanitize=fuzzer-no-link -c "$root/$source" -o "$object" &
    running+=($!)
    if ((${#running[@]} >= jobs)); then
      wait "${running[0]}" || status=1
      running=("${running[@]:1}")
    fi
  done
  for pid in "${running[@]}"; do wait "$pid" || status=1; done
  ((status == 0)) || { echo "fuzz: building $target failed" >&2; return 1; }
  # shellcheck disable=SC2086  # $libs is a list of -l flags
  clang++ "${flags[@]}" -fsanitize=fuzzer "${objects[@]}" -o "$binary" $libs
}

# fuzz TARGET MAX_LEN SEEDS...: runs one target for $seconds in the
# background (up to $jobs at once: the targets are independent, and CI has
# two cores), its output in fuzz/out/TARGET.log, shown when it ends.
running_targets=()
running_pids=()
fuzz() {
  local target=$1 max_len=$2
  shift 2
  local corpus=$out/corpus-$target
  mkdir -p "$corpus"
  cp "$@" "$corpus/" 2>/dev/null || true
  while ((${#running_pids[@]} >= jobs)); do collect_first; done
  echo "fuzz: $target for ${seconds}s"
  (cd "$out" && UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 "./${target}_fuzz" -max_total_time="$seconds" \
    -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -dict="$here/$target.dict" -print_final_stats=1 "$corpus" \
    >"$out/$target.log" 2>&1) &
  running_targets+=("$target")
  running_pids+=($!)
}

# collect_first: waits for the oldest running target and reports it.
collect_first() {
  local target=${running_targets[0]} pid=${running_pids[0]}
  running_targets=("${running_targets[@]:1}")
  running_pids=("${running_pids[@]:1}")
  if wait "$pid"; then
    echo "fuzz: $target: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$out/$target.log" || echo done)"
  else
    echo "fuzz: $target FAILED; its log ($out/$target.log) ends:" >&2
    tail -n 40 "$out/$target.log" >&2
    failed+=("$target")
  fi
}

failed=()
for target in "${targets[@]}"; do
  case $target in
    trace)
      build trace "-lxxhash -lpthread -lyaml-cpp" -- trace/trace.cpp trace/record.cpp trace/replay.cpp \
          "${protocol_sources[@]}" "${io_sources[@]}" &&
        fuzz trace 8192 "$root"/traces/*.json "$here"/regressions/*.json || failed+=(trace) ;;
    json)
      build json "" -- io/text.cpp io/read.cpp io/json.cpp &&
        fuzz json 8192 "$here"/corpus/json/* "$root"/traces/*.json "$here"/regressions/json/* || failed+=(json) ;;
    yaml)
      build yaml "-lyaml-cpp" -- io/text.cpp io/read.cpp io/yaml.cpp &&
        fuzz yaml 4096 "$here"/corpus/yaml/* "$root"/spec/expectations.yaml "$here"/regressions/yaml/* || failed+=(yaml) ;;
    expectations)
      build expectations "-lxxhash -lpthread -lyaml-cpp" -- "${protocol_sources[@]}" "${io_sources[@]}" &&
        fuzz expectations 8192 "$root"/spec/expectations.yaml "$here"/corpus/yaml/* "$here"/regressions/expectations/* ||
        failed+=(expectations) ;;
    *) echo "fuzz: unknown target '$target' (trace, json, yaml, expectations)" >&2; exit 2 ;;
  esac
done
while ((${#running_pids[@]})); do collect_first; done
if ((${#failed[@]})); then
  echo "fuzz: FAILED: ${failed[*]} (inputs in $out/crash-*, leak-*, timeout-*)" >&2
  exit 1
fi
echo "fuzz: ${targets[*]}: no failures in ${seconds}s each"
