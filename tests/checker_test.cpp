// The checker on small hand-built graphs whose reachable sets, distances and
// fair cycles are known by construction.
#include "mc/checker.h"
#include "tests/discovery.h"
#include "tests/graph_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace smsmc::mc {
namespace {

using test::assert_discovery;
using test::at;
using test::Edge;
using test::GraphModel;
using test::is_discovery;
using test::not_at;

std::set<int> reachable(const Result& result) {
  return {result.states.begin(), result.states.end()};
}

int last_node(const Model& model, const Path& path) {
  const std::vector<Word> states = replay(model, path);
  return static_cast<int>(states.back());
}

// 0 -> 1 -> 2 -> 3, 0 -> 4 -> 3, 5 and 6 unreachable (6 -> 0).
GraphModel diamond() {
  return GraphModel({0}, {{0, 1, 0}, {1, 2, 0}, {2, 3, 0}, {0, 4, 1}, {4, 3, 1}, {6, 0, 0}, {5, 6, 0}}, 2);
}

TEST(Checker, ExploresExactlyTheReachableSet) {
  GraphModel model = diamond();
  for (Strategy strategy : {Strategy::bfs, Strategy::dfs}) {
    const Result result = Checker(model).strategy(strategy).collect_states().run();
    EXPECT_EQ(reachable(result), (std::set<int>{0, 1, 2, 3, 4}));
    EXPECT_EQ(result.stats.states, 5u);
    EXPECT_EQ(result.stats.transitions, 5u);
    EXPECT_TRUE(result.stats.complete);
  }
}

TEST(Checker, SafetyCounterexampleIsShortest) {
  GraphModel model = diamond();
  model.props = {{"never-3", Expectation::always, not_at(3), "", ""}};
  const Result result = Checker(model).run();
  const PropertyResult* p = result.find("never-3");
  ASSERT_NE(p, nullptr);
  ASSERT_EQ(p->verdict, Verdict::violated);
  ASSERT_TRUE(p->path.has_value());
  EXPECT_EQ(p->path->actions.size(), 2u) << "0->4->3 is shorter than 0->1->2->3";
  EXPECT_EQ(last_node(model, *p->path), 3);
  EXPECT_TRUE(is_discovery(model, "never-3", *p->path));
  // The long way round is a discovery too, and BFS's own is no longer.
  const Path long_way{0, {model.edge(0, 1, 0), model.edge(1, 2, 0), model.edge(2, 3, 0)}, std::nullopt};
  EXPECT_TRUE(assert_discovery(model, "never-3", long_way));
  EXPECT_FALSE(is_discovery(model, "never-3", Path{0, {model.edge(0, 1, 0)}, std::nullopt})) << "does not reach 3";
  EXPECT_EQ(result.stats.depth, 2u) << "the longest shortest path: 0->1->2";
}

TEST(Checker, SafetyHoldsWhenTheBadStateIsUnreachable) {
  GraphModel model = diamond();
  model.props = {{"never-5", Expectation::always, not_at(5), "", ""}};
  const Result result = Checker(model).run();
  EXPECT_EQ(result.find("never-5")->verdict, Verdict::holds);
}

TEST(Checker, SometimesFindsAnExampleOrReportsItUnreachable) {
  GraphModel model = diamond();
  model.props = {{"reach-2", Expectation::sometimes, at(2), "", ""},
                 {"reach-6", Expectation::sometimes, at(6), "", ""}};
  const Result result = Checker(model).run();
  ASSERT_EQ(result.find("reach-2")->verdict, Verdict::holds);
  EXPECT_EQ(last_node(model, *result.find("reach-2")->path), 2);
  EXPECT_TRUE(assert_discovery(model, "reach-2", *result.find("reach-2")->path));
  EXPECT_EQ(result.find("reach-6")->verdict, Verdict::violated);
}

TEST(Checker, EventuallyIsViolatedByATerminalStateOutsideTheGoal) {
  // 0 -> 1 (goal), 0 -> 2 (dead end).
  GraphModel model({0}, {{0, 1, 0}, {0, 2, 1}}, 2);
  model.props = {{"reach-1", Expectation::eventually, at(1), "", ""}};
  const Result result = Checker(model).run();
  const PropertyResult* p = result.find("reach-1");
  ASSERT_EQ(p->verdict, Verdict::violated);
  EXPECT_FALSE(p->path->loop_start.has_value());
  EXPECT_EQ(last_node(model, *p->path), 2);
  EXPECT_TRUE(assert_discovery(model, "reach-1", *p->path));
}

TEST(Checker, EventuallyHoldsWhenEveryPathReachesTheGoal) {
  GraphModel model = diamond();
  model.props = {{"reach-3", Expectation::eventually, at(3), "", ""}};
  EXPECT_EQ(Checker(model).run().find("reach-3")->verdict, Verdict::holds);
}

TEST(Checker, EventuallyIsViolatedByAFairCycle) {
  // Process 0 spins 0 <-> 1 and is the only process: a fair cycle.
  GraphModel model({0}, {{0, 1, 0}, {1, 0, 0}, {1, 2, 0}}, 1);
  model.props = {{"reach-2", Expectation::eventually, at(2), "", ""}};
  const Result result = Checker(model).run();
  const PropertyResult* p = result.find("reach-2");
  ASSERT_EQ(p->verdict, Verdict::violated);
  ASSERT_TRUE(p->path->loop_start.has_value());
  // The lasso's loop returns to the state where it starts.
  const std::vector<Word> states = replay(model, *p->path);
  EXPECT_EQ(states[*p->path->loop_start], states.back());
  EXPECT_GT(p->path->actions.size(), *p->path->loop_start);
  EXPECT_TRUE(assert_discovery(model, "reach-2", *p->path));
}

TEST(Checker, EventuallyIgnoresCyclesThatStarveAContinuouslyEnabledProcess) {
  // Process 0 spins on 0 <-> 1 while process 1 could leave to the goal from
  // both states: weak fairness forces process 1 to move eventually.
  GraphModel model({0}, {{0, 1, 0}, {1, 0, 0}, {0, 2, 1}, {1, 2, 1}}, 2);
  model.props = {{"reach-2", Expectation::eventually, at(2), "", ""}};
  EXPECT_EQ(Checker(model).run().find("reach-2")->verdict, Verdict::holds);
}

TEST(Checker, EventuallyCountsAProcessEnabledOnlySometimesAsNotStarved) {
  // Process 1 can leave only from state 1; the cycle 0 <-> 1 never takes it.
  // Weak fairness does not force it (it is not enabled in state 0).
  GraphModel model({0}, {{0, 1, 0}, {1, 0, 0}, {1, 2, 1}}, 2);
  model.props = {{"reach-2", Expectation::eventually, at(2), "", ""}};
  EXPECT_EQ(Checker(model).run().find("reach-2")->verdict, Verdict::violated);
}

TEST(Checker, EventuallyLassoStaysInsideOneOfTwoLookalikeComponents) {
  // Two fair components with the same required processes, {0 <-> 1} and
  // {2 <-> 3}, both reachable from 0: the lasso must close inside one.
  GraphModel model({0}, {{0, 2, 0}, {0, 1, 0}, {1, 0, 0}, {2, 3, 0}, {3, 2, 0}}, 1);
  model.props = {{"reach-9", Expectation::eventually, at(9), "", ""}};
  const Result result = Checker(model).run();
  const PropertyResult* p = result.find("reach-9");
  ASSERT_EQ(p->verdict, Verdict::violated);
  ASSERT_TRUE(p->path->loop_start.has_value());
  const std::vector<Word> states = replay(model, *p->path);
  EXPECT_EQ(states[*p->path->loop_start], states.back());
  EXPECT_TRUE(is_discovery(model, "reach-9", *p->path));
}

TEST(Checker, BoundedRunsStopCleanlyWithUnknownVerdicts) {
  // A long chain: 0 -> 1 -> ... -> 5000.
  std::vector<Edge> edges;
  for (int i = 0; i < 5000; ++i) edges.push_back({i, i + 1, 0});
  GraphModel model({0}, edges, 1);
  model.props = {{"never-5000", Expectation::always, not_at(5000), "", ""},
                 {"reach-5000", Expectation::eventually, at(5000), "", ""}};
  const Result result = Checker(model).max_states(2048).run();
  EXPECT_FALSE(result.stats.complete);
  EXPECT_EQ(result.stats.stopped_by, "max-states");
  EXPECT_LT(result.stats.states, 5001u);
  EXPECT_EQ(result.find("never-5000")->verdict, Verdict::unknown);
  EXPECT_EQ(result.find("reach-5000")->verdict, Verdict::unknown);
  const Result full = Checker(model).run();
  EXPECT_EQ(full.find("never-5000")->verdict, Verdict::violated);
  EXPECT_EQ(full.find("never-5000")->path->actions.size(), 5000u);
}

TEST(Checker, UnknownPropertyNameIsRejected) {
  GraphModel model = diamond();
  EXPECT_THROW((void)Checker(model).only({"nope"}).run(), std::invalid_argument);
}

TEST(Checker, ReplayRejectsAStepThatIsNotEnabled) {
  GraphModel model = diamond();
  Path path;
  path.actions = {1};  // edge 1 is 1 -> 2, not enabled in 0
  EXPECT_THROW(replay(model, path), std::invalid_argument);
}

// ---- Defects found on hand-built graphs (issue 9) ----------------------------

TEST(Checker, PrintedLassoIsFairThoughItsComponentHasAShorterUnfairCycle) {
  // States 0 and 1; p0 has 0->0 and 1->0, p1 has 0->1. The component {0, 1}
  // is fair (0->1->0), but "0->0 forever" starves p1, enabled in 0.
  GraphModel model({0}, {{0, 0, 0}, {1, 0, 0}, {0, 1, 1}}, 2);
  model.props = {{"reach-9", Expectation::eventually, at(9), "", ""}};
  const Result result = Checker(model).run();
  const PropertyResult* p = result.find("reach-9");
  ASSERT_EQ(p->verdict, Verdict::violated);
  ASSERT_TRUE(p->path->loop_start.has_value());
  EXPECT_TRUE(assert_discovery(model, "reach-9", *p->path));
  const Path unfair{0, {model.edge(0, 0, 0)}, 0};
  EXPECT_FALSE(is_discovery(model, "reach-9", unfair)) << "the loop the checker used to print";
}

TEST(Checker, PrintedLassoVisitsWhereAStarvedProcessIsDisabled) {
  // p2 is enabled in 0 and 1 (its steps leave to the goal 3), not in 2; p0
  // and p1 are enabled everywhere and must step. The cycle 0->1->0 lets both
  // step but starves p2: the lasso must pass through 2.
  GraphModel model({0},
                   {{0, 1, 0}, {1, 0, 1}, {1, 2, 0}, {2, 0, 1}, {0, 3, 2}, {1, 3, 2}, {0, 0, 0}, {2, 2, 1}, {0, 0, 1},
                    {1, 1, 0}, {2, 2, 0}},
                   3);
  model.props = {{"reach-3", Expectation::eventually, at(3), "", ""}};
  const Result result = Checker(model).run();
  const PropertyResult* p = result.find("reach-3");
  ASSERT_EQ(p->verdict, Verdict::violated);
  ASSERT_TRUE(p->path->loop_start.has_value());
  EXPECT_TRUE(assert_discovery(model, "reach-3", *p->path));
  const std::vector<Word> states = replay(model, *p->path);
  EXPECT_NE(std::find(states.begin() + static_cast<std::ptrdiff_t>(*p->path->loop_start), states.end(), Word{2}),
            states.end());
}

TEST(Checker, PathInitIsAnIndexIntoARepeatingInitList) {
  // Initial states 5, 5, 0: the visited set numbers them 0 (node 5) and
  // 1 (node 0), but node 0 is init_states()[2].
  GraphModel model({5, 5, 0}, {{0, 1, 0}, {5, 6, 0}}, 1);
  model.props = {{"never-0", Expectation::always, not_at(0), "", ""},
                 {"never-1", Expectation::always, not_at(1), "", ""},
                 {"reach-1", Expectation::sometimes, at(1), "", ""},
                 {"reach-6", Expectation::eventually, at(6), "", ""}};
  const Result result = Checker(model).run();
  EXPECT_EQ(result.stats.states, 4u);
  const PropertyResult* p = result.find("never-0");
  ASSERT_EQ(p->verdict, Verdict::violated);
  EXPECT_EQ(p->path->init, 2u);
  EXPECT_TRUE(assert_discovery(model, "never-0", *p->path));
  EXPECT_EQ(result.find("never-1")->path->init, 2u);
  EXPECT_TRUE(assert_discovery(model, "never-1", *result.find("never-1")->path));
  EXPECT_TRUE(assert_discovery(model, "reach-1", *result.find("reach-1")->path));
  // Liveness: from node 0 the execution ends at 1, short of 6.
  const PropertyResult* live = result.find("reach-6");
  ASSERT_EQ(live->verdict, Verdict::violated);
  EXPECT_EQ(live->path->init, 2u);
  EXPECT_TRUE(assert_discovery(model, "reach-6", *live->path));
  for (Strategy strategy : {Strategy::bfs, Strategy::dfs}) {
    EXPECT_EQ(Checker(model).strategy(strategy).run().find("never-0")->path->init, 2u);
  }
}

}  // namespace
}  // namespace smsmc::mc
