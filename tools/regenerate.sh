#!/usr/bin/env bash
# Regenerates everything in the tree that is derived from the model, after a
# protocol change: the golden traces and diagrams (their fingerprints follow
# the transition tables), the pinned state-count coefficients, and the tables
# the README and spec/ embed. Review the diff before committing it;
# spec/proposing-a-change.md says what each part means.
#   tools/regenerate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset release >/dev/null
cmake --build --preset release
echo "== golden traces and diagrams"
bash traces/regenerate.sh build/release/smsmc
echo "== state-count coefficients (tests/state_counts.yaml)"
SMSMC_UPDATE_STATE_COUNTS=1 ctest --preset release -R 'StateCountLaw' >/dev/null
echo "== generated tables in the README and spec/"
SMSMC_UPDATE_DOCS=1 ctest --preset release -R 'GeneratedDocs|json_results_readme' >/dev/null
echo "== checking"
ctest --preset release -R 'StateCountLaw|GeneratedDocs|json_results_readme|Trace|Render'
git status --short -- traces tests/state_counts.yaml README.md spec
