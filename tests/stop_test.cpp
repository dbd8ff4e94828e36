// The search stopped from outside: by its memory budget (--max-memory) and
// by the stop flag a signal sets. Either way the run ends cleanly with what
// it found: a prefix of the full run's states, the counterexamples already
// found, and unknown for the rest.
#include "mc/checker.h"
#include "tests/graph_model.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <new>
#include <stdexcept>
#include <thread>

namespace smsmc::mc {
namespace {

using test::cell;
using test::Grid;

Grid grid_with(std::vector<Property> props) {
  Grid model;
  model.props = std::move(props);
  return model;
}

Property corner() {
  return {"corner", Expectation::sometimes, [](const StateView& v) { return v.words[0] == cell(299, 299); }, "", ""};
}
Property avoid(Word x, Word y) {
  return {"avoid", Expectation::always, [x, y](const StateView& v) { return v.words[0] != cell(x, y); }, "", ""};
}
Property reach_edge() {
  return {"reach-edge", Expectation::eventually, [](const StateView& v) { return (v.words[0] >> 32) == 299; }, "", ""};
}

/// The states of a run are the first ones of the full run, in order.
void expect_prefix(const std::vector<Word>& part, const std::vector<Word>& full) {
  ASSERT_LE(part.size(), full.size());
  EXPECT_TRUE(std::equal(part.begin(), part.end(), full.begin())) << "not a prefix of the full run's states";
}

TEST(MemoryBudgetStop, ALowBudgetStopsTheSearchWithAPartialResult) {
  const Grid model = grid_with({corner()});
  const Result full = Checker(model).collect_states().run();
  ASSERT_TRUE(full.stats.complete);
  ASSERT_GT(full.stats.memory_peak, 0u) << "the search charged nothing";
  for (unsigned threads : {1u, 2u}) {
    for (Strategy strategy : {Strategy::bfs, Strategy::dfs}) {
      const std::uint64_t limit = full.stats.memory_peak / 2;
      const Result part = Checker(model).strategy(strategy).threads(threads).max_memory(limit).collect_states().run();
      EXPECT_FALSE(part.stats.complete);
      EXPECT_EQ(part.stats.stopped_by, "max-memory");
      EXPECT_GT(part.stats.states, 0u);
      EXPECT_LT(part.stats.states, full.stats.states);
      EXPECT_LE(part.stats.memory_peak, limit) << "the budget is a bound, never passed";
      if (strategy == Strategy::bfs) {  // (DFS runs into the corner early)
        EXPECT_EQ(part.find("corner")->verdict, Verdict::unknown);
        expect_prefix(part.states, full.states);
      }
    }
  }
}

TEST(MemoryBudgetStop, AViolationFoundBeforeTheStopIsKept) {
  // The violation is 30 steps from the start; the budget runs out long
  // before the 90,000 states are stored, but after it is found. A liveness
  // property keeps the search from stopping once the violation is found.
  const Grid model = grid_with({avoid(15, 15), reach_edge()});
  const Result full = Checker(model).run();
  const Result part = Checker(model).max_memory(full.stats.memory_peak / 2).run();
  EXPECT_EQ(part.stats.stopped_by, "max-memory");
  EXPECT_LT(part.stats.states, full.stats.states);
  ASSERT_EQ(part.find("avoid")->verdict, Verdict::violated);
  EXPECT_EQ(part.find("avoid")->path->actions.size(), 30u);
  EXPECT_EQ(part.find("reach-edge")->verdict, Verdict::unknown);
}

TEST(MemoryBudgetStop, ABudgetThatFitsChangesNothing) {
  const Grid model = grid_with({avoid(200, 150), reach_edge()});
  const Result free_run = Checker(model).collect_states().run();
  const Result bounded = Checker(model).max_memory(free_run.stats.memory_peak).collect_states().run();
  EXPECT_TRUE(bounded.stats.complete);
  EXPECT_EQ(bounded.states, free_run.states);
  EXPECT_EQ(bounded.find("reach-edge")->verdict, Verdict::holds);
  EXPECT_EQ(bounded.stats.memory_peak, free_run.stats.memory_peak);
}

TEST(MemoryBudgetStop, LivenessThatDoesNotFitIsUnknownWithANote) {
  // Somewhere between "everything fits" and "the search itself stops" lies
  // a budget where the graph is complete but liveness's arrays are refused.
  // The grid is acyclic: without store_edges() liveness would need no arrays.
  const Grid model = grid_with({reach_edge()});
  const Result full = Checker(model).store_edges().run();
  ASSERT_EQ(full.find("reach-edge")->verdict, Verdict::holds);
  bool seen = false;
  for (std::uint64_t limit = full.stats.memory_peak; limit > 0; limit -= 64 * 1024) {
    const Result r = Checker(model).store_edges().max_memory(limit).run();
    if (!r.stats.complete) break;
    const PropertyResult* p = r.find("reach-edge");
    if (p->verdict == Verdict::unknown) {
      EXPECT_NE(p->note.find("memory budget"), std::string::npos) << p->note;
      EXPECT_FALSE(p->path.has_value());
      seen = true;
      break;
    }
    EXPECT_EQ(p->verdict, Verdict::holds);
  }
  EXPECT_TRUE(seen) << "no budget left the graph complete and liveness unknown: liveness is not charged";
}

TEST(StopFlag, ASetFlagStopsTheSearchAtTheNextSafePoint) {
  const Grid model = grid_with({avoid(250, 250), corner()});
  const Result full = Checker(model).collect_states().run();
  for (unsigned threads : {1u, 2u}) {
    std::atomic<bool> stop{false};
    // The progress callback runs at the safe points: raise the flag once
    // 20,000 states are stored, as a signal arriving then would.
    const Result part = Checker(model)
                            .threads(threads)
                            .stop_flag(&stop)
                            .on_progress([&](const Progress& p) { stop = stop || p.states >= 20000; }, 0)
                            .collect_states()
                            .run();
    EXPECT_EQ(part.stats.stopped_by, "signal");
    EXPECT_FALSE(part.stats.complete);
    EXPECT_GE(part.stats.states, 20000u);
    EXPECT_LT(part.stats.states, full.stats.states);
    EXPECT_EQ(part.find("avoid")->verdict, Verdict::unknown);
    EXPECT_EQ(part.find("corner")->verdict, Verdict::unknown);
    expect_prefix(part.states, full.states);
  }
}

TEST(StopFlag, AFlagSetBeforeTheRunStopsItAtOnceAndSkipsLiveness) {
  const Grid model = grid_with({reach_edge()});
  std::atomic<bool> stop{true};
  const Result r = Checker(model).stop_flag(&stop).run();
  EXPECT_EQ(r.stats.stopped_by, "signal");
  EXPECT_LT(r.stats.states, 90000u);
  EXPECT_EQ(r.find("reach-edge")->verdict, Verdict::unknown);
}

TEST(StopFlag, AFlagRaisedDuringLivenessLeavesItUnknown) {
  const Grid model = grid_with({reach_edge()});
  std::atomic<bool> stop{false};
  const Result r = Checker(model)
                       .stop_flag(&stop)
                       .on_progress([&](const Progress& p) { stop = stop || std::string(p.phase) == "liveness"; }, 0)
                       .run();
  EXPECT_TRUE(r.stats.complete) << "the search itself finished";
  const PropertyResult* p = r.find("reach-edge");
  EXPECT_EQ(p->verdict, Verdict::unknown);
  EXPECT_NE(p->note.find("interrupted"), std::string::npos) << p->note;
}

/// The grid, whose expansion fails on worker threads from level 200 on:
/// as if a worker ran out of memory while expanding.
template <class Failure>
class FailingGrid final : public Model {
 public:
  std::vector<Property> props;
  [[nodiscard]] std::size_t state_words() const override { return grid_.state_words(); }
  void init_states(std::vector<Word>& out) const override { grid_.init_states(out); }
  void actions(const Word* s, std::vector<Action>& out) const override {
    if (std::this_thread::get_id() != main_ && (s[0] >> 32) + (s[0] & 0xffffffff) >= 200) throw Failure("worker");
    grid_.actions(s, out);
  }
  void next_state(const Word* s, Action a, Word* out) const override { grid_.next_state(s, a, out); }
  std::vector<Property> properties() const override { return props; }
  int process_of(Action a) const override { return grid_.process_of(a); }
  int process_count() const override { return grid_.process_count(); }
  std::string format_action(Action a) const override { return grid_.format_action(a); }

