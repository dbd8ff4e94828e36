// The state graph the search builds and the verdicts read: the visited set,
// each state's BFS/DFS parent and the action that discovered it (for
// counterexample paths), and, when a liveness property needs them, the
// explored edges. Per-state arrays are block arrays: they grow without
// copying, and their bytes() account for a memory budget.
#pragma once

#include "mc/block_vector.h"
#include "mc/path.h"
#include "mc/visited.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <utility>
#include <vector>

namespace smsmc::mc {

/// Per `eventually` property and state id, the bits of the search's goal
/// arrays (mc/search.h) that liveness reads.
namespace goal_flags {
inline constexpr std::uint8_t goal = 1;      // the property's goal holds here
inline constexpr std::uint8_t terminal = 2;  // no action is enabled
/// Reached from an initial state through goal-free states only (this one
/// excluded; initial states have it). Kept only while the graph is acyclic.
inline constexpr std::uint8_t reached = 4;
}  // namespace goal_flags

/// A state's region parent (search.h's SearchResult::region_parent) where
/// it differs from its parent and via.
using RegionParents = std::unordered_map<StateId, std::pair<StateId, Action>>;

struct Graph {
  explicit Graph(std::unique_ptr<VisitedSet> set) : visited(std::move(set)) {}

  std::unique_ptr<VisitedSet> visited;
  BlockVector<StateId> parent;  // no_state for an initial state
  BlockVector<Action> via;
  /// Per initial state id (ids 0..inits()-1): its index in the model's
  /// init_states() list, the first one when the list repeats a state.
  std::vector<std::size_t> init_index;

  /// A liveness property will read the graph (set by the checker). A
  /// breadth-first search then stores no edges while every edge it meets
  /// leads one level down (the graph is then acyclic and liveness needs only
  /// per-state flags, search.h's goal_flags); the first edge to the same or
  /// an earlier level makes it rebuild the edges so far and store the rest.
  bool liveness = false;
  // The explored edges, when stored (keep_edges: set by the search): a
  // cyclic graph's liveness check walks them again, and re-deriving
  // successors from the model costs more than the whole search did.
  bool keep_edges = false;
  BlockVector<std::uint64_t> edge_start;  // per state id
  BlockVector<std::uint32_t> edge_count;
  BlockVector<StateId> edge_target;
  BlockVector<Action> edge_action;

  [[nodiscard]] std::uint64_t size() const { return visited->size(); }
  [[nodiscard]] StateId inits() const { return static_cast<StateId>(init_index.size()); }

  [[nodiscard]] StateId target(StateId id, std::uint32_t i) const { return edge_target[edge_start[id] + i]; }
  void edges_of(StateId id, std::vector<std::pair<StateId, Action>>& out) const {
    out.clear();
    const std::uint64_t start = edge_start[id];
    for (std::uint32_t i = 0; i < edge_count[id]; ++i) out.emplace_back(edge_target[start + i], edge_action[start + i]);
  }

  /// The path the search discovered `id` by.
  [[nodiscard]] Path path_to(StateId id) const {
    Path path;
    while (parent[id] != no_state) {
      path.actions.push_back(via[id]);
      id = parent[id];
    }
    std::reverse(path.actions.begin(), path.actions.end());
    path.init = init_index[id];
    return path;
  }

  [[nodiscard]] std::size_t bytes() const {
    return visited->bytes() + parent.bytes() + via.bytes() + edge_start.bytes() + edge_count.bytes() +
           edge_target.bytes() + edge_action.bytes();
  }

  // For the memory budget: what the graph will hold at `states` states and
  // `edges` stored edges, and allocating it ahead, so that absorbing a batch
  // allocates nothing halfway (mc/budget.h's rule).
  [[nodiscard]] std::size_t bytes_when_holding(std::uint64_t states, std::uint64_t edges) const {
    std::size_t total = visited->bytes_when_holding(states) + parent.bytes_when_holding(states) +
                        via.bytes_when_holding(states);
    if (keep_edges)
      total += edge_start.bytes_when_holding(states) + edge_count.bytes_when_holding(states) +
               edge_target.bytes_when_holding(edges) + edge_action.bytes_when_holding(edges);
    return total;
  }
  void reserve(std::uint64_t states, std::uint64_t edges) {
    visited->reserve(states);
    parent.reserve(states);
    via.reserve(states);
    if (!keep_edges) return;
    edge_start.reserve(states);
    edge_count.reserve(states);
    edge_target.reserve(edges);
    edge_action.reserve(edges);
  }
};

}  // namespace smsmc::mc
