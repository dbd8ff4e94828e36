#include "mc/liveness.h"

#include "mc/fairness.h"
#include "mc/symmetry.h"

#include <algorithm>
#include <deque>
#include <functional>
#include <stdexcept>
#include <unordered_map>

namespace smsmc::mc {
namespace {

using Edges = std::vector<std::pair<StateId, Action>>;

class Liveness {
 public:
  Liveness(const Model& model, const Graph& graph, const std::vector<std::uint8_t>& goal, const LivenessLimits& limits)
      : model_(model), graph_(graph), goal_(goal), fairness_(model), limits_(limits) {}

  std::optional<Path> check(std::string& note) {
    const std::uint64_t n = graph_.size();
    // index_, low_, mark_, fair_component_ and two bit vectors.
    const Charge arrays(limits_.budget, n * 4 * sizeof(StateId) + n / 4 + 1);
    index_.assign(n, unvisited);
    low_.assign(n, 0);
    on_stack_.assign(n, false);
    bad_.assign(n, false);
    mark_.assign(n, 0);
    fair_component_.assign(n, unvisited);
    bool any_bad = false;
    for (StateId init = 0; init < graph_.inits(); ++init) {
      if (goal(init) || index_[init] != unvisited) continue;
      any_bad |= strongconnect(init);
    }
    if (!any_bad) return std::nullopt;
    return counterexample(note);
  }

 private:
  static constexpr StateId unvisited = no_state;

  struct Frame {
    StateId id;
    std::uint32_t position;  // next edge of `id` to look at
  };

  /// A Reservation when there is a budget.
  struct Charge {
    Charge(MemoryBudget* budget, std::uint64_t bytes) {
      if (budget != nullptr) held.emplace(*budget, bytes);
    }
    std::optional<Reservation> held;
  };

  [[nodiscard]] bool goal(StateId id) const { return (goal_[id] & goal_flags::goal) != 0; }

  /// Every 65,536 steps: the stop flag.
  void poll() {
    if ((++steps_ & 0xFFFF) == 0 && limits_.stop != nullptr && limits_.stop->load(std::memory_order_relaxed))
      throw LivenessStopped{};
  }

  /// Successors inside the goal-free region.
  void region_successors(StateId id, Edges& out) {
    graph_.edges_of(id, all_);
    out.clear();
    for (const auto& edge : all_) {
      if (!goal(edge.first)) out.push_back(edge);
    }
  }

  // Iterative Tarjan over the stored edges; edges into goal states are cut,
  // so components and terminal states are those of the goal-free region.
  bool strongconnect(StateId root) {
    bool found = false;
    std::vector<Frame> frames;
    std::vector<StateId> stack;
    auto push = [&](StateId id) {
      index_[id] = low_[id] = counter_++;
      stack.push_back(id);
      on_stack_[id] = true;
      if (graph_.edge_count[id] == 0) {
        bad_[id] = true;  // a goal-free execution ends here
        found = true;
      }
      frames.push_back({id, 0});
    };
    push(root);
    while (!frames.empty()) {
      poll();
      Frame& frame = frames.back();
      if (frame.position < graph_.edge_count[frame.id]) {
        const StateId next = graph_.target(frame.id, frame.position++);
        if (goal(next)) continue;
        if (index_[next] == unvisited) {
          push(next);
        } else if (on_stack_[next]) {
          low_[frame.id] = std::min(low_[frame.id], index_[next]);
        }
        continue;
      }
      const StateId id = frame.id;
      frames.pop_back();
      if (!frames.empty()) low_[frames.back().id] = std::min(low_[frames.back().id], low_[id]);
      if (low_[id] != index_[id]) continue;
      component_.clear();
      StateId member;
      do {
        member = stack.back();
        stack.pop_back();
        on_stack_[member] = false;
        component_.push_back(member);
      } while (member != id);
      if (fair_cycle_in(component_)) {
        for (StateId m : component_) bad_[m] = true;
        found = true;
      }
    }
    return found;
  }

  /// Adds the actions enabled in `id` (all its edges, into the goal or not)
  /// to fairness_.
  void add_state(StateId id) {
    graph_.edges_of(id, all_);
    actions_.clear();
    for (const auto& edge : all_) actions_.push_back(edge.second);
    fairness_.add_state(actions_);
  }

  /// Whether the component holds a cycle that weak fairness allows: whether
  /// its full tour is fair. Records the processes enabled throughout it.
  bool fair_cycle_in(const std::vector<StateId>& component) {
    // A single state without a self-loop has no cycle: the common case, and
    // cheap to rule out.
    if (component.size() == 1) {
      bool self_loop = false;
      const StateId id = component[0];
      for (std::uint32_t i = 0; i < graph_.edge_count[id]; ++i) self_loop |= graph_.target(id, i) == id;
      if (!self_loop) return false;
    }
    if (limits_.symmetry) return lifted_fair_component(component);
    ++component_mark_;
    for (StateId id : component) mark_[id] = component_mark_;
    fairness_.clear();
    bool has_cycle = false;
    for (StateId id : component) {
      add_state(id);
      for (const auto& edge : all_) {
        if (mark_[edge.first] != component_mark_) continue;
        fairness_.add_step(edge.second);
        has_cycle = true;
      }
    }
    if (!has_cycle || fairness_.starved()) return false;
    std::vector<int> required;
    for (int p = 0; p < fairness_.processes(); ++p) {
      if (fairness_.always_enabled(p)) required.push_back(p);
    }
    const auto fair_id = static_cast<StateId>(required_.size());
    required_.push_back(std::move(required));
    for (StateId id : component) fair_component_[id] = fair_id;
    return true;
  }

