// The zone explorer against the integer-time explorer on many random small
// closed timed models: with closed constraints integer time is exact
// (digitisation), so the reachable discrete states, the verdicts, the
// fewest steps to each state and the best/worst first times to a goal must
// be equal. Extrapolation off is compared where its zone graph is finite
// within a bound; it must agree whenever it finishes.
#include "mc/timed/zone_checker.h"
#include "tests/timed/integer_explorer.h"
#include "tests/timed/models.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

namespace smsmc::mc::timed::testing {
namespace {

/// Random models per test: 200, scaled by SMSMC_PROPTEST_SCALE (the
/// sanitizer build sets it, as for the property tests).
int scaled_rounds() {
  const char* text = std::getenv("SMSMC_PROPTEST_SCALE");
  const double scale = text != nullptr ? std::atof(text) : 1.0;
  return std::max(20, static_cast<int>(200 * (scale > 0 ? scale : 1.0)));
}
const int rounds = scaled_rounds();

/// An extrapolation and a covering.
struct Abstraction {
  Extrapolation extrapolation;
  Covering covering;
  /// The search must finish (else it is compared only when it does).
  bool must_finish;
};

// Extra+_LU and aLU covering (with exact zones or with Extra+_LU) must
// finish; Extra_M (whose diagonal bounds can multiply zones) and no
// abstraction at all are compared when they finish within a bound that
// keeps the test quick.
const Abstraction abstractions[] = {
    {Extrapolation::lu, Covering::inclusion, true}, {Extrapolation::none, Covering::alu, true},
    {Extrapolation::lu, Covering::alu, true},       {Extrapolation::m, Covering::inclusion, false},
    {Extrapolation::none, Covering::inclusion, false}};

std::string name_of(const Abstraction& a) {
  return std::string(extrapolation_name(a.extrapolation)) + "/" + covering_name(a.covering);
}

std::set<std::vector<Word>> as_set(const std::vector<Word>& states) {
  std::set<std::vector<Word>> out;
  for (const Word w : states) out.insert({w});
  return out;
}

/// Checks every explorer configuration against integer time; returns
/// whether extrapolation off finished.
template <class TestModel>
bool compare_reachability(const TestModel& model, IntegerSemantics semantics) {
  const std::int64_t k = model.max_constant();
  const IntegerReach ticks = integer_reach(model, semantics, k);
  EXPECT_TRUE(ticks.complete);
  const std::map<std::vector<Word>, std::size_t> fewest_to = integer_min_steps(model, semantics, k);
  bool off_finished = false;
  for (const Abstraction& a : abstractions) {
    SCOPED_TRACE(name_of(a));
    const std::uint64_t bound = a.must_finish ? 0 : 1000;  // 0: none
    const TimedResult zones =
        ZoneChecker(model).extrapolation(a.extrapolation).covering(a.covering).collect_states().max_states(bound).run();
    EXPECT_TRUE(zones.stats.complete || !a.must_finish);
    if (!zones.stats.complete) continue;
    off_finished |= a.extrapolation == Extrapolation::none && a.covering == Covering::inclusion;
    EXPECT_EQ(as_set(zones.states), ticks.discrete);
    const std::vector<Property> properties = model.properties();
    for (const TimedPropertyResult& p : zones.properties) {
      const Property& property = *std::find_if(properties.begin(), properties.end(),
                                               [&](const Property& q) { return q.name == p.name; });
      const auto satisfies = [&](const Word* s) { return property.condition(StateView{s, false}); };
      std::optional<std::size_t> fewest;
      for (const auto& [state, steps] : fewest_to) {
        if (satisfies(state.data())) fewest = std::min(fewest.value_or(steps), steps);
      }
      EXPECT_EQ(p.verdict == Verdict::holds, fewest.has_value()) << p.name;
      if (!p.path || !fewest) continue;
      EXPECT_EQ(p.path->actions.size(), *fewest) << p.name << ": not the fewest steps";
      EXPECT_TRUE(p.run.has_value());
      if (!p.run) continue;
      EXPECT_EQ(check_run(model, *p.run), std::nullopt) << format_run(model, *p.run);
      const std::vector<Word> states = replay(model, *p.path);
      EXPECT_TRUE(satisfies(states.data() + states.size() - 1)) << p.name;
    }
  }
  return off_finished;
}

TEST(Digitisation, RandomNetworksReachTheSameStatesAsIntegerTime) {
  std::mt19937 random(7);
  int off_finished = 0;
  for (int round = 0; round < rounds; ++round) {
    SCOPED_TRACE("network " + std::to_string(round));
    const NetworkModel model(random_network(random));
    off_finished += compare_reachability(model, IntegerSemantics::timed_model) ? 1 : 0;
    if (HasFailure()) return;
  }
  // Extrapolation off must have been compared on a fair share of them.
  EXPECT_GT(off_finished, rounds / 4);
}

TEST(Digitisation, RandomStepSystemsReachTheSameStatesAsTheClockRule) {
  // Both integer semantics: the TimedModel that StepTimedModel derives,
  // and the clock rule applied directly to step().
  std::mt19937 random(11);
  int off_finished = 0;
  for (int round = 0; round < rounds; ++round) {
    SCOPED_TRACE("step system " + std::to_string(round));
    const StepSystemModel model(random_steps(random));
    const std::int64_t k = model.max_constant();
    EXPECT_EQ(integer_reach(model, IntegerSemantics::timed_model, k).discrete,
              integer_reach(model, IntegerSemantics::step_rule, k).discrete);
    off_finished += compare_reachability(model, IntegerSemantics::step_rule) ? 1 : 0;
    if (HasFailure()) return;
  }
  EXPECT_GT(off_finished, rounds / 4);
}

TEST(Digitisation, RandomStepSystemsHaveTheSameBestAndWorstTimes) {
  std::mt19937 random(13);
  constexpr std::int64_t horizon = 14;
  int avoidance_decided = 0;
  int reached = 0;
  int compared = 0;
  for (int round = 0; round < rounds; ++round) {
    SCOPED_TRACE("step system " + std::to_string(round));
    const StepSystemModel model(random_steps(random));
    const auto goal = [](const StateView& v) { return location_of(v.words, 0) == 1; };
    const IntegerTimeToGoal ticks =
        integer_time_to(model, IntegerSemantics::step_rule, goal, model.max_constant(), horizon);
    ASSERT_TRUE(ticks.complete);
    for (const Abstraction& a : abstractions) {
      if (a.extrapolation == Extrapolation::none && a.covering == Covering::inclusion) continue;
      SCOPED_TRACE(name_of(a));
      // The global clock multiplies zones (its distance to every running
      // clock is kept up to the horizon): a few random systems take
      // thousands; they are skipped, and counted.
      const TimeToGoal zones =
          ZoneChecker(model).extrapolation(a.extrapolation).covering(a.covering).max_states(3000).time_to(goal, horizon);
      if (!zones.stats.complete) continue;
      ++compared;
      ASSERT_EQ(zones.best.has_value(), ticks.best.has_value());
      if (zones.best) {
        ++reached;
        const auto as_integer = [&](const TimeExtreme& e) { return e.beyond_horizon ? horizon + 1 : e.value; };
        EXPECT_EQ(as_integer(*zones.best), *ticks.best);
        EXPECT_EQ(as_integer(*zones.worst), *ticks.worst);
        EXPECT_TRUE(zones.best->beyond_horizon || zones.best->attained);
        for (const TimeExtreme* e : {&*zones.best, &*zones.worst}) {
          ASSERT_TRUE(e->run.has_value());
          EXPECT_EQ(check_run(model, *e->run), std::nullopt);
          if (!e->beyond_horizon) {
            EXPECT_EQ(e->run->steps.empty() ? Time{} : e->run->steps.back().at, Time::of(e->value));
          }
        }
      }
      // The zone verdict is sound both ways; "unknown" (a cycle) is allowed.
      if (zones.avoidable != Avoidance::unknown) {
        ++avoidance_decided;
        EXPECT_EQ(zones.avoidable == Avoidance::yes, ticks.avoidable) << zones.avoidable_note;
      }
      if (zones.avoidable == Avoidance::yes) {
        EXPECT_EQ(check_run(model, *zones.avoiding_run), std::nullopt);
      }
    }
    if (HasFailure()) return;
  }
  EXPECT_GT(compared, 4 * rounds * 9 / 10);
  EXPECT_GT(reached, rounds / 2);
  EXPECT_GT(avoidance_decided, rounds / 2);
}

}  // namespace
}  // namespace smsmc::mc::timed::testing