 private:
  Grid grid_;
  std::thread::id main_ = std::this_thread::get_id();
};

struct BadAlloc : std::bad_alloc {
  explicit BadAlloc(const char*) {}
};

TEST(WorkerFailures, AnAllocationFailureInAWorkerStopsTheSearchCleanly) {
  FailingGrid<BadAlloc> model;
  model.props = {avoid(150, 20), corner()};
  const Result r = Checker(model).threads(2).run();
  EXPECT_EQ(r.stats.stopped_by, "out-of-memory");
  EXPECT_FALSE(r.stats.complete);
  // Every state up to level 199 was stored and expanded before the failure.
  EXPECT_GE(r.stats.states, 200u * 201u / 2);
  EXPECT_EQ(r.find("avoid")->verdict, Verdict::violated) << "the violation at level 170 is kept";
  EXPECT_EQ(r.find("avoid")->path->actions.size(), 170u);
  EXPECT_EQ(r.find("corner")->verdict, Verdict::unknown);
}

TEST(WorkerFailures, AnyOtherExceptionInAWorkerReachesTheCaller) {
  FailingGrid<std::logic_error> model;
  model.props = {corner()};
  EXPECT_THROW((void)Checker(model).threads(2).run(), std::logic_error);
}

}  // namespace
}  // namespace smsmc::mc
