// Liveness against a brute-force reference on thousands of small random
// graphs: the verdict, the length of the counterexample's prefix, and the
// fairness of every printed lasso (judged by the path evaluator).
#include "mc/checker.h"
#include "tests/discovery.h"
#include "tests/graph_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <deque>
#include <optional>
#include <random>
#include <set>

namespace smsmc::mc {
namespace {

using test::Edge;
using test::GraphModel;

struct RandomGraph {
  int nodes = 0;
  int processes = 0;
  std::vector<int> inits;
  std::vector<Edge> edges;
  std::vector<bool> goal;
};

RandomGraph random_graph(std::uint32_t seed) {
  std::mt19937 random(seed);
  auto below = [&](int n) { return static_cast<int>(random() % static_cast<std::uint32_t>(n)); };
  RandomGraph g;
  g.nodes = 1 + below(6);
  g.processes = 1 + below(3);
  const int inits = 1 + below(2);
  for (int i = 0; i < inits; ++i) g.inits.push_back(below(g.nodes));
  const int edges = below(3 * g.nodes + 1);
  for (int i = 0; i < edges; ++i) g.edges.push_back({below(g.nodes), below(g.nodes), below(g.processes)});
  for (int v = 0; v < g.nodes; ++v) g.goal.push_back(below(4) == 0);
  return g;
}

/// The reference, by enumeration rather than by components: a state is bad
/// when it is terminal, or when it lies in a set T of goal-free states whose
/// induced subgraph is strongly connected, has an edge, and lets every
/// process enabled in all of T take a step inside T (then the tour of T's
/// edges is a fair cycle; conversely a fair cycle's states form such a T).
struct Reference {
  std::vector<bool> reachable;  // from a goal-free initial state, through goal-free states
  std::vector<bool> bad;
  std::optional<std::size_t> distance;  // to the nearest reachable bad state

