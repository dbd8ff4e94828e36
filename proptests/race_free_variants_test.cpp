// The race-free patches at scale: far past what the exhaustive checker
// covers, every property holds on every schedule, and every schedule runs to
// the end with every site upgraded (so the pass is not vacuous: no schedule
// was cut short, and the upgrade really happened).
#include "proptests/support.h"
#include "spec/expectations.h"
#include "spec/variants.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

namespace smsmc::proptest {
namespace {

struct RaceFreeCase {
  const char* variant;
  sim::SchedulerKind scheduler;
};

// What CTest shows for GetParam(), instead of the struct's bytes.
void PrintTo(const RaceFreeCase& c, std::ostream* os) { *os << c.variant << " / " << sim::scheduler_name(c.scheduler); }

std::string case_name(const ::testing::TestParamInfo<RaceFreeCase>& info) {
  std::string name = std::string(info.param.variant) + "_" + sim::scheduler_name(info.param.scheduler);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

class RaceFreeVariant : public ::testing::TestWithParam<RaceFreeCase> {
 protected:
  void check(sim::ExploreOptions options) {
    if (reproducing_another_test(options)) GTEST_SKIP() << "RC_PARAMS reproduces another test";
    const sim::Exploration result = sim::explore(options);
    if (result.verdict != sim::Exploration::Verdict::holds) {
      std::string trace_file;
      if (result.counterexample) trace_file = write_trace(result, options, "proptest-failures", current_gtest_name());
      FAIL() << describe_failure(result, options, trace_file);
    }
    if (!options.reproduce.empty()) return;  // a reproduction runs no search
    EXPECT_EQ(result.schedules, static_cast<std::uint64_t>(options.runs));
    EXPECT_EQ(result.complete_runs, result.schedules) << "schedules cut by the step bound prove less";
    EXPECT_EQ(result.bounded_runs, 0U);
    // Every run ended with every site upgraded, and the package did travel.
    EXPECT_EQ(result.witnessed.count("every-site-upgraded") ? result.witnessed.at("every-site-upgraded") : 0,
              result.schedules);
    EXPECT_EQ(result.witnessed.count("package-sent") ? result.witnessed.at("package-sent") : 0, result.schedules);
    // The budget, for the record (RapidCheck prints its own seed line).
    std::printf("%s: %llu schedules, %llu steps, %.2f s, seed %llu\n", current_gtest_name().c_str(),
                static_cast<unsigned long long>(result.schedules), static_cast<unsigned long long>(result.steps),
                result.seconds, static_cast<unsigned long long>(options.seed));
  }
};

TEST_P(RaceFreeVariant, HoldsForNUpTo8AndMUpTo64) {
  sim::ExploreOptions options = options_for_test(GetParam().variant, GetParam().scheduler);
  ASSERT_NE(options.variant, nullptr);
  options.min_sites = 1;
  options.max_sites = 8;
  options.min_logon_servers = 0;
  options.max_logon_servers = 64;
  options.runs = scaled(2500);
  check(options);
}

TEST_P(RaceFreeVariant, HoldsAt8SitesWith64LogonServersEach) {
  sim::ExploreOptions options = options_for_test(GetParam().variant, GetParam().scheduler);
  ASSERT_NE(options.variant, nullptr);
  options.min_sites = options.max_sites = 8;
  options.min_logon_servers = options.max_logon_servers = 64;
  options.runs = scaled(1000);
  check(options);
}

std::vector<RaceFreeCase> race_free_cases() {
  // Which variants are race-free is spec/expectations.yaml's to say.
  const spec::Expectations expectations = spec::load_expectations(spec::default_expectations_file());
  std::vector<RaceFreeCase> cases;
  for (const spec::Variant& v : spec::variants()) {
    if (expectations.expects_race(v.name)) continue;
    for (sim::SchedulerKind scheduler : {sim::SchedulerKind::uniform, sim::SchedulerKind::pct})
      cases.push_back({v.name, scheduler});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(AtScale, RaceFreeVariant, ::testing::ValuesIn(race_free_cases()), case_name);

}  // namespace
}  // namespace smsmc::proptest
