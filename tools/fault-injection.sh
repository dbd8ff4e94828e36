#!/usr/bin/env bash
# Fault injection (issue 12): large checks under a low memory budget and under
# `ulimit -v` must stop cleanly, print their partial result and exit with the
# documented code; never abort, never exit 2. Run by .ci/run after the tests.
#   tools/fault-injection.sh [smsmc binary, default build/release/smsmc]
set -uo pipefail
cd "$(dirname "$0")/.."
smsmc=${1:-build/release/smsmc}
failed=0

# expect CODE PATTERN -- COMMAND...: runs COMMAND, checks its exit code and
# that its output holds PATTERN (a grep -E pattern).
expect() {
  local code=$1 pattern=$2
  shift 3
  local out status
  out=$("$@" 2>&1)
  status=$?
  if [[ $status -ne $code ]] || ! grep -Eq "$pattern" <<<"$out"; then
    echo "fault-injection: FAILED: $* (exit $status, expected $code and /$pattern/)" >&2
    tail -20 <<<"$out" >&2
    failed=1
    return
  fi
  echo "fault-injection: ok (exit $status): $*"
  grep -E "partial|Stopped early|^Result" <<<"$out" | sed 's/^/    /'
}

# The issue's configuration: the race is found before the budget runs out, so
# the partial result carries the counterexample and the exit code is 1.
expect 1 "partial \(stopped by max-memory\)" -- "$smsmc" check -n 4 -m 16 --no-symmetry --max-memory 256M
# A race-free variant under the same budget: nothing violated, so exit 3.
expect 3 "partial \(stopped by max-memory\)" -- "$smsmc" check -v handshake -n 6 -m 16 --no-symmetry --max-memory 256M
# The issue's first report: `ulimit -v 6000000; smsmc check -n 64 -m 1024`
# aborted (exit 134). The default budget now follows the limit.
expect 3 "partial \(stopped by (max-memory|out-of-memory)\)" -- \
  bash -c 'ulimit -v 6000000 && exec "$0" check -n 64 -m 1024 --no-symmetry' "$smsmc"
# No budget at all: malloc itself fails, in a worker thread or the main one.
expect 3 "partial \(stopped by out-of-memory\)" -- \
  bash -c 'ulimit -v 500000 && exec "$0" check -v handshake -n 6 -m 16 --no-symmetry --max-memory 0' "$smsmc"
exit $failed
