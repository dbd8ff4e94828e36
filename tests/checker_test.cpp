// The checker on small hand-built graphs whose reachable sets, distances and
// fair cycles are known by construction.
#include "mc/checker.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

namespace smsmc::mc {
namespace {

struct Edge {
  int from;
  int to;
  int process;
};

/// A graph as a Model: a state is one word holding the node number; action i
/// is edge i.
class GraphModel final : public Model {
 public:
  GraphModel(std::vector<int> inits, std::vector<Edge> edges, int processes)
      : inits_(std::move(inits)), edges_(std::move(edges)), processes_(processes) {}

  std::vector<Property> props;

  std::size_t state_words() const override { return 1; }
  void init_states(std::vector<Word>& out) const override {
    for (int node : inits_) out.push_back(static_cast<Word>(node));
  }
  void actions(const Word* state, std::vector<Action>& out) const override {
    for (std::size_t i = 0; i < edges_.size(); ++i) {
      if (edges_[i].from == static_cast<int>(state[0])) out.push_back(static_cast<Action>(i));
    }
  }
  void next_state(const Word*, Action action, Word* out) const override {
    out[0] = static_cast<Word>(edges_[action].to);
  }
  std::vector<Property> properties() const override { return props; }
  int process_of(Action action) const override { return edges_[action].process; }
  int process_count() const override { return processes_; }
  std::string format_action(Action action) const override {
    return std::to_string(edges_[action].from) + "->" + std::to_string(edges_[action].to);
  }

 private:
  std::vector<int> inits_;
  std::vector<Edge> edges_;
  int processes_;
};

std::function<bool(const StateView&)> at(int node) {
  return [node](const StateView& v) { return static_cast<int>(v.words[0]) == node; };
}
std::function<bool(const StateView&)> not_at(int node) {
  return [node](const StateView& v) { return static_cast<int>(v.words[0]) != node; };
}

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

/// A 300 x 300 grid, both coordinates in one word; action 0 moves x, 1 moves
/// y. 90,000 states: enough to grow the visited set and to span several
/// batches of one BFS level.
class Grid final : public Model {
 public:
  std::vector<Property> props;
  std::size_t state_words() const override { return 1; }
  void init_states(std::vector<Word>& out) const override { out.push_back(0); }
  void actions(const Word* s, std::vector<Action>& out) const override {
    if ((s[0] >> 32) < 299) out.push_back(0);
    if ((s[0] & 0xffffffff) < 299) out.push_back(1);
  }
  void next_state(const Word* s, Action a, Word* out) const override { out[0] = s[0] + (a == 0 ? Word{1} << 32 : 1); }
  std::vector<Property> properties() const override { return props; }
  int process_of(Action a) const override { return static_cast<int>(a); }
  int process_count() const override { return 2; }
  std::string format_action(Action a) const override { return a == 0 ? "x" : "y"; }
};

Word cell(Word x, Word y) { return (x << 32) | y; }

TEST(Checker, ManyStatesSurviveTableGrowth) {
  Grid model;
  model.props = {{"corner", Expectation::sometimes, [](const StateView& v) { return v.words[0] == cell(299, 299); }, "", ""}};
  const Result result = Checker(model).run();
  EXPECT_EQ(result.stats.states, 90000u);
  EXPECT_EQ(result.find("corner")->verdict, Verdict::holds);
  EXPECT_EQ(result.find("corner")->path->actions.size(), 598u);
}

TEST(Checker, StopsOnceEverySafetyPropertyIsDecided) {
  // The violation is at distance 1 of a 90,000-state grid.
  Grid model;
  model.props = {{"avoid", Expectation::always, [](const StateView& v) { return v.words[0] != cell(1, 0); }, "", ""}};
  const Result result = Checker(model).run();
  EXPECT_TRUE(result.stats.decided_early);
  EXPECT_FALSE(result.stats.complete);
  EXPECT_LT(result.stats.states, 90000u);
  EXPECT_EQ(result.find("avoid")->verdict, Verdict::violated);
  EXPECT_EQ(result.find("avoid")->path->actions.size(), 1u);
  // A liveness property needs the whole graph: no early stop.
  model.props.push_back({"edge", Expectation::eventually, [](const StateView& v) { return (v.words[0] >> 32) == 299; }, "", ""});
  const Result full = Checker(model).run();
  EXPECT_FALSE(full.stats.decided_early);
  EXPECT_EQ(full.stats.states, 90000u);
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

TEST(Checker, ThreadCountDoesNotChangeTheResult) {
  Grid model;
  model.props = {{"avoid", Expectation::always, [](const StateView& v) { return v.words[0] != cell(200, 150); }, "", ""},
                 {"reach-edge", Expectation::eventually, [](const StateView& v) { return (v.words[0] >> 32) == 299; }, "", ""}};
  const Result one = Checker(model).threads(1).collect_states().run();
  for (unsigned threads : {2u, 3u}) {
    const Result many = Checker(model).threads(threads).collect_states().run();
    EXPECT_EQ(many.states, one.states) << "discovery order differs with " << threads << " threads";
    EXPECT_EQ(many.stats.transitions, one.stats.transitions);
    EXPECT_EQ(many.stats.depth, one.stats.depth);
    ASSERT_EQ(many.properties.size(), one.properties.size());
    for (std::size_t i = 0; i < one.properties.size(); ++i) {
      EXPECT_EQ(many.properties[i].verdict, one.properties[i].verdict);
      ASSERT_EQ(many.properties[i].path.has_value(), one.properties[i].path.has_value());
      if (one.properties[i].path) {
        EXPECT_EQ(many.properties[i].path->actions, one.properties[i].path->actions);
      }
    }
  }
  EXPECT_EQ(one.find("avoid")->verdict, Verdict::violated);
  EXPECT_EQ(one.find("avoid")->path->actions.size(), 350u);
  EXPECT_EQ(one.find("reach-edge")->verdict, Verdict::holds) << "every maximal path ends at (299, 299)";
}

}  // namespace
}  // namespace smsmc::mc
