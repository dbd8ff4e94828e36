// The visited set's parallel insertion (mc/state_store.h): the partitions
// insert a batch on several threads and must hand out exactly the ids a
// sequential insert() gives, whatever the partition count: repeats inside a
// batch, across threads' parts and across batches all get the id of the
// state's first place in discovery order.
#include "mc/checker.h"
#include "mc/state_store.h"
#include "tests/graph_model.h"

#include <gtest/gtest.h>

#include <random>
#include <thread>
#include <vector>

namespace smsmc::mc {
namespace {

/// One batch's parts as the search lays them out.
struct Parts {
  std::vector<std::vector<Word>> states;
  std::vector<std::vector<std::uint64_t>> hashes;
  std::vector<std::vector<StateId>> ids;
  std::vector<std::vector<std::uint8_t>> fresh;
  std::vector<std::vector<std::uint64_t>> scratch;
  std::vector<std::vector<std::uint32_t>> route;
  std::vector<std::vector<std::size_t>> route_start;

  Parts(const std::vector<std::vector<Word>>& keys, std::size_t words) : states(keys) {
    for (const auto& part : keys) {
      const std::size_t n = part.size() / words;
      hashes.emplace_back();
      for (std::size_t i = 0; i < n; ++i) hashes.back().push_back(hash_state(part.data() + i * words, words));
      ids.emplace_back(n, no_state);
      fresh.emplace_back(n, 9);
      scratch.emplace_back(n, 0);
    }
  }
  /// Groups each part's states by partition, as the search's workers do.
  [[nodiscard]] Batch batch(const VisitedSet& set) {
    route.assign(states.size(), {});
    route_start.assign(states.size(), {});
    Batch b;
    for (std::size_t p = 0; p < states.size(); ++p) {
      route_start[p].assign(set.partitions() + 1, 0);
      for (unsigned q = 0; q < set.partitions(); ++q) {
        for (std::size_t k = 0; k < hashes[p].size(); ++k) {
          if (set.partition_of(hashes[p][k]) == q) route[p].push_back(static_cast<std::uint32_t>(k));
        }
        route_start[p][q + 1] = route[p].size();
      }
      b.push_back({hashes[p].size(), states[p].data(), hashes[p].data(), ids[p].data(), fresh[p].data(),
                   scratch[p].data(), route[p].data(), route_start[p].data()});
    }
    return b;
  }
  [[nodiscard]] std::size_t total() const {
    std::size_t n = 0;
    for (const auto& h : hashes) n += h.size();
    return n;
  }
};

/// The three steps, each on its own threads, as the search runs them.
void insert_in_parallel(StateStore& set, Parts& parts) {
  set.reserve(set.size() + parts.total());
  const Batch batch = parts.batch(set);
  std::vector<std::thread> threads;
  for (unsigned p = 0; p < set.partitions(); ++p) threads.emplace_back([&, p] { set.insert_partition(batch, p); });
  for (std::thread& t : threads) t.join();
  threads.clear();
  set.number(batch);
  for (std::size_t i = 0; i < batch.size(); ++i) threads.emplace_back([&, i] { set.commit_part(batch, i); });
  for (std::thread& t : threads) t.join();
}

/// The reference: insert() of the parts in order, on one partition.
void insert_in_sequence(StateStore& set, Parts& parts) {
  for (std::size_t p = 0; p < parts.states.size(); ++p)
    set.insert(parts.hashes[p].size(), parts.states[p].data(), parts.hashes[p].data(), parts.ids[p].data(),
               parts.fresh[p].data());
}

TEST(StateStore, ABatchIsNumberedInDiscoveryOrder) {
  // A state first met late in part 0 and again early in part 1 is numbered
  // by its place in part 0; one met twice in one part, by the first.
  for (unsigned partitions : {2u, 3u, 4u}) {
    StateStore set(1, partitions);
    Parts first({{7}}, 1);
    insert_in_parallel(set, first);
    ASSERT_EQ(first.ids[0][0], 0u);
    Parts parts({{5, 3, 5, 8}, {8, 7, 3, 9, 9}, {}, {4, 5}}, 1);
    insert_in_parallel(set, parts);
    EXPECT_EQ(parts.ids[0], (std::vector<StateId>{1, 2, 1, 3})) << partitions;
    EXPECT_EQ(parts.fresh[0], (std::vector<std::uint8_t>{1, 1, 0, 1}));
    EXPECT_EQ(parts.ids[1], (std::vector<StateId>{3, 0, 2, 4, 4}));
    EXPECT_EQ(parts.fresh[1], (std::vector<std::uint8_t>{0, 0, 0, 1, 0}));
    EXPECT_EQ(parts.ids[3], (std::vector<StateId>{5, 1}));
    EXPECT_EQ(parts.fresh[3], (std::vector<std::uint8_t>{1, 0}));
    ASSERT_EQ(set.size(), 6u);
    const std::vector<Word> order{7, 5, 3, 8, 9, 4};
    for (StateId id = 0; id < 6; ++id) EXPECT_EQ(*set.at(id), order[id]) << "id " << id;
    // Later lookups find the committed ids, sequentially too.
    StateId id = 0;
    std::uint8_t fresh = 1;
    const Word nine = 9;
    const std::uint64_t hash = hash_state(&nine, 1);
    set.insert(1, &nine, &hash, &id, &fresh);
    EXPECT_EQ(id, 4u);
    EXPECT_EQ(fresh, 0);
  }
}

TEST(StateStore, PartitionsGiveTheSequentialIds) {
  // Random batches of two-word keys from a small range: most keys repeat,
  // within a part, across parts and across batches, and the tables grow
  // (from 1,024 slots) several times on the way.
  constexpr std::size_t words = 2;
  for (unsigned partitions : {2u, 3u, 4u}) {
    std::mt19937_64 random(partitions);
    StateStore reference(words);
    StateStore set(words, partitions);
    for (int round = 0; round < 40; ++round) {
      std::vector<std::vector<Word>> keys(1 + random() % 5);
      const Word range = 200 + 400 * static_cast<Word>(round);
      for (auto& part : keys) {
        const std::size_t n = random() % 3000;
        for (std::size_t i = 0; i < n; ++i) {
          const Word k = random() % range;
          part.push_back(k);
          part.push_back(k * 0x9e3779b97f4a7c15u);
        }
      }
      Parts sequential(keys, words);
      Parts parallel(keys, words);
      insert_in_sequence(reference, sequential);
      insert_in_parallel(set, parallel);
      ASSERT_EQ(parallel.ids, sequential.ids) << partitions << " partitions, round " << round;
      ASSERT_EQ(parallel.fresh, sequential.fresh) << partitions << " partitions, round " << round;
      ASSERT_EQ(set.size(), reference.size());
    }
    EXPECT_GT(set.size(), 10000u);
    for (StateId id = 0; id < set.size(); ++id) {
      ASSERT_EQ(set.at(id)[0], reference.at(id)[0]);
      ASSERT_EQ(set.at(id)[1], reference.at(id)[1]);
    }
  }
}

/// States 0 .. n-1 of two words, four successors each by a multiplicative
/// hash: BFS levels soon span several batches, most successors repeat (in
/// the same batch, another thread's part, an earlier level) and edges lead
/// back to earlier levels (cycles: liveness rebuilds the edges).
class Mixer final : public Model {
 public:
  static constexpr Word n = 100003;
  std::vector<Property> props;
  [[nodiscard]] std::size_t state_words() const override { return 2; }
  void init_states(std::vector<Word>& out) const override { out.insert(out.end(), {1, ~Word{1}}); }
  void actions(const Word* s, std::vector<Action>& out) const override {
    for (Action a = 0; a < 4; ++a) {
      if ((s[0] + a) % 11 != 0) out.push_back(a);
    }
  }
  void next_state(const Word* s, Action a, Word* out) const override {
    out[0] = (s[0] * 48271 + a * 7919 + 1) % n;
    out[1] = ~out[0];
  }
  std::vector<Property> properties() const override { return props; }
  int process_of(Action a) const override { return static_cast<int>(a); }
  int process_count() const override { return 4; }
  std::string format_action(Action a) const override { return std::to_string(a); }
};

TEST(ParallelInsertion, ThreadCountDoesNotChangeWideLevels) {
  Mixer model;
  model.props = {{"avoid", Expectation::always, [](const StateView& v) { return v.words[0] != 4242; }, "", ""},
                 {"find", Expectation::sometimes, [](const StateView& v) { return v.words[0] == 77; }, "", ""},
                 {"reach", Expectation::eventually, [](const StateView& v) { return v.words[0] % 1000 == 3; }, "", ""}};
  const Result one = Checker(model).threads(1).collect_states().run();
  EXPECT_GT(one.stats.states, 60000u);
  const Result part_one = Checker(model).threads(1).max_states(30000).collect_states().run();
  EXPECT_NE(one.stats.liveness_graph, "acyclic") << "edges lead back: the rebuild runs too";
  for (unsigned threads : {2u, 3u, 4u}) {
    const Result many = Checker(model).threads(threads).collect_states().run();
    EXPECT_EQ(many.states, one.states) << "discovery order differs with " << threads << " threads";
    EXPECT_EQ(many.stats.transitions, one.stats.transitions);
    EXPECT_EQ(many.stats.depth, one.stats.depth);
    EXPECT_EQ(many.stats.liveness_graph, one.stats.liveness_graph);
    ASSERT_EQ(many.properties.size(), one.properties.size());
    for (std::size_t i = 0; i < one.properties.size(); ++i) {
      EXPECT_EQ(many.properties[i].verdict, one.properties[i].verdict) << one.properties[i].name;
      ASSERT_EQ(many.properties[i].path.has_value(), one.properties[i].path.has_value());
      if (!one.properties[i].path) continue;
      EXPECT_EQ(many.properties[i].path->actions, one.properties[i].path->actions) << one.properties[i].name;
      EXPECT_EQ(many.properties[i].path->loop_start, one.properties[i].path->loop_start) << one.properties[i].name;
    }
    // A stop part-way (a state bound inside a wide level) stops at the same
    // state with any thread count.
    const Result part = Checker(model).threads(threads).max_states(30000).collect_states().run();
    EXPECT_EQ(part.states, part_one.states);
    EXPECT_EQ(part.stats.stopped_by, "max-states");
  }
  EXPECT_EQ(one.find("avoid")->verdict, Verdict::violated);
  EXPECT_EQ(one.find("find")->verdict, Verdict::holds);
}

}  // namespace
}  // namespace smsmc::mc
