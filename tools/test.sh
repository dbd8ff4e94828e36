#!/usr/bin/env bash
# Every test: the release build's tests, the same tests built with
# AddressSanitizer and UndefinedBehaviorSanitizer, and the checker's
# multi-threaded tests under ThreadSanitizer (the tsan presets build only
# those: a third full build would cost minutes on 2 cores). Run
# tools/setup.sh first on a fresh machine (tools/demo.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
for preset in release asan-ubsan tsan; do
  echo "== $preset =="
  cmake --preset "$preset"
  cmake --build --preset "$preset"
  ctest --preset "$preset"
done
