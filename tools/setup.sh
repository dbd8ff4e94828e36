#!/usr/bin/env bash
# Installs smsmc's build and test dependencies from Debian 12's packages.
# Every dependency is named here; nothing else needs installing by hand.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost-dev            # Boost.MSM and MPL (header-only)
  libgtest-dev            # GoogleTest, run by CTest
  librapidcheck-dev       # property-based tests with shrinking
  libcli11-dev            # command-line parsing for tools/smsmc
  nlohmann-json3-dev      # trace files (JSON)
  libfmt-dev              # report formatting
  libxxhash-dev           # hashing of packed state keys in the visited set
  libyaml-cpp-dev         # spec/expectations.yaml
  graphviz libgraphviz-dev  # diagrams (libgvc, libcgraph, dot)
  clang libclang-rt-14-dev  # libFuzzer target for the trace reader
  libxml2-dev             # JUnit XML report (writer) and its schema check in tests
  time                    # /usr/bin/time for peak memory in the benchmark
  python3-jsonschema      # validates `smsmc --json` output against spec/results.schema.json in the tests
  jq                      # the README's example of reading --json verdicts (run by the tests)
  spin                    # SPIN: checks the independent Promela model (spec/promela) against smsmc
  gnuplot-nox             # smsmc sweep --plot: M* against a swept duration
)

# One dpkg-query for the whole list (one per package cost seconds in CI);
# apt-get runs only when something is missing.
installed=$(dpkg-query -W -f='${Package} ${Status}\n' "${packages[@]}" 2>/dev/null |
  awk '/ install ok installed$/ {print $1}' || true)
missing=()
for p in "${packages[@]}"; do
  grep -qxF -- "$p" <<<"$installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all dependencies present"
fi
