// The protocol's verdicts, computed by exploration and compared with
// spec/expectations.yaml; counterexamples replayed and checked minimal by an
// independent search; the compiled tables
// cross-checked against the real Boost.MSM back ends.
#include "spec/check.h"
#include "spec/expectations.h"
#include "spec/shared_parent.h"
#include "spec/variants.h"
#include "statemachines/protocol.h"

#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <random>
#include <set>

namespace smsmc::spec {
namespace {

const Expectations& expectations() {
  static const Expectations loaded = load_expectations(default_expectations_file());
  return loaded;
}

struct Case {
  std::string variant;
  int sites;
  int logon_servers;
  sm::SharedParent parent{};
};

/// The `tests` grid with the default parent, and each shared parent of the
/// file over its `tests` grid (spec/shared-parent.md).
std::vector<Case> cases() {
  std::vector<Case> out;
  const Grid& grid = expectations().grid("tests");
  for (const Variant& v : variants()) {
    for (int n : grid.sites) {
      for (int m : grid.logon_servers) out.push_back({v.name, n, m});
    }
  }
  if (const Grid* shared = expectations().shared_parent_grid("tests")) {
    for (const SharedParentExpectation& e : expectations().shared_parents) {
      for (const Variant& v : variants()) {
        for (int n : shared->sites) {
          for (int m : shared->logon_servers) out.push_back({v.name, n, m, e.parent});
        }
      }
    }
  }
  return out;
}

/// "", or "_hm_one_at_a_time_slots_2".
std::string parent_suffix(const sm::SharedParent& parent) {
  std::string out;
  if (parent.one_hm()) out += std::string("_hm_") + hm_mode_name(parent.hm);
  if (parent.slots_limited()) out += "_slots_" + std::to_string(parent.sender_slots);
  return out;
}

std::string case_name(const testing::TestParamInfo<Case>& info) {
  std::string name = info.param.variant + "_N" + std::to_string(info.param.sites) + "_M" +
                     std::to_string(info.param.logon_servers) + parent_suffix(info.param.parent);
  for (char& c : name) {
    if (c == '-') c = '_';
  }
  return name;
}

Config config_of(const Case& c, Environment env = Environment::unattended) {
  Config config{find_variant(c.variant), c.sites, c.logon_servers, env};
  config.parent = c.parent;
  return config;
}

// One exploration per case, shared by the tests of that case.
const CheckReport& report_for(const Case& c) {
  static std::map<std::string, CheckReport> cache;
  const std::string key = c.variant + "/" + std::to_string(c.sites) + "/" + std::to_string(c.logon_servers) +
                          parent_suffix(c.parent);
  auto it = cache.find(key);
  if (it == cache.end()) it = cache.emplace(key, check_protocol(config_of(c))).first;
  return it->second;
}

/// Shortest distance from the initial state to a state where `bad` holds,
/// by a plain breadth-first search over std::map: independent of the
/// checker's visited set and parent pointers. -1 if none.
int shortest_distance(const ProtocolModel& model, const std::function<bool(const mc::StateView&)>& bad) {
  using State = std::vector<mc::Word>;
  std::vector<mc::Word> init;
  model.init_states(init);
  std::map<State, int> distance{{init, 0}};
  std::deque<State> queue{init};
  std::vector<mc::Action> actions;
  State next(model.state_words());
  while (!queue.empty()) {
    const State state = queue.front();
    queue.pop_front();
    actions.clear();
    model.actions(state.data(), actions);
    if (bad({state.data(), actions.empty()})) return distance[state];
    for (mc::Action a : actions) {
      model.next_state(state.data(), a, next.data());
      if (distance.emplace(next, distance[state] + 1).second) queue.push_back(next);
    }
  }
  return -1;
}

mc::Property property_named(const ProtocolModel& model, const std::string& name) {
  for (mc::Property& candidate : model.properties()) {
    if (candidate.name == name) return candidate;
  }
  throw std::logic_error("no property " + name);
}

class ProtocolCase : public testing::TestWithParam<Case> {};

TEST_P(ProtocolCase, VerdictsMatchTheExpectationsFile) {
  const Case& c = GetParam();
  const CheckReport& report = report_for(c);
  ASSERT_TRUE(report.complete());
  ASSERT_EQ(report.properties.size(), property_catalog().size());
  for (const CheckedProperty& p : report.properties) {
    EXPECT_EQ(outcome_key(p.outcome),
              std::string(outcome_key(expectations().expected(c.variant, p.info->name, c.parent))))
        << c.variant << " N=" << c.sites << " M=" << c.logon_servers << parent_suffix(c.parent) << " property "
        << p.info->name
        << (p.result.note.empty() ? "" : " (" + p.result.note + ")");
  }
}

TEST_P(ProtocolCase, SafetyCounterexamplesReplayToTheViolationAndAreShortest) {
  const Case& c = GetParam();
  const CheckReport& report = report_for(c);
  for (const CheckedProperty& p : report.properties) {
    if (p.info->kind != mc::Expectation::always || p.outcome != Outcome::violated) continue;
    ASSERT_TRUE(p.result.path.has_value()) << p.info->name;
    const ProtocolModel model(config_of(c, p.info->environment));
    const mc::Property property = property_named(model, p.info->name);
    const std::vector<mc::Word> states = mc::replay(model, *p.result.path);
    const std::size_t words = model.state_words();
    std::vector<mc::Action> enabled;
    const mc::Word* last = states.data() + states.size() - words;
    model.actions(last, enabled);
    EXPECT_FALSE(property.condition({last, enabled.empty()})) << p.info->name << ": the last state must violate it";
    // Every earlier state satisfies it: the path stops at the first violation.
    for (std::size_t i = 0; i + words < states.size(); i += words) {
      enabled.clear();
      model.actions(states.data() + i, enabled);
      EXPECT_TRUE(property.condition({states.data() + i, enabled.empty()})) << p.info->name << " at step " << i / words;
    }
    const auto violates = [&](const mc::StateView& v) { return !property.condition(v); };
    EXPECT_EQ(static_cast<int>(p.result.path->actions.size()), shortest_distance(model, violates)) << p.info->name;
  }
}

TEST_P(ProtocolCase, LivenessCounterexamplesEndTerminalOrLoopWithoutTheGoal) {
  const Case& c = GetParam();
  const CheckReport& report = report_for(c);
  for (const CheckedProperty& p : report.properties) {
    if (p.info->kind != mc::Expectation::eventually || p.outcome != Outcome::violated) continue;
    ASSERT_TRUE(p.result.path.has_value());
    const ProtocolModel model(config_of(c, p.info->environment));
    const mc::Property property = property_named(model, p.info->name);
    const std::vector<mc::Word> states = mc::replay(model, *p.result.path);
    const std::size_t words = model.state_words();
    for (std::size_t i = 0; i < states.size(); i += words)
      EXPECT_FALSE(property.condition({states.data() + i, false})) << "the goal is reached at step " << i / words;
    const mc::Word* last = states.data() + states.size() - words;
    if (p.result.path->loop_start) {
      const mc::Word* loop = states.data() + *p.result.path->loop_start * words;
      EXPECT_TRUE(std::equal(loop, loop + words, last)) << "the lasso must return to its start";
    } else {
      std::vector<mc::Action> enabled;
      model.actions(last, enabled);
      EXPECT_TRUE(enabled.empty()) << "a non-lasso counterexample ends in a terminal state";
    }
  }
}

TEST_P(ProtocolCase, DepthFirstSearchFindsTheSameStatesAndVerdicts) {
  const Case& c = GetParam();
  CheckOptions options;
  options.strategy = mc::Strategy::dfs;
  const CheckReport dfs = check_protocol(config_of(c), options);
  const CheckReport& bfs = report_for(c);
  ASSERT_EQ(dfs.runs.size(), bfs.runs.size());
  for (std::size_t i = 0; i < dfs.runs.size(); ++i) EXPECT_EQ(dfs.runs[i].stats.states, bfs.runs[i].stats.states);
  for (std::size_t i = 0; i < dfs.properties.size(); ++i)
    EXPECT_EQ(dfs.properties[i].outcome, bfs.properties[i].outcome) << dfs.properties[i].info->name;
}

INSTANTIATE_TEST_SUITE_P(Grid, ProtocolCase, testing::ValuesIn(cases()), case_name);

// ---- compiled tables vs Boost.MSM -------------------------------------------

TEST(CompiledTables, AgreeWithTheBoostMsmBackEndsOnRandomWalks) {
  std::mt19937 random(20261126);
  for (const Variant& variant : variants()) {
    for (Environment env : {Environment::unattended, Environment::operator_on_duty}) {
      const ProtocolModel model({&variant, 2, 2, env});
      for (int walk = 0; walk < 100; ++walk) {
        std::vector<mc::Word> table_state;
        model.init_states(table_state);
        std::vector<mc::Word> msm_state(model.state_words());
        sm::World world = model.world(msm_state.data());
        sm::MsmRunner msm(world);
        world.dispatcher = &msm;
        ASSERT_EQ(msm_state, table_state) << "initial states differ";
        std::vector<mc::Action> enabled;
        std::vector<mc::Word> next(model.state_words());
        for (int step = 0; step < 200; ++step) {
          enabled.clear();
          model.actions(table_state.data(), enabled);
          if (enabled.empty()) break;
          const mc::Action action = enabled[random() % enabled.size()];
          model.next_state(table_state.data(), action, next.data());
          table_state = next;
          ASSERT_TRUE(msm.fire(ProtocolModel::actor_of(action), ProtocolModel::event_of(action)))
              << variant.name << ": MSM did not fire " << model.format_action(action);
          ASSERT_EQ(msm_state, table_state) << variant.name << " after " << model.format_action(action);
        }
      }
    }
  }
}

TEST(Expectations, MalformedFilesAreRejectedWithTheField) {
  EXPECT_THROW(parse_expectations("variants: [", "x"), ExpectationError);
  try {
    parse_expectations("variants:\n  original:\n    no-config-failure: maybe\n", "x.yaml");
    FAIL() << "accepted an unknown outcome";
  } catch (const ExpectationError& e) {
    EXPECT_NE(std::string(e.what()).find("original.no-config-failure"), std::string::npos) << e.what();
  }
  try {
    parse_expectations("variants:\n  no-such-variant: {}\n", "x.yaml");
    FAIL() << "accepted an unknown variant";
  } catch (const ExpectationError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-variant"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace smsmc::spec
