// The property evaluator (mc/evaluate.h) and the weak-fairness definition
// (mc/fairness.h) on hand-built paths.
#include "mc/evaluate.h"
#include "mc/fairness.h"
#include "tests/graph_model.h"

#include <gtest/gtest.h>

namespace smsmc::mc {
namespace {

using test::at;
using test::GraphModel;
using test::not_at;

// 0 -> 1 -> 2 -> 3 (terminal), 1 -> 0 back (process 1), 3 unreachable back.
GraphModel chain() {
  GraphModel model({0}, {{0, 1, 0}, {1, 2, 0}, {2, 3, 0}, {1, 0, 1}}, 2);
  model.props = {{"never-2", Expectation::always, not_at(2), "", ""},
                 {"reach-1", Expectation::sometimes, at(1), "", ""},
                 {"reach-3", Expectation::eventually, at(3), "", ""},
                 {"reach-9", Expectation::eventually, at(9), "", ""}};
  return model;
}

TEST(Evaluate, FirstFailureAndFirstHoldCountStatesFromTheInitialOne) {
  GraphModel model = chain();
  const Evaluation e = evaluate(model, Path{0, {0, 1, 2}, std::nullopt}, model.properties());
  ASSERT_EQ(e.steps(), 3u);
  EXPECT_EQ(e.states, (std::vector<Word>{0, 1, 2, 3}));
  EXPECT_EQ(e.terminal, (std::vector<std::uint8_t>{0, 0, 0, 1}));
  const PropertyOnPath* never2 = e.find("never-2");
  EXPECT_EQ(never2->first_failure, 2u);
  EXPECT_EQ(never2->first_holds, 0u);
  EXPECT_TRUE(never2->holds_at_end);
  EXPECT_EQ(never2->discovery, Discovery::safety_violation);
  EXPECT_EQ(e.find("reach-1")->first_holds, 1u);
  EXPECT_FALSE(e.find("reach-1")->holds_at_end);
  EXPECT_EQ(e.find("reach-1")->discovery, Discovery::example);
  EXPECT_EQ(e.find("reach-3")->first_holds, 3u);
  EXPECT_EQ(e.find("reach-3")->discovery, Discovery::none) << "the goal is reached";
  EXPECT_EQ(e.find("reach-9")->discovery, Discovery::terminal_state);
  EXPECT_EQ(e.find("nope"), nullptr);
}

TEST(Evaluate, AnUnfinishedPathShowsNoLivenessViolation) {
  GraphModel model = chain();
  const Evaluation e = evaluate(model, Path{0, {0}, std::nullopt}, model.properties());
  EXPECT_EQ(e.find("reach-9")->discovery, Discovery::none);
  EXPECT_EQ(e.find("never-2")->discovery, Discovery::none);
  EXPECT_FALSE(e.find("never-2")->first_failure);
}

TEST(Evaluate, LassosCloseAndAreFairOrNot) {
  // The example of issue 9: p0 has 0->0 and 1->0, p1 has 0->1.
  GraphModel model({0}, {{0, 0, 0}, {1, 0, 0}, {0, 1, 1}}, 2);
  model.props = {{"reach-9", Expectation::eventually, at(9), "", ""}};
  const Evaluation spin = evaluate(model, Path{0, {0}, 0}, model.properties());
  EXPECT_TRUE(spin.loop_closes);
  EXPECT_EQ(spin.starved_process, 1) << "p1 is enabled in 0, the only state of the loop, and never steps";
  EXPECT_FALSE(spin.fair_loop());
  EXPECT_EQ(spin.find("reach-9")->discovery, Discovery::none);

  const Evaluation tour = evaluate(model, Path{0, {0, 2, 1}, 1}, model.properties());
  EXPECT_TRUE(tour.loop_closes);
  EXPECT_FALSE(tour.starved_process);
  EXPECT_TRUE(tour.fair_loop());
  EXPECT_EQ(tour.find("reach-9")->discovery, Discovery::fair_lasso);

  const Evaluation open = evaluate(model, Path{0, {2}, 0}, model.properties());
  EXPECT_FALSE(open.loop_closes) << "0 -> 1 does not return to 0";
  EXPECT_EQ(open.find("reach-9")->discovery, Discovery::none);

  const Evaluation empty = evaluate(model, Path{0, {2}, 1}, model.properties());
  EXPECT_FALSE(empty.loop_closes) << "a loop needs a step";
  EXPECT_THROW((void)evaluate(model, Path{0, {2}, 2}, model.properties()), std::invalid_argument);
}

TEST(Evaluate, RejectsPathsTheModelCannotTake) {
  GraphModel model = chain();
  EXPECT_THROW((void)evaluate(model, Path{0, {1}, std::nullopt}, model.properties()), std::invalid_argument);
  EXPECT_THROW((void)evaluate(model, Path{1, {}, std::nullopt}, model.properties()), std::invalid_argument);
  EXPECT_THROW((void)evaluate_states(model, {0, 1}, {}, std::nullopt, model.properties()), std::invalid_argument);
  // evaluate_states takes the caller's states as they are.
  const Evaluation e = evaluate_states(model, {0, 1, 2}, {0, 1}, std::nullopt, model.properties());
  EXPECT_EQ(e.find("never-2")->first_failure, 2u);
}

TEST(Monitor, ReportsTheEarliestViolationThenTheFirstInOrder) {
  std::vector<Property> properties = {{"never-2", Expectation::always, not_at(2), "", ""},
                                      {"never-1", Expectation::always, not_at(1), "", ""},
                                      {"never-1-again", Expectation::always, not_at(1), "", ""},
                                      {"reach-9", Expectation::eventually, at(9), "", ""}};
  Monitor monitor(properties);
  auto observe = [&](Word node, bool terminal) { monitor.observe(StateView{&node, terminal}); };
  observe(0, false);
  EXPECT_FALSE(monitor.violation());
  observe(1, false);
  EXPECT_EQ(monitor.violation(), 1u) << "never-1 fails first; never-1-again fails there too, later in order";
  observe(2, false);
  EXPECT_EQ(monitor.violation(), 1u);
  EXPECT_EQ(monitor.first_failure(0), 2u);
  EXPECT_EQ(monitor.observed(), 3u);

  monitor.reset();
  observe(0, false);
  observe(3, true);
  EXPECT_EQ(monitor.violation(), 3u) << "a terminal state short of the goal";
  EXPECT_FALSE(monitor.first_holds(3));
}

TEST(WeakFairness, AProcessEnabledThroughoutMustStep) {
  GraphModel model({0}, {{0, 0, 0}, {0, 1, 1}, {1, 0, 0}, {1, 1, 2}}, 3);
  WeakFairness fairness(model);
  fairness.add_state(std::vector<Action>{0, 1});  // state 0: p0, p1
  fairness.add_step(0);
  EXPECT_EQ(fairness.starved(), 1);
  fairness.add_state(std::vector<Action>{2, 3});  // state 1: p0, p2; p1 is no longer enabled throughout
  EXPECT_FALSE(fairness.starved());
  EXPECT_TRUE(fairness.always_enabled(0));
  EXPECT_FALSE(fairness.always_enabled(2));
  fairness.clear();
  fairness.add_state(std::vector<Action>{2, 3});
  EXPECT_EQ(fairness.starved(), 0);
  fairness.add_step(2);
  EXPECT_EQ(fairness.starved(), 2);
  fairness.add_step(3);
  EXPECT_FALSE(fairness.starved());
}

}  // namespace
}  // namespace smsmc::mc
