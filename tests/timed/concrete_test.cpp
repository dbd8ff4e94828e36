// Concretisation and the independent run checker: schedules on a chain
// with known times, fractional times where strict bounds leave no integer
// run, infeasible paths, and runs tampered with so that the checker must
// say which rule they break.
#include "mc/timed/concrete.h"
#include "tests/timed/models.h"

#include <gtest/gtest.h>

namespace smsmc::mc::timed::testing {
namespace {

std::vector<Time> times_of(const TimedRun& run) {
  std::vector<Time> out;
  for (const TimedStep& step : run.steps) out.push_back(step.at);
  return out;
}

TEST(Time, IsAReducedFraction) {
  EXPECT_EQ(Time::of(6, 4), (Time{3, 2}));
  EXPECT_EQ(Time::of(0, 7), (Time{0, 1}));
  EXPECT_EQ(Time::of(5).to_string(), "5");
  EXPECT_EQ(Time::of(5, 2).to_string(), "5/2");
  EXPECT_LT(Time::of(1, 3), Time::of(1, 2));
  EXPECT_THROW((void)Time::of(1, 0), std::invalid_argument);
}

TEST(Concretise, SchedulesAChainEarliestAndLatest) {
  const StepSystemModel model(chains({{{2, 5}, {1, 3}}}));
  const Path path{0, {0, 1}, std::nullopt};
  const auto earliest = concretise(model, path, Schedule::earliest);
  ASSERT_TRUE(earliest);
  EXPECT_EQ(times_of(*earliest), (std::vector<Time>{Time::of(2), Time::of(3)}));
  const auto latest = concretise(model, path, Schedule::latest);
  ASSERT_TRUE(latest);
  EXPECT_EQ(times_of(*latest), (std::vector<Time>{Time::of(5), Time::of(8)}));
  const auto windowed = concretise(model, path, Schedule::earliest, EndWindow::at_least(7));
  ASSERT_TRUE(windowed);
  EXPECT_EQ(windowed->steps.back().at, Time::of(7));
  EXPECT_EQ(check_run(model, *windowed), std::nullopt);
  EXPECT_FALSE(concretise(model, path, Schedule::earliest, EndWindow::at_least(9)));
  EXPECT_FALSE(concretise(model, path, Schedule::earliest, EndWindow::at_most(2)));
}

TEST(Concretise, CapsAnUnboundedLastStep) {
  const StepSystemModel model(chains({{{2, 5}, {4, StepTiming::unbounded}}}));
  const auto latest = concretise(model, {0, {0, 1}, std::nullopt}, Schedule::latest);
  ASSERT_TRUE(latest);
  EXPECT_EQ(times_of(*latest), (std::vector<Time>{Time::of(5), Time::of(9)}));
  EXPECT_EQ(check_run(model, *latest), std::nullopt);
}

/// One process: 0 -(guard)-> 1 -(guard2)-> 2 over clock x (never reset).
Network two_edges(std::vector<Constraint> first, std::vector<Constraint> second, std::vector<Constraint> at_1 = {}) {
  Network net;
  net.clocks = 1;
  NetworkProcess p;
  p.locations = 3;
  p.invariant = {{}, std::move(at_1), {}};
  p.active = {{1}, {1}, {1}};
  p.edges.push_back({0, 1, std::move(first), {}, -1, -1});
  p.edges.push_back({1, 2, std::move(second), {}, -1, -1});
  net.processes.push_back(p);
  return net;
}

TEST(Concretise, UsesFractionsOnlyWhenStrictBoundsNeedThem) {
  // 0 < x < 1, then x < 1 again: no integer time fits.
  const NetworkModel model(two_edges({Constraint::at_least(1, 0, true), Constraint::at_most(1, 1, true)},
                                     {Constraint::at_most(1, 1, true)}));
  const auto run = concretise(model, {0, {0, 64 * 0 + 1}, std::nullopt});
  ASSERT_TRUE(run);
  EXPECT_EQ(run->steps[0].at, Time::of(1, 4));  // the least multiple of 1/(k+2) above 0
  EXPECT_EQ(check_run(model, *run), std::nullopt);
  const auto latest = concretise(model, {0, {0, 1}, std::nullopt}, Schedule::latest);
  ASSERT_TRUE(latest);
  EXPECT_EQ(latest->steps[1].at, Time::of(3, 4));
  EXPECT_EQ(check_run(model, *latest), std::nullopt);
  // With closed bounds the times are integers.
  const NetworkModel closed(two_edges({Constraint::at_least(1, 1)}, {Constraint::at_most(1, 3)}));
  EXPECT_EQ(times_of(*concretise(closed, {0, {0, 1}, std::nullopt})), (std::vector<Time>{Time::of(1), Time::of(1)}));
}

TEST(Concretise, ReportsAPathWithoutATimedRun) {
  // x <= 1 to leave 0, x >= 3 to leave 1, but 1's invariant is x <= 2.
  const NetworkModel model(two_edges({Constraint::at_most(1, 1)}, {Constraint::at_least(1, 3)},
                                     {Constraint::at_most(1, 2)}));
  EXPECT_FALSE(concretise(model, {0, {0, 1}, std::nullopt}));
  EXPECT_TRUE(concretise(model, {0, {0}, std::nullopt}));
  EXPECT_THROW((void)concretise(model, {0, {1}, std::nullopt}), std::invalid_argument);  // not enabled
}

TEST(CheckRun, NamesTheRuleATamperedRunBreaks) {
  const StepSystemModel model(chains({{{2, 5}, {1, 3}}}));
  const TimedRun good{0, {{0, Time::of(2)}, {1, Time::of(4)}}};
  EXPECT_EQ(check_run(model, good), std::nullopt);
  auto error = [&](TimedRun run) { return check_run(model, run).value_or("valid"); };
  EXPECT_NE(error({0, {{0, Time::of(1)}, {1, Time::of(4)}}}).find("the guard at step 1"), std::string::npos);
  EXPECT_NE(error({0, {{0, Time::of(6)}, {1, Time::of(8)}}}).find("the invariant before the step at step 1"),
            std::string::npos);
  EXPECT_NE(error({0, {{0, Time::of(3)}, {1, Time::of(3, 2)}}}).find("time goes backwards"), std::string::npos);
  EXPECT_NE(error({0, {{1, Time::of(3)}}}).find("not enabled"), std::string::npos);
  EXPECT_NE(error({1, {}}).find("unknown initial state"), std::string::npos);
  EXPECT_EQ(error({0, {{0, Time::of(5, 2)}, {1, Time::of(7, 2)}}}), "valid");  // fractions are fine
  EXPECT_NE(error({0, {{0, Time::of(5, 2)}, {1, Time::of(13, 4)}}}).find("the guard at step 2"), std::string::npos);
}

}  // namespace
}  // namespace smsmc::mc::timed::testing
