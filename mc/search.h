// The reachability search: breadth-first, each level expanded in parallel,
// or depth-first, over a Model; it fills the Graph and evaluates every
// selected property on every state it expands. The verdicts (checker.cpp)
// and liveness (liveness.h) read what it leaves.
#pragma once

#include "mc/budget.h"
#include "mc/checker.h"
#include "mc/graph.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

namespace smsmc::mc {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start);

struct SearchOptions {
  Strategy strategy = Strategy::bfs;
  unsigned threads = 1;           // BFS only; results do not depend on it
  std::uint64_t max_states = 0;   // 0: unbounded
  double timeout = 0;             // seconds from `start`; 0: unbounded
  /// The most ids the search may ask the visited set for (0: its capacity;
  /// never more). Reaching it stops the search with "state-id-limit".
  std::uint64_t id_limit = 0;
  /// Store every edge even where breadth-first search finds the graph
  /// acyclic (tests compare the two ways liveness can go).
  bool store_edges = false;
  /// Stop once every property has its counterexample or example (only when
  /// there is at least one property and none is a liveness property).
  bool stop_when_decided = true;
  /// Polled at every safe point and while expanding: once it is true the
  /// search stops with "signal" (io/signals.h sets it; mc/ only reads it).
  const std::atomic<bool>* stop = nullptr;
  /// Charged before the graph, the per-state arrays and the expansion
  /// buffers grow; a refused charge stops the search with "max-memory", a
  /// std::bad_alloc (worker threads included) with "out-of-memory". The
  /// graph's charges stay until the caller's budget goes. Null: none.
  MemoryBudget* budget = nullptr;
  /// Store each state as Model::canonicalize's representative of its orbit
  /// (only set it when the model declares a symmetry). Parents and actions
  /// then lead from representative to representative: mc/symmetry.h turns
  /// them back into concrete paths.
  bool symmetry = false;
  std::function<void(const Progress&)> progress;
  double progress_interval = 0.5;
  Clock::time_point start = Clock::now();
};

struct SearchResult {
  /// Per property: for `always` the smallest id where it fails, for
  /// `sometimes` the smallest id where it holds (ancestors have smaller ids,
  /// so the path to it fails or holds first at its end).
  std::vector<std::optional<StateId>> found;
  /// Per `eventually` property: goal_flags by state id.
  std::vector<std::vector<std::uint8_t>> goal;
  /// Per `eventually` property, while the graph is acyclic: a state's
  /// smallest-id predecessor among the goal-free `reached` states and the
  /// first action from it to the state, where that is not its parent and
  /// via (rare: only past a goal state). The liveness counterexample walks
  /// these, as the edge-based check walks its breadth-first tree.
  std::vector<RegionParents> region_parent;
};

/// Explores from the model's initial states into `graph` (which must be
/// empty; `liveness` set if liveness needs the graph). Sets stats' states,
/// transitions, depth, complete, stopped_by, decided_early, search_seconds,
/// liveness_graph.
SearchResult search(const Model& model, const std::vector<Property>& properties, const SearchOptions& options,
                    Graph& graph, Stats& stats);

}  // namespace smsmc::mc
