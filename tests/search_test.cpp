// The search's mechanics on models whose reachable sets are known by
// construction: table growth, early stops, the 32-bit id limit, thread
// counts, and another visited set behind the VisitedSet interface.
#include "mc/checker.h"
#include "mc/state_store.h"
#include "tests/graph_model.h"

#include <gtest/gtest.h>

#include <map>
#include <memory>

namespace smsmc::mc {
namespace {

using test::at;
using test::cell;
using test::GraphModel;
using test::Grid;
using test::not_at;

TEST(Search, ManyStatesSurviveTableGrowth) {
  Grid model;
  model.props = {{"corner", Expectation::sometimes, [](const StateView& v) { return v.words[0] == cell(299, 299); }, "", ""}};
  const Result result = Checker(model).run();
  EXPECT_EQ(result.stats.states, 90000u);
  EXPECT_EQ(result.find("corner")->verdict, Verdict::holds);
  EXPECT_EQ(result.find("corner")->path->actions.size(), 598u);
}

TEST(Search, StopsOnceEverySafetyPropertyIsDecided) {
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

TEST(Search, ThreadCountDoesNotChangeTheResult) {
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


TEST(Search, StateIdLimitStopsCleanly) {
  // 0 -> 1 -> 2 -> 3 with room for 1, 2, 3 and then 4 ids.
  GraphModel chain({0}, {{0, 1, 0}, {1, 2, 0}, {2, 3, 0}}, 1);
  chain.props = {{"never-3", Expectation::always, not_at(3), "", ""}, {"reach-3", Expectation::eventually, at(3), "", ""}};
  for (std::uint64_t limit : {1u, 2u, 3u}) {
    for (Strategy strategy : {Strategy::bfs, Strategy::dfs}) {
      const Result result = Checker(chain).strategy(strategy).state_id_limit(limit).run();
      EXPECT_FALSE(result.stats.complete);
      EXPECT_EQ(result.stats.stopped_by, "state-id-limit");
      EXPECT_LE(result.stats.states, limit);
      EXPECT_EQ(result.find("never-3")->verdict, Verdict::unknown);
      EXPECT_EQ(result.find("reach-3")->verdict, Verdict::unknown);
    }
  }
  const Result enough = Checker(chain).state_id_limit(4).run();
  EXPECT_TRUE(enough.stats.complete) << "four states fit in four ids";
  EXPECT_EQ(enough.find("never-3")->verdict, Verdict::violated);
  EXPECT_EQ(enough.find("reach-3")->verdict, Verdict::holds);
  // An initial list longer than the limit stops before the search.
  GraphModel wide({0, 1, 2}, {}, 1);
  EXPECT_EQ(Checker(wide).state_id_limit(2).run().stats.stopped_by, "state-id-limit");
  // A limit above the visited set's capacity is the capacity.
  EXPECT_TRUE(Checker(chain).state_id_limit(std::uint64_t{1} << 40).run().stats.complete);
  EXPECT_EQ(StateStore(1).capacity(), std::uint64_t{0xffffffff}) << "ids 0 .. 2^32 - 2; 2^32 - 1 means none";
}

/// The largest id the search ever asks for is below the limit, however the
/// levels fall into batches and threads.
TEST(Search, StateIdLimitIsNeverExceeded) {
  Grid model;
  model.props = {{"corner", Expectation::sometimes, [](const StateView& v) { return v.words[0] == cell(299, 299); }, "", ""}};
  for (unsigned threads : {1u, 2u}) {
    for (std::uint64_t limit : {1000u, 20000u, 40000u}) {
      const Result result = Checker(model).threads(threads).state_id_limit(limit).collect_states().run();
      EXPECT_EQ(result.stats.stopped_by, "state-id-limit");
      EXPECT_LE(result.stats.states, limit);
      EXPECT_GT(result.stats.states, 0u);
      EXPECT_EQ(result.find("corner")->verdict, Verdict::unknown);
      const Result again = Checker(model).threads(threads == 1 ? 2 : 1).state_id_limit(limit).collect_states().run();
      EXPECT_EQ(again.states, result.states) << "the stop does not depend on the thread count";
    }
  }
}

/// A visited set on std::map, to show another set plugs in behind
/// VisitedSet and gives the same ids, counts and paths.
class MapSet final : public VisitedSet {
 public:
  explicit MapSet(std::size_t words) : words_(words) {}
  std::size_t words() const override { return words_; }
  std::uint64_t size() const override { return states_.size(); }
  std::uint64_t capacity() const override { return 1u << 20; }
  const Word* at(StateId id) const override { return states_[id]->data(); }
  void insert(std::size_t count, const Word* states, const std::uint64_t*, StateId* ids, std::uint8_t* fresh) override {
    for (std::size_t i = 0; i < count; ++i) {
      std::vector<Word> key(states + i * words_, states + (i + 1) * words_);
      const auto [it, inserted] = index_.emplace(std::move(key), static_cast<StateId>(states_.size()));
      if (inserted) states_.push_back(&it->first);
      ids[i] = it->second;
      fresh[i] = inserted ? 1 : 0;
    }
  }
  std::size_t bytes() const override { return 0; }

 private:
  std::size_t words_;
  std::map<std::vector<Word>, StateId> index_;  // node-based: keys never move
  std::vector<const std::vector<Word>*> states_;
};

TEST(Search, AnotherVisitedSetPlugsIn) {
  Grid model;
  model.props = {{"avoid", Expectation::always, [](const StateView& v) { return v.words[0] != cell(20, 15); }, "", ""},
                 {"reach-edge", Expectation::eventually, [](const StateView& v) { return (v.words[0] >> 32) == 299; }, "", ""}};
  const Result built_in = Checker(model).threads(2).collect_states().run();
  const Result mapped = Checker(model)
                            .threads(2)
                            .collect_states()
                            .visited_set([](std::size_t words) { return std::make_unique<MapSet>(words); })
                            .run();
  EXPECT_EQ(mapped.states, built_in.states);
  EXPECT_EQ(mapped.stats.transitions, built_in.stats.transitions);
  EXPECT_EQ(mapped.find("avoid")->path->actions, built_in.find("avoid")->path->actions);
  EXPECT_EQ(mapped.find("reach-edge")->verdict, built_in.find("reach-edge")->verdict);
  EXPECT_THROW((void)Checker(model).visited_set([](std::size_t) { return std::make_unique<MapSet>(3); }).run(),
               std::invalid_argument);
}

}  // namespace
}  // namespace smsmc::mc
