// The compact visited set (mc/compact_store.h): every reachable state of
// the protocol survives the round trip through its collapsed key, the
// checker finds exactly what it finds with the plain set (counts, discovery
// order, verdicts, counterexamples, for 1 and 2 threads), and a key that
// outgrows 64 bits turns the set into the plain one without losing an id.
#include "mc/checker.h"
#include "mc/compact_store.h"
#include "spec/model.h"
#include "spec/variants.h"

#include <gtest/gtest.h>

#include <random>
#include <stdexcept>

namespace smsmc::mc {
namespace {

std::unique_ptr<VisitedSet> plain_set(std::size_t words) { return std::make_unique<StateStore>(words); }

/// Inserts `states` (words each) in batches of `batch`; returns the ids.
std::vector<StateId> insert_all(VisitedSet& set, const std::vector<Word>& states, std::size_t batch,
                                std::vector<std::uint8_t>& fresh) {
  const std::size_t words = set.words();
  const std::size_t n = states.size() / words;
  std::vector<StateId> ids(n);
  fresh.assign(n, 0);
  std::vector<std::uint64_t> hashes(n);
  for (std::size_t i = 0; i < n; ++i) hashes[i] = hash_state(states.data() + i * words, words);
  for (std::size_t at = 0; at < n; at += batch) {
    const std::size_t count = std::min(batch, n - at);
    set.reserve(set.size() + count);
    set.insert(count, states.data() + at * words, hashes.data() + at, ids.data() + at, fresh.data() + at);
  }
  return ids;
}

void expect_round_trip(VisitedSet& set, const std::vector<Word>& states) {
  const std::size_t words = set.words();
  const std::size_t n = states.size() / words;
  std::vector<std::uint8_t> fresh;
  const std::vector<StateId> ids = insert_all(set, states, 997, fresh);
  ASSERT_EQ(set.size(), n);
  std::vector<Word> back(words);
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(ids[i], i);
    ASSERT_EQ(fresh[i], 1);
    set.read(static_cast<StateId>(i), back.data());
    ASSERT_TRUE(std::equal(back.begin(), back.end(), states.begin() + static_cast<std::ptrdiff_t>(i * words)))
        << "state " << i;
  }
  // Every state again, in reverse: found, with its id.
  std::vector<Word> reversed;
  for (std::size_t i = n; i-- > 0;)
    reversed.insert(reversed.end(), states.begin() + static_cast<std::ptrdiff_t>(i * words),
                    states.begin() + static_cast<std::ptrdiff_t>((i + 1) * words));
  const std::vector<StateId> again = insert_all(set, reversed, 4096, fresh);
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(again[i], n - 1 - i);
    ASSERT_EQ(fresh[i], 0);
  }
  EXPECT_EQ(set.size(), n);
}

struct Case {
  const char* variant;
  int sites;
  int logon_servers;
  spec::Environment environment;
};
const Case cases[] = {{"original", 1, 3, spec::Environment::unattended},
                      {"original", 2, 2, spec::Environment::operator_on_duty},
                      {"original", 3, 2, spec::Environment::unattended},
                      {"original", 4, 1, spec::Environment::operator_on_duty},
                      {"handshake", 4, 2, spec::Environment::unattended}};

spec::Config config_of(const Case& c) {
  return spec::Config{spec::find_variant(c.variant), c.sites, c.logon_servers, c.environment};
}

TEST(CompactStore, EveryReachableStateRoundTrips) {
  for (const Case& c : cases) {
    for (bool symmetry : {false, true}) {
      SCOPED_TRACE(std::string(c.variant) + " N=" + std::to_string(c.sites) + " M=" + std::to_string(c.logon_servers) +
                   (symmetry ? " symmetry" : ""));
      const spec::ProtocolModel model(config_of(c));
      const Result plain = Checker(model).symmetry(symmetry).collect_states().visited_set(plain_set).run();
      ASSERT_GT(plain.stats.states, 1u);
      CompactStore set(model.state_words(), model.state_blocks());
      expect_round_trip(set, plain.states);
      EXPECT_FALSE(set.plain());
      // Far fewer bits than the packed state's: the sites collapse.
      EXPECT_LT(set.key_bits(), 64u);
      EXPECT_EQ(set.encoding().rfind("collapse, ", 0), 0u) << set.encoding();
    }
  }
}

void expect_same(const Result& a, const Result& b) {
  EXPECT_EQ(a.states, b.states);
  EXPECT_EQ(a.stats.states, b.stats.states);
  EXPECT_EQ(a.stats.transitions, b.stats.transitions);
  EXPECT_EQ(a.stats.depth, b.stats.depth);
  EXPECT_EQ(a.stats.liveness_graph, b.stats.liveness_graph);
  ASSERT_EQ(a.properties.size(), b.properties.size());
  for (std::size_t p = 0; p < a.properties.size(); ++p) {
    SCOPED_TRACE(a.properties[p].name);
    EXPECT_EQ(a.properties[p].verdict, b.properties[p].verdict);
    ASSERT_EQ(a.properties[p].path.has_value(), b.properties[p].path.has_value());
    if (!a.properties[p].path) continue;
    EXPECT_EQ(a.properties[p].path->init, b.properties[p].path->init);
    EXPECT_EQ(a.properties[p].path->actions, b.properties[p].path->actions);
    EXPECT_EQ(a.properties[p].path->loop_start, b.properties[p].path->loop_start);
  }
}

