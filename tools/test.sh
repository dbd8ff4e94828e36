#!/usr/bin/env bash
# Every test: the release build's tests, the same tests built with
# AddressSanitizer and UndefinedBehaviorSanitizer, and the checker's
# multi-threaded tests under ThreadSanitizer (the tsan presets build only
# those: a third full build would cost minutes on 2 cores). Run
# tools/setup.sh first on a fresh machine (tools/demo.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
# timed NAME COMMAND...: one "test: NAME: N s" line per step, for CI's log.
timed() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "test: $name: $((SECONDS - start)) s"
}
for preset in release asan-ubsan tsan; do
  echo "== $preset =="
  timed "$preset configure" cmake --preset "$preset"
  timed "$preset build" cmake --build --preset "$preset"
  timed "$preset ctest" ctest --preset "$preset"
done