  /// Under symmetry a component of the quotient holds a fair cycle iff the
  /// concrete component above it does (mc/symmetry.h): judged there, from
  /// the representative of its first member.
  bool lifted_fair_component(const std::vector<StateId>& component) {
    std::vector<Word> entry(graph_.visited->words());
    graph_.visited->read(component[0], entry.data());
    if (!lifted_fair_cycle(model_, graph_, component, entry.data(), limits_)) return false;
    const auto fair_id = static_cast<StateId>(required_.size());
    required_.emplace_back();
    members_.push_back(component);
    for (StateId id : component) fair_component_[id] = fair_id;
    return true;
  }

  /// Under symmetry: the concrete path from the initial state through the
  /// representatives the search's chain `parent` leads to `id` by, and its
  /// concrete last state.
  Path concrete_prefix(const std::vector<StateId>& parent, StateId id, std::vector<Word>& state) {
    std::vector<StateId> ids;
    for (; parent[id] != unvisited; id = parent[id]) ids.push_back(id);
    std::reverse(ids.begin(), ids.end());
    Path path;
    path.init = graph_.init_index[id];
    concretize(model_, graph_, path.init, ids, path.actions, state);
    return path;
  }

  /// Breadth-first from the initial states through the goal-free region to
  /// the nearest bad state: a terminal state (path) or a fair component
  /// (lasso through it). Level by level in id order, so the path is the one
  /// check_acyclic_liveness finds on an acyclic graph without edges.
  std::optional<Path> counterexample(std::string& note) {
    const std::uint64_t n = graph_.size();
    const Charge arrays(limits_.budget, n * (sizeof(StateId) + sizeof(Action)) + n / 8 + 1);
    std::vector<StateId> parent(n, unvisited);
    std::vector<Action> via(n, 0);
    std::vector<bool> seen(n, false);
    std::vector<StateId> level;
    std::vector<StateId> next_level;
    for (StateId init = 0; init < graph_.inits(); ++init) {
      if (!goal(init) && !seen[init]) {
        seen[init] = true;
        level.push_back(init);
      }
    }
    Edges next;
    while (!level.empty()) {
      std::sort(level.begin(), level.end());
      for (const StateId id : level) {
        poll();
        if (!bad_[id]) continue;
        if (limits_.symmetry) {
          std::vector<Word> entry;
          Path path = concrete_prefix(parent, id, entry);
          if (fair_component_[id] == unvisited) {
            note = "the execution ends without reaching the goal";
          } else {
            const std::optional<std::vector<Action>> cycle =
                lifted_fair_cycle(model_, graph_, members_[fair_component_[id]], entry.data(), limits_);
            if (!cycle) throw std::logic_error("liveness: a fair component's lift has no fair cycle at the entry");
            path.loop_start = path.actions.size();
            path.actions.insert(path.actions.end(), cycle->begin(), cycle->end());
            note = "a fair cycle never reaches the goal";
          }
          return path;
        }
        Path path;
        for (StateId at = id; parent[at] != unvisited; at = parent[at]) path.actions.push_back(via[at]);
        std::reverse(path.actions.begin(), path.actions.end());
        StateId origin = id;
        while (parent[origin] != unvisited) origin = parent[origin];
        path.init = graph_.init_index[origin];
        if (fair_component_[id] == unvisited) {
          note = "the execution ends without reaching the goal";
        } else {
          path.loop_start = path.actions.size();
          const std::vector<Action> cycle = fair_cycle(id);
          path.actions.insert(path.actions.end(), cycle.begin(), cycle.end());
          note = "a fair cycle never reaches the goal";
        }
        return path;
      }
      next_level.clear();
      for (const StateId id : level) {
        poll();
        region_successors(id, next);
        for (const auto& edge : next) {
          if (seen[edge.first]) continue;
          seen[edge.first] = true;
          parent[edge.first] = id;
          via[edge.first] = edge.second;
          next_level.push_back(edge.first);
        }
      }
      level.swap(next_level);
    }
    throw std::logic_error("liveness: a bad state was found but is not reachable");
  }

