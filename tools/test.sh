#!/usr/bin/env bash
# Every test: the release build's tests, then the same tests built with
# AddressSanitizer and UndefinedBehaviorSanitizer. Run tools/setup.sh first
# on a fresh machine (tools/demo.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
for preset in release asan-ubsan; do
  echo "== $preset =="
  cmake --preset "$preset"
  cmake --build --preset "$preset"
  ctest --preset "$preset"
done