  explicit Reference(const RandomGraph& g) {
    const int n = g.nodes;
    reachable.assign(n, false);
    bad.assign(n, false);
    auto enabled = [&](int v, int p) {
      return std::any_of(g.edges.begin(), g.edges.end(), [&](const Edge& e) { return e.from == v && e.process == p; });
    };
    for (int v = 0; v < n; ++v) {
      bool terminal = true;
      for (int p = 0; p < g.processes; ++p) terminal &= !enabled(v, p);
      bad[v] = bad[v] || (terminal && !g.goal[v]);
    }
    for (unsigned set = 1; set < (1u << n); ++set) {
      auto in = [&](int v) { return (set >> v & 1u) != 0; };
      bool goal_free = true;
      for (int v = 0; v < n; ++v) goal_free &= !in(v) || !g.goal[v];
      if (!goal_free) continue;
      // Transitive closure of the subgraph T induces (Floyd-Warshall).
      std::vector<std::vector<bool>> path(n, std::vector<bool>(n, false));
      bool any_edge = false;
      for (const Edge& e : g.edges) {
        if (in(e.from) && in(e.to)) path[e.from][e.to] = any_edge = true;
      }
      if (!any_edge) continue;
      for (int k = 0; k < n; ++k)
        for (int i = 0; i < n; ++i)
          for (int j = 0; j < n; ++j)
            if (path[i][k] && path[k][j]) path[i][j] = true;
      bool strongly_connected = true;
      for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j)
          if (in(i) && in(j) && !path[i][j]) strongly_connected = false;
      if (!strongly_connected) continue;
      bool fair = true;
      for (int p = 0; p < g.processes; ++p) {
        bool everywhere = true;
        for (int v = 0; v < n; ++v) everywhere &= !in(v) || enabled(v, p);
        const bool steps = std::any_of(g.edges.begin(), g.edges.end(),
                                       [&](const Edge& e) { return e.process == p && in(e.from) && in(e.to); });
        fair &= !everywhere || steps;
      }
      if (!fair) continue;
      for (int v = 0; v < n; ++v) bad[v] = bad[v] || in(v);
    }
    // Breadth-first from the goal-free initial states.
    std::vector<int> dist(n, -1);
    std::deque<int> queue;
    for (int v : g.inits) {
      if (!g.goal[v] && dist[v] < 0) {
        dist[v] = 0;
        queue.push_back(v);
      }
    }
    while (!queue.empty()) {
      const int v = queue.front();
      queue.pop_front();
      reachable[v] = true;
      if (bad[v] && !distance) distance = static_cast<std::size_t>(dist[v]);
      for (const Edge& e : g.edges) {
        if (e.from != v || g.goal[e.to] || dist[e.to] >= 0) continue;
        dist[e.to] = dist[v] + 1;
        queue.push_back(e.to);
      }
    }
  }
};

/// Graphs per sweep: `full`, scaled by SMSMC_PROPTEST_SCALE (default 1). The
/// sanitizer builds set 0.25 (tests/CMakeLists.txt): a checker run is ~20
/// times slower under ASan, the first quarter of the seeds runs the same code
/// paths, and the bounds below are fractions of the count.
std::uint32_t sweep_size(std::uint32_t full) {
  const char* text = std::getenv("SMSMC_PROPTEST_SCALE");
  const double scale = text != nullptr && std::atof(text) > 0 ? std::atof(text) : 1.0;
  return std::clamp(static_cast<std::uint32_t>(full * scale), std::uint32_t{400}, full);
}

TEST(Liveness, AgreesWithABruteForceReferenceOnRandomGraphs) {
  std::size_t violated = 0;
  std::size_t lassos = 0;
  const std::uint32_t count = sweep_size(4000);
  for (std::uint32_t seed = 0; seed < count; ++seed) {
    const RandomGraph g = random_graph(seed);
    GraphModel model(g.inits, g.edges, g.processes);
    const std::vector<bool> goal = g.goal;
    model.props = {{"reach-goal", Expectation::eventually,
                    [goal](const StateView& v) { return goal[static_cast<std::size_t>(v.words[0])]; }, "", ""}};
    const Reference reference(g);
    for (Strategy strategy : {Strategy::bfs, Strategy::dfs}) {
      // DFS numbers the states differently; a quarter of the graphs suffice.
      if (strategy == Strategy::dfs && seed % 4 != 0) continue;
      const Result result = Checker(model).strategy(strategy).run();
      const PropertyResult* p = result.find("reach-goal");
      SCOPED_TRACE("seed " + std::to_string(seed) + (strategy == Strategy::bfs ? " bfs" : " dfs"));
      ASSERT_EQ(p->verdict, reference.distance ? Verdict::violated : Verdict::holds);
      if (strategy == Strategy::bfs) {
        // Whichever way the run got its graph, the same counterexample.
        const Result stored = Checker(model).store_edges().run();
        EXPECT_EQ(stored.stats.liveness_graph, "edges");
        const PropertyResult* q = stored.find("reach-goal");
        ASSERT_EQ(q->verdict, p->verdict);
        ASSERT_EQ(q->path.has_value(), p->path.has_value());
        if (p->path) {
          EXPECT_EQ(q->path->init, p->path->init);
          EXPECT_EQ(q->path->actions, p->path->actions);
          EXPECT_EQ(q->path->loop_start, p->path->loop_start);
        }
      }
      if (!reference.distance) continue;
      ASSERT_TRUE(p->path);
      EXPECT_TRUE(test::is_discovery(model, "reach-goal", *p->path));
      // The prefix ends at a bad state the reference knows, at its distance.
      EXPECT_EQ(test::prefix_length(*p->path), *reference.distance);
      Path prefix = *p->path;
      prefix.actions.resize(test::prefix_length(prefix));
      prefix.loop_start.reset();
      const auto end = static_cast<std::size_t>(replay(model, prefix).back());
      EXPECT_TRUE(reference.bad[end] && reference.reachable[end]);
      if (strategy == Strategy::bfs) {
        ++violated;
        lassos += p->path->loop_start ? 1 : 0;
      }
    }
  }
  // The generator covers both kinds of counterexample and holding graphs.
  EXPECT_GT(lassos, count * 3 / 40);
  EXPECT_GT(violated - lassos, count * 3 / 40);
  EXPECT_LT(violated, count * 19 / 20);
}

/// A layered graph: initial states in layer 0, every edge from one layer to
/// the next, so every path to a node has its layer's length: a
/// breadth-first search meets no edge to its own or an earlier level and
/// stores no edges.
RandomGraph layered_graph(std::uint32_t seed) {
  std::mt19937 random(seed);
  auto below = [&](int n) { return static_cast<int>(random() % static_cast<std::uint32_t>(n)); };
  RandomGraph g;
  g.processes = 1 + below(3);
  std::vector<std::vector<int>> layers(static_cast<std::size_t>(1 + below(5)));
  for (auto& layer : layers) {
    const int size = 1 + below(4);
    for (int i = 0; i < size; ++i) layer.push_back(g.nodes++);
  }
  for (int v : layers[0]) {
    if (below(2) == 0 || g.inits.empty()) g.inits.push_back(v);
  }
  for (std::size_t l = 0; l + 1 < layers.size(); ++l) {
    const int extra = below(3 * static_cast<int>(layers[l].size()) + 1);
    for (int i = 0; i < extra; ++i) {
      g.edges.push_back({layers[l][static_cast<std::size_t>(below(static_cast<int>(layers[l].size())))],
                         layers[l + 1][static_cast<std::size_t>(below(static_cast<int>(layers[l + 1].size())))],
                         below(g.processes)});
    }
  }
  for (int v = 0; v < g.nodes; ++v) g.goal.push_back(below(4) == 0);
  return g;
}

TEST(Liveness, AnAcyclicGraphNeedsNoStoredEdgesAndGivesTheSameCounterexample) {
  std::size_t violated = 0;
  const std::uint32_t count = sweep_size(2000);
  for (std::uint32_t seed = 0; seed < count; ++seed) {
    const RandomGraph g = layered_graph(seed);
    GraphModel model(g.inits, g.edges, g.processes);
    const std::vector<bool> goal = g.goal;
    model.props = {{"reach-goal", Expectation::eventually,
                    [goal](const StateView& v) { return goal[static_cast<std::size_t>(v.words[0])]; }, "", ""}};
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Reference reference(g);
    const Result bare = Checker(model).threads(2).run();
    const Result stored = Checker(model).store_edges().run();
    EXPECT_EQ(bare.stats.liveness_graph, "acyclic");
    const PropertyResult* p = bare.find("reach-goal");
    const PropertyResult* q = stored.find("reach-goal");
    ASSERT_EQ(p->verdict, reference.distance ? Verdict::violated : Verdict::holds);
    ASSERT_EQ(q->verdict, p->verdict);
    if (!p->path) continue;
    ++violated;
    EXPECT_FALSE(p->path->loop_start);
    EXPECT_EQ(test::prefix_length(*p->path), *reference.distance);
    EXPECT_EQ(p->path->init, q->path->init);
    EXPECT_EQ(p->path->actions, q->path->actions);
  }
  EXPECT_GT(violated, count / 10);
  EXPECT_LT(violated, count * 19 / 20);
}

TEST(Liveness, AnEdgeBackALevelMakesTheSearchRebuildTheEdges) {
  // 0 -> 1 -> 2 -> 1: the edge 2 -> 1 leads back from depth 2 to depth 1.
  GraphModel model({0}, {{0, 1, 0}, {1, 2, 0}, {2, 1, 0}}, 1);
  model.props = {{"reach-goal", Expectation::eventually, test::at(3), "", ""}};
  const Result result = Checker(model).run();
  EXPECT_EQ(result.stats.liveness_graph, "edges rebuilt at depth 2");
  const PropertyResult* p = result.find("reach-goal");
  ASSERT_EQ(p->verdict, Verdict::violated);
  ASSERT_TRUE(p->path);
  EXPECT_TRUE(p->path->loop_start);
}

}  // namespace
}  // namespace smsmc::mc
