// Liveness of one `eventually` property over the complete state graph: a
// violation is a reachable terminal state, or a fair cycle, inside the
// region of states where the goal does not hold (entered from an initial
// state without passing through the goal). Weak fairness per process as
// mc/fairness.h defines it. Tarjan's algorithm finds the strongly connected
// components of the region; a component holds a fair cycle iff its full tour
// (every state, every internal edge) is fair, since a process enabled in
// every state of the component is enabled on every cycle inside it.
#pragma once

#include "mc/budget.h"
#include "mc/graph.h"
#include "mc/model.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace smsmc::mc {

/// What a liveness check may use and when it must give up.
struct LivenessLimits {
  /// Charged for the per-state arrays (about 17 bytes per state, 8 more for
  /// a counterexample's search) before they are allocated; a refusal throws
  /// BudgetExceeded. The DFS stacks, which rarely reach that size, are not
  /// charged. Null: nothing is charged.
  MemoryBudget* budget = nullptr;
  /// Polled while the check runs: once true, check_liveness throws
  /// LivenessStopped. Null: never.
  const std::atomic<bool>* stop = nullptr;
  /// The graph is symmetry-reduced (SearchOptions::symmetry): components
  /// are judged on their concrete lift and paths are made concrete
  /// (mc/symmetry.h).
  bool symmetry = false;
};

/// Thrown by check_liveness when its stop flag is set.
struct LivenessStopped {};

/// The shortest counterexample (by its prefix: the nearest terminal state or
/// fair component, breadth-first from the initial states), or nullopt when
/// the property holds. `goal` holds goal_flags (graph.h) by state id; `note`
/// says which kind of counterexample it is. The loop of a lasso is fair.
/// The graph's edges must be stored.
std::optional<Path> check_liveness(const Model& model, const Graph& graph, const std::vector<std::uint8_t>& goal,
                                   std::string& note, const LivenessLimits& limits = {});

/// The same for a graph a breadth-first search proved acyclic (every edge
/// leads one level down) without storing its edges: no cycle, so a
/// violation is a terminal goal-free state `reached` through goal-free
/// states (goal_flags). The counterexample is the one check_liveness gives:
/// the smallest-id such state at the smallest depth, reached through each
/// state's smallest-id goal-free predecessor (`region_parent`, else its
/// parent).
std::optional<Path> check_acyclic_liveness(const Graph& graph, const std::vector<std::uint8_t>& goal,
                                           const RegionParents& region_parent, std::string& note);

}  // namespace smsmc::mc
