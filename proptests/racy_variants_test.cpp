// The racy variants under the property-based explorer: RapidCheck must find a
// violation, and shrink it to a counterexample as short as the exhaustive
// checker's shortest one for the same N and M. The exhaustive length is
// computed here by check_protocol, never written down: a changed model moves
// both numbers together.
#include "mc/checker.h"
#include "proptests/support.h"
#include "spec/check.h"
#include "spec/expectations.h"
#include "spec/properties.h"
#include "spec/variants.h"
#include "trace/trace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace smsmc::proptest {
namespace {

struct RacyCase {
  const char* variant;
  int logon_servers;
  sim::SchedulerKind scheduler;
};

std::string label(const RacyCase& c) {
  std::string name = std::string(c.variant) + "_M" + std::to_string(c.logon_servers) + "_" + sim::scheduler_name(c.scheduler);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

void PrintTo(const RacyCase& c, std::ostream* os) { *os << label(c); }

std::string case_name(const ::testing::TestParamInfo<RacyCase>& info) { return label(info.param); }

std::vector<RacyCase> racy_cases() {
  // Which variants are racy is spec/expectations.yaml's to say, not this file's.
  const spec::Expectations expectations = spec::load_expectations(spec::default_expectations_file());
  std::vector<RacyCase> cases;
  for (const spec::Variant& v : spec::variants()) {
    if (!expectations.expects_race(v.name)) continue;
    const char* variant = v.name;
    for (int logon_servers : {0, 1, 3})
      for (sim::SchedulerKind scheduler : {sim::SchedulerKind::uniform, sim::SchedulerKind::pct})
        cases.push_back({variant, logon_servers, scheduler});
  }
  return cases;
}

std::vector<std::string> safety_property_names() {
  std::vector<std::string> names;
  for (const spec::PropertyInfo& info : spec::property_catalog()) {
    if (info.kind == mc::Expectation::always && info.role == spec::Role::property) names.emplace_back(info.name);
  }
  return names;
}

class RacyVariant : public ::testing::TestWithParam<RacyCase> {};

TEST_P(RacyVariant, IsFoundRacyAndShrunkToTheExhaustiveMinimum) {
  const RacyCase& c = GetParam();
  sim::ExploreOptions options = options_for_test(c.variant, c.scheduler);
  ASSERT_NE(options.variant, nullptr) << c.variant;
  if (reproducing_another_test(options)) GTEST_SKIP() << "RC_PARAMS reproduces another test";
  options.min_sites = options.max_sites = 1;
  options.min_logon_servers = options.max_logon_servers = c.logon_servers;
  // The search stops at the first failing schedule; this only caps a miss.
  options.runs = 1000;

  const sim::Exploration found = sim::explore(options);
  ASSERT_EQ(found.verdict, sim::Exploration::Verdict::violated)
      << "no counterexample in " << found.schedules << " schedules: " << found.message << "\nseed " << options.seed;
  const sim::Counterexample& counterexample = *found.counterexample;
  const std::string trace_file = write_trace(found, options, "proptest-traces", label(c));
  const std::string context = describe_failure(found, options, trace_file);

  // The exhaustive checker on the same configuration: every safety property,
  // so that "no shorter counterexample exists" covers the other properties too.
  spec::CheckOptions check;
  check.only = safety_property_names();
  const spec::CheckReport report = spec::check_protocol(counterexample.config, check);
  const spec::CheckedProperty* same = report.find(counterexample.property);
  ASSERT_NE(same, nullptr) << context;
  ASSERT_EQ(same->outcome, spec::Outcome::violated) << context;
  ASSERT_TRUE(same->result.path.has_value()) << context;
  std::size_t shortest_any = same->result.path->actions.size();
  for (const spec::CheckedProperty& p : report.properties) {
    if (p.outcome == spec::Outcome::violated && p.result.path)
      shortest_any = std::min(shortest_any, p.result.path->actions.size());
  }
  EXPECT_EQ(counterexample.path.actions.size(), same->result.path->actions.size())
      << "the shrunk schedule is not as short as the exhaustive checker's shortest counterexample for "
      << counterexample.property << "\n" << context;
  EXPECT_EQ(counterexample.path.actions.size(), shortest_any) << context;

  // The counterexample replays on the checker's model, and the property
  // fails at its last state and not before.
  const spec::ProtocolModel model(counterexample.config);
  const std::vector<mc::Word> states = mc::replay(model, counterexample.path);
  const std::size_t words = model.state_words();
  const std::size_t count = states.size() / words;
  ASSERT_EQ(count, counterexample.path.actions.size() + 1) << context;
  for (const mc::Property& property : model.properties()) {
    if (property.name != counterexample.property) continue;
    std::vector<mc::Action> enabled;
    for (std::size_t i = 0; i < count; ++i) {
      enabled.clear();
      model.actions(states.data() + i * words, enabled);
      const bool holds = property.condition({states.data() + i * words, enabled.empty()});
      EXPECT_EQ(holds, i + 1 < count) << "state " << i << "\n" << context;
    }
  }

  // The written trace reads back to the same steps.
  const trace::Trace trace = trace::read_trace_file(trace_file);
  EXPECT_EQ(trace.explorer, sim::explorer_name(c.scheduler));
  ASSERT_TRUE(trace.seed.has_value());
  EXPECT_EQ(*trace.seed, options.seed);
  EXPECT_EQ(trace.property, counterexample.property);
  EXPECT_EQ(trace::trace_path(model, trace).actions, counterexample.path.actions) << context;
}

INSTANTIATE_TEST_SUITE_P(ShortestCounterexample, RacyVariant, ::testing::ValuesIn(racy_cases()), case_name);

}  // namespace
}  // namespace smsmc::proptest