  /// A cycle from `entry` back to itself, inside its component, that is
  /// weakly fair: first every process enabled throughout the component
  /// steps; then, while the cycle starves a process (enabled in every state
  /// the cycle visits, though not in every state of the component), a detour
  /// from `entry` to a step of that process or to a state where it is
  /// disabled, and back. A detour only adds states and steps, so it never
  /// makes another process starve, and each process needs at most one.
  std::vector<Action> fair_cycle(StateId entry) {
    const StateId component = fair_component_[entry];
    auto in_component = [&](StateId id) { return fair_component_[id] == component; };
    std::vector<Action> cycle;
    std::vector<StateId> visits;  // the state each step of `cycle` enters
    // Shortest path inside the component from `from` to an edge satisfying
    // `done(target, action)`; appends it to the cycle, returns its target.
    auto walk = [&](StateId from, const std::function<bool(StateId, Action)>& done) {
      std::unordered_map<StateId, std::pair<StateId, Action>> parent;
      std::deque<StateId> queue{from};
      parent.emplace(from, std::make_pair(from, Action{0}));
      Edges next;
      while (!queue.empty()) {
        const StateId id = queue.front();
        queue.pop_front();
        graph_.edges_of(id, next);
        for (const auto& edge : next) {
          if (!in_component(edge.first)) continue;
          if (done(edge.first, edge.second)) {
            std::vector<std::pair<StateId, Action>> steps{edge};
            for (StateId back = id; back != from; back = parent[back].first) steps.emplace_back(back, parent[back].second);
            std::reverse(steps.begin(), steps.end());
            for (const auto& step : steps) {
              visits.push_back(step.first);
              cycle.push_back(step.second);
            }
            return edge.first;
          }
          if (parent.count(edge.first) == 0) {
            parent.emplace(edge.first, std::make_pair(id, edge.second));
            queue.push_back(edge.first);
          }
        }
      }
      throw std::logic_error("liveness: no path inside a strongly connected component");
    };
    auto close = [&](StateId at) {
      if (cycle.empty() || at != entry) walk(at, [&](StateId target, Action) { return target == entry; });
    };
    StateId at = entry;
    for (int process : required_[component]) {
      at = walk(at, [&](StateId, Action action) { return model_.process_of(action) == process; });
    }
    close(at);
    for (int detours = 0;; ++detours) {
      if (detours > fairness_.processes()) throw std::logic_error("liveness: a detour did not make its process fair");
      fairness_.clear();
      for (StateId id : visits) add_state(id);  // the last visit is `entry`
      for (Action action : cycle) fairness_.add_step(action);
      const std::optional<int> starved = fairness_.starved();
      if (!starved) return cycle;
      const int process = *starved;
      auto enabled_in = [&](StateId id) {
        graph_.edges_of(id, all_);
        return std::any_of(all_.begin(), all_.end(), [&](const auto& e) { return model_.process_of(e.second) == process; });
      };
      at = walk(entry, [&](StateId target, Action action) {
        return model_.process_of(action) == process || !enabled_in(target);
      });
      close(at);
    }
  }

  const Model& model_;
  const Graph& graph_;
  const std::vector<std::uint8_t>& goal_;
  WeakFairness fairness_;
  Edges all_;
  std::vector<Action> actions_;
  std::vector<StateId> index_;
  std::vector<StateId> low_;
  std::vector<bool> on_stack_;
  std::vector<bool> bad_;
  /// Per fair component: the processes enabled in every state of it.
  std::vector<std::vector<int>> required_;
  /// Per fair component, under symmetry: its members (representatives).
  std::vector<std::vector<StateId>> members_;
  /// Per state: the fair component it belongs to, or `unvisited`.
  std::vector<StateId> fair_component_;
  std::vector<StateId> component_;
  std::vector<std::uint32_t> mark_;  // component_mark_ of the component being examined
  std::uint32_t component_mark_ = 0;
  StateId counter_ = 0;
  LivenessLimits limits_;
  std::uint64_t steps_ = 0;
};

}  // namespace

std::optional<Path> check_liveness(const Model& model, const Graph& graph, const std::vector<std::uint8_t>& goal,
                                   std::string& note, const LivenessLimits& limits) {
  return Liveness(model, graph, goal, limits).check(note);
}

std::optional<Path> check_acyclic_liveness(const Graph& graph, const std::vector<std::uint8_t>& goal,
                                           const RegionParents& region_parent, std::string& note) {
  using namespace goal_flags;
  // Ids grow with the BFS depth, so the first such state is the nearest.
  for (std::uint64_t i = 0; i < graph.size(); ++i) {
    if ((goal[i] & (goal_flags::goal | terminal | reached)) != (terminal | reached)) continue;
    Path path;
    auto at = static_cast<StateId>(i);
    for (;;) {
      if (const auto detour = region_parent.find(at); detour != region_parent.end()) {
        path.actions.push_back(detour->second.second);
        at = detour->second.first;
      } else if (graph.parent[at] != no_state) {
        path.actions.push_back(graph.via[at]);
        at = graph.parent[at];
      } else {
        break;
      }
    }
    std::reverse(path.actions.begin(), path.actions.end());
    path.init = graph.init_index[at];
    note = "the execution ends without reaching the goal";
    return path;
  }
  return std::nullopt;
}

}  // namespace smsmc::mc