TEST(CompactStore, TheCheckerFindsWhatThePlainSetFinds) {
  for (const Case& c : cases) {
    for (bool symmetry : {false, true}) {
      SCOPED_TRACE(std::string(c.variant) + " N=" + std::to_string(c.sites) + " M=" + std::to_string(c.logon_servers) +
                   (symmetry ? " symmetry" : ""));
      const spec::ProtocolModel model(config_of(c));
      const Result plain = Checker(model).symmetry(symmetry).collect_states().visited_set(plain_set).run();
      EXPECT_EQ(plain.stats.visited_encoding, "plain, " + std::to_string(model.state_words() * 8) + "-byte keys");
      for (unsigned threads : {1u, 2u}) {
        const Result compact = Checker(model).symmetry(symmetry).threads(threads).compact_states().collect_states().run();
        EXPECT_EQ(compact.stats.visited_encoding.rfind("collapse, ", 0), 0u) << compact.stats.visited_encoding;
        expect_same(compact, plain);
      }
      // Liveness with every edge stored reads the set again (symmetry lifts
      // components from their representatives).
      const Result edges_plain = Checker(model).symmetry(symmetry).store_edges().visited_set(plain_set).run();
      const Result edges = Checker(model).symmetry(symmetry).store_edges().compact_states().run();
      expect_same(edges, edges_plain);
    }
  }
}

/// 16 one-byte blocks of different kinds over two words: indices of 5 bits
/// each no longer fit one key once each block has taken 17 values.
std::vector<StateBlock> bytes_as_blocks() {
  std::vector<StateBlock> blocks;
  for (int b = 0; b < 16; ++b)
    blocks.push_back({b, {{static_cast<std::uint16_t>(b / 8), static_cast<std::uint8_t>(8 * (b % 8)), 8}}});
  return blocks;
}

std::vector<Word> random_states(std::size_t n, std::size_t words, unsigned seed) {
  std::mt19937_64 random(seed);
  std::vector<Word> states(n * words);
  for (Word& w : states) w = random();
  return states;
}

TEST(CompactStore, AKeyWiderThanAWordFallsBackToThePlainSetKeepingIds) {
  CompactStore set(2, bytes_as_blocks());
  // A few states first: they collapse.
  std::vector<Word> first = {1, 2, 1, 3, 1, 2};
  std::vector<std::uint8_t> fresh;
  const std::vector<StateId> ids = insert_all(set, first, 8, fresh);
  EXPECT_EQ(ids, (std::vector<StateId>{0, 1, 0}));
  EXPECT_FALSE(set.plain());
  // Then many random ones: every byte takes more than 16 values.
  std::vector<Word> more = random_states(3000, 2, 7);
  std::vector<Word> all = {1, 2, 1, 3};
  all.insert(all.end(), more.begin(), more.end());
  insert_all(set, more, 500, fresh);
  EXPECT_TRUE(set.plain());
  EXPECT_EQ(set.encoding().rfind("plain (the collapsed key outgrew 64 bits", 0), 0u) << set.encoding();
  ASSERT_EQ(set.size(), 3002u);
  std::vector<Word> back(2);
  for (StateId id = 0; id < 3002; ++id) {
    set.read(id, back.data());
    ASSERT_EQ(back[0], all[2 * id]);
    ASSERT_EQ(back[1], all[2 * id + 1]);
  }
  // Found again after the switch, with their ids.
  const std::vector<StateId> again = insert_all(set, all, 100, fresh);
  for (StateId id = 0; id < 3002; ++id) ASSERT_EQ(again[id], id);
  EXPECT_EQ(set.size(), 3002u);
}

TEST(CompactStore, BlocksWiderThanAWordAndUncoveredBitsRoundTrip) {
  // One 100-bit block over three words (split into two parts), and the
  // rest of the words (the uncovered bits) collapsed a word at a time.
  const std::vector<StateBlock> blocks = {{0, {{0, 10, 54}, {1, 0, 46}}}};
  std::vector<Word> states = random_states(200, 3, 11);
  // Few distinct values per part: repeat a handful of patterns.
  for (std::size_t i = 0; i < 200; ++i) {
    states[i * 3] = states[(i % 7) * 3];
    states[i * 3 + 1] = states[(i % 5) * 3 + 1];
    states[i * 3 + 2] = i;  // the third word: 200 values
  }
  CompactStore set(3, blocks);
  expect_round_trip(set, states);
  EXPECT_FALSE(set.plain());
}

TEST(CompactStore, RefusesBlocksThatOverlapOrLeaveTheState) {
  EXPECT_THROW(CompactStore(1, {{0, {{0, 0, 8}}}, {1, {{0, 4, 8}}}}), std::invalid_argument);
  EXPECT_THROW(CompactStore(1, {{0, {{1, 0, 8}}}}), std::invalid_argument);
  EXPECT_THROW(CompactStore(1, {{0, {{0, 60, 8}}}}), std::invalid_argument);
}

TEST(CompactStore, AModelWithoutBlocksGetsThePlainSet) {
  struct NoBlocks final : Model {
    std::size_t state_words() const override { return 1; }
    void init_states(std::vector<Word>& out) const override { out.push_back(0); }
    void actions(const Word* s, std::vector<Action>& out) const override {
      if (s[0] < 10) out.push_back(0);
    }
    void next_state(const Word* s, Action, Word* out) const override { out[0] = s[0] + 1; }
    std::vector<Property> properties() const override { return {}; }
    int process_of(Action) const override { return 0; }
    int process_count() const override { return 1; }
    std::string format_action(Action) const override { return "inc"; }
  } model;
  EXPECT_EQ(make_visited_set(model)->encoding(), "plain, 8-byte keys");
  EXPECT_EQ(Checker(model).run().stats.states, 11u);
}

}  // namespace
}  // namespace smsmc::mc
