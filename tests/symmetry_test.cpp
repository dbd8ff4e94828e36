// Symmetry reduction against the unreduced search: the same verdicts, the
// same counterexample lengths (the loop of a lasso aside: see
// spec/symmetry.md), and counterexamples that are concrete runs of the
// model, replayable and judged by the one evaluator. On the protocol over
// the tests' grid, and on random symmetric toys where weak fairness decides
// liveness verdicts, which the quotient's lifted fairness check must get
// right.
#include <gtest/gtest.h>

#include "mc/checker.h"
#include "mc/evaluate.h"
#include "spec/check.h"
#include "spec/variants.h"
#include "tests/symmetric_toy.h"

namespace smsmc {
namespace {

/// The discovery a counterexample path must show for its property.
mc::Discovery expected_discovery(const mc::PropertyResult& result) {
  switch (result.kind) {
    case mc::Expectation::always:
      return mc::Discovery::safety_violation;
    case mc::Expectation::sometimes:
      return mc::Discovery::example;
    case mc::Expectation::eventually:
      return result.path->loop_start ? mc::Discovery::fair_lasso : mc::Discovery::terminal_state;
  }
  return mc::Discovery::none;
}

/// Same verdict; a path exactly when the other has one, of the same length
/// (for a lasso: the same stem); the reduced run's path replays concretely
/// and shows what it claims.
void expect_same(const mc::Model& model, const mc::PropertyResult& full, const mc::PropertyResult& reduced,
                 const std::string& where) {
  EXPECT_EQ(full.verdict, reduced.verdict) << where;
  ASSERT_EQ(full.path.has_value(), reduced.path.has_value()) << where;
  if (!reduced.path) return;
  EXPECT_EQ(full.path->loop_start.has_value(), reduced.path->loop_start.has_value()) << where;
  if (full.path->loop_start) {
    EXPECT_EQ(*full.path->loop_start, *reduced.path->loop_start) << where << ": the stem";
  } else {
    EXPECT_EQ(full.path->actions.size(), reduced.path->actions.size()) << where;
  }
  const mc::Evaluation evaluation = mc::evaluate(model, *reduced.path, model.properties());
  const mc::PropertyOnPath* on_path = evaluation.find(reduced.name);
  ASSERT_NE(on_path, nullptr) << where;
  EXPECT_EQ(on_path->discovery, expected_discovery(reduced)) << where;
  if (reduced.path->loop_start) {
    EXPECT_TRUE(evaluation.fair_loop()) << where;
  }
}

TEST(Symmetry, RandomSymmetricToysAgreeWithTheFullSearch) {
  int reduced_lassos = 0;
  int applied = 0;
  for (int processes : {2, 3}) {
    for (unsigned seed = 1; seed <= 150; ++seed) {
      const mc::test::SymmetricToy model(processes, seed);
      const mc::Result full = mc::Checker(model).run();
      const mc::Result reduced = mc::Checker(model).symmetry(true).run();
      ASSERT_TRUE(reduced.stats.symmetry);
      applied += reduced.stats.states < full.stats.states;
      EXPECT_LE(reduced.stats.states, full.stats.states);
      ASSERT_EQ(full.properties.size(), reduced.properties.size());
      for (std::size_t p = 0; p < full.properties.size(); ++p) {
        const std::string where =
            "N=" + std::to_string(processes) + " seed " + std::to_string(seed) + " " + full.properties[p].name;
        expect_same(model, full.properties[p], reduced.properties[p], where);
        if (reduced.properties[p].path && reduced.properties[p].path->loop_start) ++reduced_lassos;
      }
    }
  }
  // The toys must exercise what they are for: orbits bigger than one state,
  // and fair lassos found on the quotient's lift.
  EXPECT_GT(applied, 100);
  EXPECT_GT(reduced_lassos, 20);
}

/// The checker with and without symmetry on one configuration: same
/// verdicts, same counterexample lengths, the reduced ones concrete.
void expect_symmetry_agrees(const spec::Config& config, const std::string& label) {
  spec::CheckOptions off;
  off.symmetry = false;
  const spec::CheckReport full = spec::check_protocol(config, off);
  const spec::CheckReport reduced = spec::check_protocol(config);
  for (const spec::EnvironmentRun& run : reduced.runs) EXPECT_EQ(run.stats.symmetry, config.sites > 1) << label;
  if (config.sites > 1) {
    EXPECT_LT(reduced.states(), full.states()) << label;
  }
  ASSERT_EQ(full.properties.size(), reduced.properties.size());
  for (std::size_t p = 0; p < full.properties.size(); ++p) {
    const std::string where = label + " " + config.variant->name + " N=" + std::to_string(config.sites) +
                              " M=" + std::to_string(config.logon_servers) + " " + full.properties[p].info->name;
    EXPECT_EQ(full.properties[p].outcome, reduced.properties[p].outcome) << where;
    spec::Config env = config;
    env.environment = reduced.properties[p].info->environment;
    const spec::ProtocolModel model(env);
    expect_same(model, full.properties[p].result, reduced.properties[p].result, where);
  }
}

TEST(Symmetry, TheProtocolOverTheTestGridAgreesWithTheFullSearch) {
  for (const spec::Variant& variant : spec::variants()) {
    for (int sites : {1, 2, 3}) {
      for (int logon_servers : {0, 1, 3}) {
        expect_symmetry_agrees({&variant, sites, logon_servers, spec::Environment::unattended}, "");
      }
    }
  }
}

// The shared parent (spec/shared-parent.md) puts actors at the parent that
// every site's guards read; they name no site, so the reduction still
// applies and must still agree with the full search.
TEST(Symmetry, ASharedParentOverTheTestGridAgreesWithTheFullSearch) {
  const std::vector<std::pair<std::string, sm::SharedParent>> parents = {
      {"--hm one-at-a-time", {sm::HmMode::one_at_a_time, 0}},
      {"--sender-slots 1", {sm::HmMode::one_job_per_site, 1}},
      {"--sender-slots 2", {sm::HmMode::one_job_per_site, 2}},
      {"--hm one-at-a-time --sender-slots 1", {sm::HmMode::one_at_a_time, 1}},
  };
  for (const auto& [label, parent] : parents) {
    for (const spec::Variant& variant : spec::variants()) {
      for (int sites : {1, 2, 3}) {
        for (int logon_servers : {0, 1, 3}) {
          spec::Config config{&variant, sites, logon_servers, spec::Environment::unattended};
          config.parent = parent;
          expect_symmetry_agrees(config, label);
        }
      }
    }
  }
}

// The canonical form is a function of the orbit: every member of an orbit
// maps to the same representative, which is itself a member.
TEST(Symmetry, EveryMemberOfAnOrbitHasTheSameCanonicalForm) {
  const spec::Config config{&spec::variants().front(), 3, 2, spec::Environment::operator_on_duty};
  const spec::ProtocolModel model(config);
  ASSERT_TRUE(model.symmetric());
  const mc::Result states = mc::Checker(model).collect_states().run();
  const std::size_t words = model.state_words();
  std::vector<mc::Word> orbit;
  std::vector<mc::Word> canonical(words);
  std::vector<mc::Word> other(words);
  int bigger_than_one = 0;
  for (std::size_t i = 0; i < states.states.size(); i += words * 97) {
    orbit.clear();
    model.orbit(states.states.data() + i, orbit);
    ASSERT_TRUE(model.canonicalize(states.states.data() + i, canonical.data()));
    bool member = false;
    for (std::size_t j = 0; j < orbit.size(); j += words) {
      ASSERT_TRUE(model.canonicalize(orbit.data() + j, other.data()));
      EXPECT_EQ(other, canonical);
      member |= std::equal(canonical.begin(), canonical.end(), orbit.begin() + static_cast<std::ptrdiff_t>(j));
    }
    EXPECT_TRUE(member);
    bigger_than_one += orbit.size() > words;
  }
  EXPECT_GT(bigger_than_one, 0);
}

}  // namespace
}  // namespace smsmc
