// Timed mode of the protocol: duration names on the rows, spec/timing.yaml,
// the closed forms of spec/timing.md against the zone explorer's M*, and
// the zone explorer against an integer-time explorer on the protocol.
#include "mc/timed/zone_checker.h"
#include "sim/timed.h"
#include "spec/threshold.h"
#include "spec/timed_model.h"
#include "spec/timing.h"
#include "spec/variants.h"
#include "tests/timed/integer_explorer.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

namespace smsmc::spec {
namespace {

using mc::Verdict;

TEST(Timing, EveryStepEventDeclaresADurationName) {
  std::set<std::string> seen;
  for (const DurationRow& row : duration_rows()) {
    EXPECT_FALSE(row.name.empty()) << row.service << "'s step " << row.event
                                   << " declares no duration name (add `duration = \"...\"` beside its name)";
    EXPECT_FALSE(row.rows.empty()) << row.name;
    EXPECT_TRUE(seen.insert(row.name).second) << row.name << " names two steps";
  }
}

TEST(Timing, TheIssuesNamesExistOnTheirRows) {
  const std::map<std::string, std::pair<std::string, std::string>> expected = {
      {"hm.send_package", {"hierarchy_manager", "send_package"}},
      {"link.transit", {"sender_link", "deliver_package"}},
      {"sender.start", {"sender_link", "start_sending"}},
      {"ubs.write_shutdown", {"upgrade_bootstrap", "write_shutdown_ct1"}},
      {"scm.begin_shutdown", {"site_config_manager", "begin_shutdown"}},
      {"scm.stop_logon_server", {"site_config_manager", "stop_logon_server"}},
      {"scm.stop_despooler", {"site_config_manager", "stop_despooler"}},
      {"despooler.execute", {"despooler", "execute_instruction"}},
      {"ubs.upgrade", {"upgrade_bootstrap", "install_site"}},
      {"watchdog.timeout", {"watchdog", "expire_48h"}},
      {"operator.preinst", {"site_operator", "run_preinst_upgrade"}},
  };
  for (const auto& [name, step] : expected) {
    bool found = false;
    for (const DurationRow& row : duration_rows()) found |= row.name == name && row.service == step.first && row.event == step.second;
    EXPECT_TRUE(found) << name;
  }
  const TimingCatalog catalog = load_timing();
  EXPECT_EQ(catalog.profile("default").at("watchdog.timeout"), (Duration{172800, 172800}));
  EXPECT_EQ(catalog.profile("default").at("operator.preinst").hi, Duration::unbounded);
  for (const TimingProfile& p : catalog.profiles) EXPECT_EQ(p.values.size(), duration_rows().size()) << p.name;
}

TEST(Timing, ParsesDurations) {
  EXPECT_EQ(parse_duration("60..300", "x"), (Duration{60, 300}));
  EXPECT_EQ(parse_duration("172,800", "x"), (Duration{172800, 172800}));
  EXPECT_EQ(parse_duration("5..inf", "x").hi, Duration::unbounded);
  for (const char* bad : {"", "-1", "3..2", "1.5", "a..b", "1..", "99999999999"})
    EXPECT_THROW(parse_duration(bad, "x"), std::invalid_argument) << bad;
  TimingProfile profile = load_timing().profile("kb-wan");
  profile.set("link.transit=7");
  EXPECT_EQ(profile.at("link.transit"), (Duration{7, 7}));
  EXPECT_THROW(profile.set("link.transport=7"), std::invalid_argument);
  EXPECT_THROW(profile.set("link.transit"), std::invalid_argument);
}

/// A random profile with small constants: the package chain and the
/// shutdown chain drawn so both outcomes occur.
TimingProfile random_profile(std::mt19937& rng, std::int64_t max_constant) {
  TimingProfile profile = load_timing().profile("default");
  std::uniform_int_distribution<std::int64_t> value(0, max_constant);
  for (auto& [name, d] : profile.values) {
    std::int64_t a = value(rng);
    std::int64_t b = value(rng);
    if (a > b) std::swap(a, b);
    d = {a, b};
  }
  profile.values["watchdog.timeout"] = {4 * max_constant * 8, 4 * max_constant * 8};
  profile.values["operator.preinst"] = {1, Duration::unbounded};
  return profile;
}

TEST(Timing, ClosedFormsEqualTheZoneExplorersThresholdForEveryVariant) {
  std::mt19937 rng(20261206);
  const int max_m = 4;
  int racy = 0;
  int race_free = 0;
  for (int trial = 0; trial < 40; ++trial) {
    const TimingProfile profile = random_profile(rng, 6);
    for (const Variant& variant : variants()) {
      SCOPED_TRACE(std::string(variant.name) + " trial " + std::to_string(trial));
      const ClosedForm form = closed_form(variant, profile);
      ASSERT_TRUE(form.known);
      ThresholdOptions options;
      options.max_m = max_m;
      options.every_m = true;  // every M: the verdicts themselves, not only the first racy one
      const ThresholdResult result = find_threshold(variant, profile, options);
      ASSERT_TRUE(result.complete);
      ASSERT_EQ(result.verdicts.size(), static_cast<std::size_t>(max_m + 1));
      for (int m = 0; m <= max_m; ++m) {
        const bool predicted = form.m_star && m >= *form.m_star && (form.racy_for_every_m || m == *form.m_star);
        EXPECT_EQ(result.verdicts[static_cast<std::size_t>(m)] == Verdict::violated, predicted) << "M=" << m;
        // Monotone: racy at M implies racy at M + 1.
        if (m > 0 && result.verdicts[static_cast<std::size_t>(m - 1)] == Verdict::violated) {
          EXPECT_EQ(result.verdicts[static_cast<std::size_t>(m)], Verdict::violated) << "M=" << m;
        }
      }
      if (result.m_star) {
        ++racy;
        ASSERT_TRUE(result.run.has_value());
        Config config{&variant, 1, *result.m_star, Environment::unattended};
        const TimedProtocolModel model(config, profile);
        EXPECT_EQ(mc::timed::check_run(model, *result.run), std::nullopt);
      } else {
        ++race_free;
      }
    }
  }
  // The random profiles exercise both outcomes.
  EXPECT_GT(racy, 20);
  EXPECT_GT(race_free, 20);
}

TEST(Timing, BiasedSimulationFindsTheRaceNearMStarAndShrinksItToATimedRun) {
  // Two logon servers above M* = 6 of kb-wan the race still needs the
  // package steps at lo and most shutdown steps at hi: drawn from the ends,
  // a few hundred runs hit it.
  const TimingProfile profile = load_timing().profile("kb-wan");
  const Config config{find_variant("original"), 1, 8, Environment::unattended};
  const TimedProtocolModel model(config, profile);
  sim::TimedSimOptions options;
  options.runs = 5000;
  options.seed = 1;
  const sim::TimedSimResult result = sim::simulate_timed(model, options);
  ASSERT_FALSE(result.property.empty()) << "no race in " << result.runs << " runs";
  ASSERT_TRUE(result.found && result.shrunk);
  EXPECT_EQ(mc::timed::check_run(model, *result.found), std::nullopt);
  EXPECT_EQ(mc::timed::check_run(model, *result.shrunk), std::nullopt);
  EXPECT_LE(result.shrunk->steps.size(), result.found->steps.size());
  // The zone explorer's counterexample has the fewest steps; shrinking by
  // chunks reaches it here.
  EXPECT_EQ(result.shrunk->steps.size(), 11u);
  // Below M*, no drawing finds it.
  const TimedProtocolModel below(Config{find_variant("original"), 1, 5, Environment::unattended}, profile);
  options.runs = 500;
  EXPECT_EQ(sim::simulate_timed(below, options).property, "");
}

std::set<std::vector<mc::Word>> as_set(const std::vector<mc::Word>& states, std::size_t words) {
  std::set<std::vector<mc::Word>> out;
  for (std::size_t i = 0; i < states.size(); i += words) out.insert({states.begin() + i, states.begin() + i + words});
  return out;
}

TEST(Timing, ZoneExplorerReachesWhatIntegerTimeReachesOnTheProtocol) {
  using mc::timed::testing::IntegerSemantics;
  std::mt19937 rng(7);
  for (const Variant& variant : variants()) {
    for (int sites = 1; sites <= 2; ++sites) {
      for (int m = 0; m <= 3; ++m) {
        // N = 2 multiplies the integer states by every pair of clock values:
        // constants of 0..1 keep it within the oracle's budget there.
        const std::int64_t k = sites == 1 ? 3 : 1;
        TimingProfile profile = random_profile(rng, k);
        profile.values["watchdog.timeout"] = {3 * k + 2, 3 * k + 2};
        SCOPED_TRACE(std::string(variant.name) + " N=" + std::to_string(sites) + " M=" + std::to_string(m));
        Config config{&variant, sites, m, Environment::unattended};
        const TimedProtocolModel model(config, profile);
        const mc::timed::TimedResult zones = mc::timed::ZoneChecker(model).collect_states().run();
        ASSERT_TRUE(zones.stats.complete);
        std::int64_t max_constant = 0;
        for (const auto& [name, d] : profile.values) {
          max_constant = std::max(max_constant, d.lo);
          if (d.hi != Duration::unbounded) max_constant = std::max(max_constant, d.hi);
        }
        const auto ticks =
            mc::timed::testing::integer_reach(model, IntegerSemantics::step_rule, max_constant, 4'000'000);
        ASSERT_TRUE(ticks.complete);
        EXPECT_EQ(as_set(zones.states, model.discrete().state_words()), ticks.discrete);
        for (const mc::timed::TimedPropertyResult& p : zones.properties) {
          if (p.run) {
            EXPECT_EQ(mc::timed::check_run(model, *p.run), std::nullopt) << p.name;
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace smsmc::spec
