// The zone explorer on models with known answers: Fischer's mutual
// exclusion (it holds exactly when the write delay is below the wait delay,
// or not above it with a strict wait), parallel chains whose completion
// times and race condition have closed forms, and the search's own
// contract (limits, errors, covering, concrete runs that replay).
#include "mc/timed/zone_checker.h"
#include "tests/timed/integer_explorer.h"
#include "tests/timed/models.h"

#include <gtest/gtest.h>

#include <numeric>
#include <random>

namespace smsmc::mc::timed::testing {
namespace {

const Extrapolation extrapolations[] = {Extrapolation::lu, Extrapolation::m};
const Covering coverings[] = {Covering::inclusion, Covering::alu};

/// The run replays against the timed semantics, follows the path, and its
/// last state satisfies `condition`.
void expect_run_shows(const TimedModel& model, const TimedRun& run, const Path& path,
                      const std::function<bool(const Word*)>& condition) {
  EXPECT_EQ(check_run(model, run), std::nullopt) << format_run(model, run);
  EXPECT_EQ(run.path().actions, path.actions);
  const std::vector<Word> states = replay(model.discrete(), path);
  const std::size_t words = model.discrete().state_words();
  EXPECT_TRUE(condition(states.data() + states.size() - words));
}

struct FischerCase {
  int n;
  std::int64_t write;  // a: req's invariant and guard x <= a
  std::int64_t wait;   // b: wait -> cs needs x >= b (or x > b)
  bool strict;
};

TEST(ZoneChecker, FischerMutexHoldsExactlyWhenTheWriteIsFasterThanTheWait) {
  std::vector<FischerCase> cases;
  for (int n : {2, 3}) {
    for (std::int64_t a = 1; a <= 3; ++a) {
      for (std::int64_t b = 1; b <= 3; ++b) {
        for (bool strict : {false, true}) cases.push_back({n, a, b, strict});
      }
    }
  }
  for (const FischerCase& c : cases) {
    const NetworkModel model(fischer(c.n, c.write, c.wait, c.strict));
    const bool expected = c.strict ? c.write <= c.wait : c.write < c.wait;
    for (const Extrapolation kind : extrapolations) {
      for (const Covering covering : coverings) {
        SCOPED_TRACE("n=" + std::to_string(c.n) + " a=" + std::to_string(c.write) + " b=" + std::to_string(c.wait) +
                     (c.strict ? " x>b " : " x>=b ") + extrapolation_name(kind) + "/" + covering_name(covering));
        const TimedResult result = ZoneChecker(model).extrapolation(kind).covering(covering).run();
        const TimedPropertyResult* mutex = result.find("mutex");
        ASSERT_NE(mutex, nullptr);
        EXPECT_EQ(mutex->verdict, expected ? Verdict::holds : Verdict::violated);
        EXPECT_EQ(result.find("enters")->verdict, Verdict::holds);
        if (mutex->verdict == Verdict::violated) {
          ASSERT_TRUE(mutex->run.has_value());
          expect_run_shows(model, *mutex->run, *mutex->path, [&](const Word* s) {
            int inside = 0;
            for (int p = 0; p < c.n; ++p) inside += location_of(s, static_cast<std::size_t>(p)) == 3;
            return inside > 1;
          });
        }
      }
    }
  }
}

TEST(ZoneChecker, FischerAgreesWithIntegerTimeAndCovers) {
  // Closed guards: digitisation is exact, so both explorers see the same
  // discrete states; with inclusion covering some successors are dropped.
  const NetworkModel model(fischer(3, 1, 2, false));
  const TimedResult zones = ZoneChecker(model).only({"mutex"}).collect_states().run();
  const IntegerReach ticks = integer_reach(model, IntegerSemantics::timed_model, model.max_constant());
  std::set<std::vector<Word>> reached;
  for (const Word w : zones.states) reached.insert({w});
  EXPECT_EQ(reached, ticks.discrete);
  EXPECT_GT(zones.stats.covered, 0u);
  EXPECT_TRUE(zones.stats.complete);
  EXPECT_EQ(zones.stats.discrete_states, reached.size());
  // Zones keep only the clocks active in their state: less than 4 x 4.
  EXPECT_GT(zones.stats.zone_bytes, 0u);
  EXPECT_LT(zones.stats.zone_bytes, 16 * sizeof(Bound));
}

std::int64_t sum_lo(const std::vector<std::pair<std::int64_t, std::int64_t>>& chain) {
  return std::accumulate(chain.begin(), chain.end(), std::int64_t{0}, [](std::int64_t s, auto d) { return s + d.first; });
}
std::int64_t sum_hi(const std::vector<std::pair<std::int64_t, std::int64_t>>& chain) {
  return std::accumulate(chain.begin(), chain.end(), std::int64_t{0}, [](std::int64_t s, auto d) { return s + d.second; });
}

TEST(ZoneChecker, ParallelChainsMatchTheClosedForms) {
  // Chains A and B start together; each step takes [lo, hi]. All done:
  // best max(sum lo), worst max(sum hi). A done while B is not: reachable
  // iff sum lo(A) <= sum hi(B) (at equal times both orders are possible).
  std::mt19937 random(20240610);
  auto pick = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(random); };
  for (int round = 0; round < 150; ++round) {
    std::vector<std::vector<std::pair<std::int64_t, std::int64_t>>> durations(2);
    for (auto& chain : durations) {
      for (int k = pick(1, 4); k > 0; --k) {
        const std::int64_t lo = pick(0, 6);
        chain.emplace_back(lo, lo + pick(0, 6));
      }
    }
    const StepSystemModel model(chains(durations));
    const Extrapolation kind = round % 3 == 2 ? Extrapolation::none : extrapolations[round % 3];
    const Covering covering = round % 3 == 2 ? Covering::alu : Covering::inclusion;
    SCOPED_TRACE("round " + std::to_string(round));
    const TimedResult result = ZoneChecker(model).extrapolation(kind).covering(covering).run();
    const bool race = sum_lo(durations[0]) <= sum_hi(durations[1]);
    EXPECT_EQ(result.find("race")->verdict, race ? Verdict::holds : Verdict::violated);
    EXPECT_EQ(result.find("all-done")->verdict, Verdict::holds);

    const auto all_done = [&](const StateView& v) {
      return location_of(v.words, 0) == static_cast<int>(durations[0].size()) &&
             location_of(v.words, 1) == static_cast<int>(durations[1].size());
    };
    const TimeToGoal time = ZoneChecker(model).extrapolation(kind).covering(covering).time_to(all_done, 1000);
    ASSERT_TRUE(time.best && time.worst);
    EXPECT_EQ(time.best->value, std::max(sum_lo(durations[0]), sum_lo(durations[1])));
    EXPECT_EQ(time.worst->value, std::max(sum_hi(durations[0]), sum_hi(durations[1])));
    EXPECT_TRUE(time.best->attained && time.worst->attained);
    EXPECT_FALSE(time.best->beyond_horizon || time.worst->beyond_horizon);
    EXPECT_EQ(time.avoidable, Avoidance::no) << time.avoidable_note;
    for (const TimeExtreme* extreme : {&*time.best, &*time.worst}) {
      ASSERT_TRUE(extreme->run.has_value());
      EXPECT_EQ(extreme->run->steps.back().at, Time::of(extreme->value));
      expect_run_shows(model, *extreme->run, extreme->path, [&](const Word* s) { return all_done({s, false}); });
    }
  }
}

TEST(ZoneChecker, ReportsTimesPastTheHorizonAsSuch) {
  const StepSystemModel model(chains({{{30, 40}, {30, 40}}}));
  const auto done = [](const StateView& v) { return location_of(v.words, 0) == 2; };
  const TimeToGoal near = ZoneChecker(model).time_to(done, 70);
  ASSERT_TRUE(near.best && near.worst);
  EXPECT_EQ(near.best->value, 60);
  EXPECT_FALSE(near.best->beyond_horizon);
  EXPECT_TRUE(near.worst->beyond_horizon);
  EXPECT_EQ(near.worst->value, 70);
  const TimeToGoal far = ZoneChecker(model).time_to(done, 80);
  EXPECT_EQ(far.worst->value, 80);
  EXPECT_FALSE(far.worst->beyond_horizon);
  const TimeToGoal short_horizon = ZoneChecker(model).time_to(done, 50);
  EXPECT_TRUE(short_horizon.best->beyond_horizon);
}

TEST(ZoneChecker, AnUnboundedStepMakesTheGoalAvoidable) {
  // The second step is [5, inf): it may never fire.
  const StepSystemModel model(chains({{{2, 3}, {5, StepTiming::unbounded}}}));
  const auto done = [](const StateView& v) { return location_of(v.words, 0) == 2; };
  const TimeToGoal time = ZoneChecker(model).time_to(done, 100);
  ASSERT_TRUE(time.best && time.worst);
  EXPECT_EQ(time.best->value, 7);
  EXPECT_TRUE(time.worst->beyond_horizon);
  EXPECT_EQ(time.avoidable, Avoidance::yes);
  ASSERT_TRUE(time.avoiding_run.has_value());
  EXPECT_EQ(check_run(model, *time.avoiding_run), std::nullopt);
  EXPECT_EQ(time.avoiding_path->actions.size(), 1u);
}

TEST(ZoneChecker, ACycleOutsideTheGoalLeavesAvoidanceUnknown) {
  // Process 0 loops 0 -> 1 -> 0 forever (forced steps); the goal is a
  // location it never reaches.
  StepSystem loop;
  loop.clocks = 2;
  loop.steps.push_back({0, 0, 1, 1, 1, 2});
  loop.steps.push_back({0, 1, 0, 2, 1, 2});
  const StepSystemModel model(loop);
  const TimeToGoal time = ZoneChecker(model).time_to([](const StateView& v) { return location_of(v.words, 0) == 2; }, 50);
  EXPECT_FALSE(time.best.has_value());
  EXPECT_FALSE(time.worst.has_value());
  EXPECT_EQ(time.avoidable, Avoidance::unknown);
  EXPECT_NE(time.avoidable_note.find("cycle"), std::string::npos);
}

TEST(ZoneChecker, ForgetsTheClocksOfDisabledSteps) {
  // Two ways from 0 to 1: directly ([1, 3]) or through 3 ([1, 3], then
  // [1, 1]). At 1 only a new step [0, inf) runs, so the clocks of the
  // finished steps are dead there: the second way reaches the same zone and
  // is covered, although the dead clocks' values differ ([1, 3] and [2, 4]).
  StepSystem system;
  system.clocks = 4;
  system.steps.push_back({0, 0, 1, 1, 1, 3});
  system.steps.push_back({0, 0, 3, 2, 1, 3});
  system.steps.push_back({0, 3, 1, 3, 1, 1});
  system.steps.push_back({0, 1, 2, 4, 0, StepTiming::unbounded});
  const StepSystemModel model(system);
  for (const Extrapolation kind : {Extrapolation::none, Extrapolation::m, Extrapolation::lu}) {
    for (const Covering covering : coverings) {
      const TimedResult result = ZoneChecker(model).extrapolation(kind).covering(covering).collect_states().run();
      const std::string trace = std::string(extrapolation_name(kind)) + "/" + covering_name(covering);
      EXPECT_EQ(result.stats.discrete_states, 4u);
      EXPECT_EQ(result.stats.stored, 4u) << trace;
      EXPECT_EQ(result.stats.covered, 1u) << trace;
    }
  }
}

TEST(ZoneChecker, DropsStoredZonesANewOneIncludes) {
  // Process 1's step e ([10, 20]) runs from the start. Process 0 reaches 1
  // in one step at exactly 1 (e = 1 there), or in two steps at any time in
  // [0, 6]: the second zone, found later, includes the first (step d at 1,
  // [0, 30], keeps e's distance to its clock relevant).
  StepSystem system;
  system.processes = 2;
  system.clocks = 5;
  system.steps.push_back({0, 0, 1, 1, 1, 1});
  system.steps.push_back({0, 0, 3, 2, 0, 1});
  system.steps.push_back({0, 3, 1, 3, 0, 5});
  system.steps.push_back({0, 1, 2, 4, 0, 30});
  system.steps.push_back({1, 0, 1, 5, 10, 20});
  const StepSystemModel model(system);
  for (const Covering covering : coverings) {
    const TimedResult result = ZoneChecker(model).covering(covering).extrapolation(Extrapolation::lu).run();
    EXPECT_GT(result.stats.superseded, 0u) << covering_name(covering);
  }
}

TEST(ZoneChecker, StopsAtItsLimitsAndSaysSo) {
  const NetworkModel model(fischer(3, 1, 2, false));
  const TimedResult bounded = ZoneChecker(model).max_states(10).only({"mutex"}).run();
  EXPECT_FALSE(bounded.stats.complete);
  EXPECT_EQ(bounded.stats.stopped_by, "max-states");
  EXPECT_EQ(bounded.stats.stored, 10u);
  EXPECT_EQ(bounded.find("mutex")->verdict, Verdict::unknown);
  const TimedResult timed_out = ZoneChecker(model).timeout(1e-9).run();
  EXPECT_EQ(timed_out.stats.stopped_by, "timeout");
  EXPECT_EQ(timed_out.find("mutex")->verdict, Verdict::unknown);
  // Ten forced steps: no state lets time pass forever, so a partial search
  // cannot tell whether some run avoids the end.
  const StepSystemModel chain(chains({std::vector<std::pair<std::int64_t, std::int64_t>>(10, {1, 2})}));
  const TimeToGoal partial =
      ZoneChecker(chain).max_states(5).time_to([](const StateView& v) { return location_of(v.words, 0) == 10; }, 100);
  EXPECT_EQ(partial.avoidable, Avoidance::unknown);
  EXPECT_FALSE(partial.worst.has_value());
  EXPECT_THROW((void)ZoneChecker(model).only({"no-such-property"}).run(), std::invalid_argument);
  EXPECT_THROW((void)ZoneChecker(model).time_to([](const StateView&) { return false; }, 0), std::invalid_argument);
}

TEST(ZoneChecker, StopsEarlyWhenEveryPropertyIsDecided) {
  const NetworkModel model(fischer(3, 3, 1, false));  // violated quickly
  const TimedResult result = ZoneChecker(model).run();
  EXPECT_TRUE(result.stats.decided_early);
  EXPECT_FALSE(result.stats.complete);
  EXPECT_EQ(result.find("mutex")->verdict, Verdict::violated);
  EXPECT_EQ(result.find("enters")->verdict, Verdict::holds);
}

/// One process, one clock x active everywhere; a guard chosen by the test.
Network one_edge(std::vector<Constraint> guard, std::size_t clocks = 1) {
  Network net;
  net.clocks = clocks;
  NetworkProcess p;
  p.locations = 2;
  p.invariant = {{}, {}};
  std::vector<ClockId> all;
  for (std::size_t x = 1; x <= clocks; ++x) all.push_back(static_cast<ClockId>(x));
  p.active = {all, all};
  p.edges.push_back({0, 1, std::move(guard), {}, -1, -1});
  net.processes.push_back(p);
  net.properties.push_back({"moves", Expectation::sometimes, [](const Word* s) { return location_of(s, 0) == 1; }});
  return net;
}

TEST(ZoneChecker, DiagonalGuardsNeedExtrapolationOff) {
  const NetworkModel model(one_edge({Constraint::difference(1, 2, 0)}, 2));
  EXPECT_THROW((void)ZoneChecker(model).run(), std::invalid_argument);  // aLU covering by default
  EXPECT_THROW((void)ZoneChecker(model).extrapolation(Extrapolation::lu).covering(Covering::inclusion).run(),
               std::invalid_argument);
  const auto exact = [](const NetworkModel& m) {
    return ZoneChecker(m).extrapolation(Extrapolation::none).covering(Covering::inclusion).run();
  };
  EXPECT_EQ(exact(model).find("moves")->verdict, Verdict::holds);
  const NetworkModel never(one_edge({Constraint::difference(1, 2, -1)}, 2));  // x - y <= -1, but x = y always
  EXPECT_EQ(exact(never).find("moves")->verdict, Verdict::violated);
}

TEST(ZoneChecker, RejectsModelsThatBreakTheInterfaceRules) {
  Network inactive = one_edge({Constraint::at_least(1, 1)});
  inactive.processes[0].active = {{}, {}};  // the guard reads x, which is never active
  EXPECT_THROW((void)ZoneChecker(NetworkModel(inactive)).run(), std::invalid_argument);

  Network unreset = one_edge({});
  unreset.processes[0].active = {{}, {1}};  // x becomes active without a reset
  EXPECT_THROW((void)ZoneChecker(NetworkModel(unreset)).run(), std::invalid_argument);

  // A step whose clock keeps running while its bound grows: process 1
  // moving enables a second, slower action on the same clock.
  StepSystem growing;
  growing.processes = 2;
  growing.clocks = 2;
  growing.steps.push_back({0, 0, 1, 1, 1, 5});
  growing.steps.push_back({0, 0, 1, 1, 1, 9, 1, 1});  // same clock, only once process 1 is at 1
  growing.steps.push_back({1, 0, 1, 2, 0, 1});
  EXPECT_THROW((void)ZoneChecker(StepSystemModel(growing)).run(), std::logic_error);
}

}  // namespace
}  // namespace smsmc::mc::timed::testing
