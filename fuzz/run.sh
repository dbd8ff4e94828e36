#!/usr/bin/env bash
# Builds the trace reader + replay with clang's libFuzzer, ASan and UBSan,
# outside the main (gcc) build, and fuzzes it for a bounded time.
#   fuzz/run.sh [seconds=60]
# A crash leaves crash-* in fuzz/out/; fix it, then keep the input as
# fuzz/regressions/<name>.json so tests/trace_test.cpp replays it forever.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
seconds=${1:-60}
out=$here/out
mkdir -p "$out/corpus"
cp "$root"/traces/*.json "$here"/regressions/*.json "$out/corpus/" 2>/dev/null || true

sources=(
  fuzz/trace_fuzz.cpp
  trace/trace.cpp trace/record.cpp trace/replay.cpp
  spec/model.cpp spec/properties.cpp spec/variants.cpp
  mc/checker.cpp
  statemachines/world.cpp statemachines/registry.cpp statemachines/protocol.cpp statemachines/hierarchy_manager.cpp
  statemachines/sender_link.cpp statemachines/upgrade_bootstrap.cpp statemachines/site_config_manager.cpp
  statemachines/despooler.cpp statemachines/watchdog.cpp statemachines/site_operator.cpp
)
if [[ ! -x $out/trace_fuzz || -n $(find "${sources[@]/#/$root/}" "$root"/{trace,spec,statemachines}/*.h -newer "$out/trace_fuzz" 2>/dev/null) ]]; then
  echo "fuzz: building $out/trace_fuzz"
  (cd "$root" && clang++ -std=c++17 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DBOOST_BIND_GLOBAL_PLACEHOLDERS -DBOOST_ALLOW_DEPRECATED_HEADERS -I"$root" \
    "${sources[@]}" -o "$out/trace_fuzz" -lxxhash -lpthread)
fi
cd "$out"
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ./trace_fuzz -max_total_time="$seconds" -max_len=8192 -timeout=10 \
  -dict="$here/trace.dict" -print_final_stats=1 corpus
