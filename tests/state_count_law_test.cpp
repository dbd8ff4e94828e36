// State counts explained, not only pinned. The secondary sites share nothing,
// so the reachable states of one environment are the product of N copies of
// one site's: states(N, M) = s(M)^N. One site's count grows by a fixed number
// of states per logon server (each server adds one more "stopped" step to the
// shutdown), so s(M) = a + b*M, and states(N, M) = (a + b*M)^N.
//
// The law counts concrete states, so it is asserted with symmetry reduction
// off (--no-symmetry). With it on (the default), the sites being
// interchangeable, a state is a multiset of N one-site states: s(M) + N - 1
// choose N of them (spec/symmetry.md).
//
// The test derives a and b from the N = 1 runs at M = 0 and M = 1, asserts the
// law over a grid, checks the N = 1 counts against an independent search over
// std::set, and pins a and b per variant and environment in
// tests/state_counts.yaml (a model change shows up there as a deliberate diff:
// SMSMC_UPDATE_STATE_COUNTS=1 ctest --preset release -R StateCountLaw).
#include "spec/check.h"
#include "spec/variants.h"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <deque>
#include <fstream>
#include <map>
#include <set>

namespace smsmc::spec {
namespace {

using Count = std::uint64_t;

/// Unique states of each environment for one configuration, by the checker.
std::map<Environment, Count> checker_counts(const Variant& variant, int sites, int logon_servers,
                                           bool symmetry = false) {
  CheckOptions options;
  options.symmetry = symmetry;
  const CheckReport report = check_protocol({&variant, sites, logon_servers, Environment::unattended}, options);
  std::map<Environment, Count> out;
  for (const EnvironmentRun& run : report.runs) {
    EXPECT_TRUE(run.stats.complete) << variant.name << " N=" << sites << " M=" << logon_servers;
    out[run.environment] = run.stats.states;
  }
  return out;
}

/// The same count by a plain breadth-first search over std::set: shares
/// nothing with the checker but the model.
Count independent_count(const Variant& variant, int logon_servers, Environment environment) {
  const ProtocolModel model({&variant, 1, logon_servers, environment});
  using State = std::vector<mc::Word>;
  State init;
  model.init_states(init);
  std::set<State> seen{init};
  std::deque<State> queue{init};
  std::vector<mc::Action> actions;
  State next(model.state_words());
  while (!queue.empty()) {
    const State state = queue.front();
    queue.pop_front();
    actions.clear();
    model.actions(state.data(), actions);
    for (mc::Action action : actions) {
      model.next_state(state.data(), action, next.data());
      if (seen.insert(next).second) queue.push_back(next);
    }
  }
  return seen.size();
}

Count power(Count base, int exponent) {
  Count out = 1;
  for (int i = 0; i < exponent; ++i) out *= base;
  return out;
}

struct Law {
  Count a;  // one site, no logon server
  Count b;  // states each logon server adds to one site
};

std::string key(const Variant& variant, Environment environment) {
  return std::string(variant.name) + " " + environment_name(environment);
}

std::map<std::string, Law> derive_laws() {
  std::map<std::string, Law> laws;
  for (const Variant& variant : variants()) {
    const std::map<Environment, Count> m0 = checker_counts(variant, 1, 0);
    const std::map<Environment, Count> m1 = checker_counts(variant, 1, 1);
    for (const auto& [environment, s0] : m0) laws[key(variant, environment)] = {s0, m1.at(environment) - s0};
  }
  return laws;
}

TEST(StateCountLaw, HoldsOverTheGrid) {
  const std::map<std::string, Law> laws = derive_laws();
  for (const Variant& variant : variants()) {
    for (int sites : {1, 2, 3}) {
      for (int logon_servers : {0, 1, 3, 8}) {
        if (sites == 3 && logon_servers > 3) continue;  // keeps the test to a second or two
        for (const auto& [environment, states] : checker_counts(variant, sites, logon_servers)) {
          const Law& law = laws.at(key(variant, environment));
          EXPECT_EQ(states, power(law.a + law.b * static_cast<Count>(logon_servers), sites))
              << key(variant, environment) << " N=" << sites << " M=" << logon_servers << ": (a + bM)^N with a = "
              << law.a << ", b = " << law.b;
        }
      }
    }
  }
}

/// n choose k, exactly (the products stay far below 2^64 here).
Count choose(Count n, Count k) {
  Count out = 1;
  for (Count i = 1; i <= k; ++i) out = out * (n - k + i) / i;
  return out;
}

// With symmetry reduction the count per environment is the number of
// multisets of N one-site states, C(s + N - 1, N), s being the N = 1 count.
TEST(StateCountLaw, ReducedCountsAreMultisetsOfOneSiteStates) {
  for (const Variant& variant : variants()) {
    for (int logon_servers : {0, 1, 3}) {
      const std::map<Environment, Count> one = checker_counts(variant, 1, logon_servers);
      for (int sites : {2, 3, 4}) {
        if (sites == 4 && logon_servers > 1) continue;  // keeps the test to a second or two
        for (const auto& [environment, states] : checker_counts(variant, sites, logon_servers, true)) {
          const Count s = one.at(environment);
          EXPECT_EQ(states, choose(s + static_cast<Count>(sites) - 1, static_cast<Count>(sites)))
              << key(variant, environment) << " N=" << sites << " M=" << logon_servers << ": C(s + N - 1, N), s = " << s;
        }
      }
    }
  }
  // The example: original, M = 16, unattended: s = 87, C(90, 4).
  EXPECT_EQ(choose(90, 4), 2555190u);
}

TEST(StateCountLaw, OneSiteCountsAgreeWithAnIndependentSearch) {
  for (const Variant& variant : variants()) {
    for (int logon_servers : {0, 1, 3}) {
      for (const auto& [environment, states] : checker_counts(variant, 1, logon_servers)) {
        EXPECT_EQ(states, independent_count(variant, logon_servers, environment))
            << key(variant, environment) << " M=" << logon_servers;
      }
    }
  }
}

std::string pins_file() { return SMSMC_SOURCE_DIR "/tests/state_counts.yaml"; }

TEST(StateCountLaw, CoefficientsMatchThePins) {
  const std::map<std::string, Law> laws = derive_laws();
  if (std::getenv("SMSMC_UPDATE_STATE_COUNTS") != nullptr) {
    std::ofstream out(pins_file());
    out << "# One site's unique states per environment: s(M) = a + b*M, and with N\n"
           "# independent sites states(N, M) = (a + b*M)^N (tests/state_count_law_test.cpp).\n"
           "# Regenerate: SMSMC_UPDATE_STATE_COUNTS=1 ctest --preset release -R StateCountLaw\n";
    for (const auto& [name, law] : laws) out << '"' << name << "\": {a: " << law.a << ", b: " << law.b << "}\n";
    GTEST_SKIP() << "rewrote " << pins_file();
  }
  const YAML::Node pinned = YAML::LoadFile(pins_file());
  ASSERT_TRUE(pinned.IsMap());
  EXPECT_EQ(pinned.size(), laws.size()) << "variants or environments changed: regenerate the pins";
  for (const auto& [name, law] : laws) {
    ASSERT_TRUE(pinned[name]) << "no pinned coefficients for " << name;
    EXPECT_EQ(pinned[name]["a"].as<Count>(), law.a) << name;
    EXPECT_EQ(pinned[name]["b"].as<Count>(), law.b) << name;
  }
}

// The coefficients the issue and spec/protocol.md quote, by name: if these
// change, so must the docs.
TEST(StateCountLaw, TheDocumentedCoefficients) {
  const std::map<std::string, Law> laws = derive_laws();
  auto expect = [&](const char* name, Count a, Count b) {
    ASSERT_EQ(laws.count(name), 1u) << name;
    EXPECT_EQ(laws.at(name).a, a) << name;
    EXPECT_EQ(laws.at(name).b, b) << name;
  };
  expect("original unattended", 23, 4);
  expect("original operator-on-duty", 25, 4);
  expect("handshake unattended", 9, 1);
  expect("despooler-defers unattended", 17, 3);
}

}  // namespace
}  // namespace smsmc::spec
