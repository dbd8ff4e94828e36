#include "mc/checker.h"

#include "mc/block_vector.h"
#include "mc/state_store.h"

#include <algorithm>
#include <chrono>
#include <deque>
#include <stdexcept>
#include <thread>
#include <unordered_map>

namespace smsmc::mc {

const char* expectation_name(Expectation kind) {
  switch (kind) {
    case Expectation::always: return "always";
    case Expectation::sometimes: return "sometimes";
    case Expectation::eventually: return "eventually";
  }
  return "?";
}

const char* verdict_name(Verdict verdict) {
  switch (verdict) {
    case Verdict::holds: return "holds";
    case Verdict::violated: return "violated";
    case Verdict::unknown: return "unknown";
  }
  return "?";
}

const PropertyResult* Result::find(const std::string& name) const {
  for (const PropertyResult& result : properties) {
    if (result.name == name) return &result;
  }
  return nullptr;
}

namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint32_t no_parent = StateStore::none;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Everything the search keeps per state besides its key.
struct Graph {
  explicit Graph(std::size_t words) : store(words) {}
  StateStore store;
  BlockVector<std::uint32_t> parent;
  BlockVector<Action> via;
  std::uint32_t inits = 0;
  // The explored edges, kept only when a liveness property needs the graph
  // again: re-deriving successors from the model costs more than the whole
  // search did.
  bool keep_edges = false;
  BlockVector<std::uint64_t> edge_start;  // per state id
  BlockVector<std::uint32_t> edge_count;
  BlockVector<std::uint32_t> edge_target;
  BlockVector<Action> edge_action;

  void edges_of(std::uint32_t id, std::vector<std::pair<std::uint32_t, Action>>& out) const {
    out.clear();
    const std::uint64_t start = edge_start[id];
    for (std::uint32_t i = 0; i < edge_count[id]; ++i) out.emplace_back(edge_target[start + i], edge_action[start + i]);
  }

  [[nodiscard]] Path path_to(std::uint32_t id) const {
    Path path;
    while (parent[id] != no_parent) {
      path.actions.push_back(via[id]);
      id = parent[id];
    }
    std::reverse(path.actions.begin(), path.actions.end());
    path.init = id;
    return path;
  }
};

/// Liveness for one `eventually` property over the complete state graph:
/// a violation is a reachable terminal state, or a fair cycle, inside the
/// region of states where the goal does not hold (entered from an initial
/// state without passing through the goal). Weak fairness per process: a
/// cycle is fair when every process enabled in all its states takes a step
/// on it. Tarjan's algorithm finds the strongly connected components; a
/// component is fair iff its full tour is.
class Liveness {
 public:
  Liveness(const Model& model, const Graph& graph, const std::vector<std::uint8_t>& goal)
      : model_(model), graph_(graph), goal_(goal) {}

  /// Returns a counterexample, or nullopt when the property holds.
  std::optional<Path> check(std::string& note) {
    const std::uint32_t n = graph_.store.size();
    index_.assign(n, unvisited);
    low_.assign(n, 0);
    on_stack_.assign(n, false);
    bad_.assign(n, false);
    mark_.assign(n, 0);
    fair_component_.assign(n, unvisited);
    bool any_bad = false;
    for (std::uint32_t init = 0; init < graph_.inits; ++init) {
      if (goal_[init] || index_[init] != unvisited) continue;
      any_bad |= strongconnect(init);
    }
    if (!any_bad) return std::nullopt;
    return counterexample(note);
  }

 private:
  static constexpr std::uint32_t unvisited = StateStore::none;

  struct Frame {
    std::uint32_t id;
    std::uint32_t position;  // next edge of `id` to look at
  };

  /// Successors inside the goal-free region.
  void region_successors(std::uint32_t id, std::vector<std::pair<std::uint32_t, Action>>& out) {
    graph_.edges_of(id, all_);
    out.clear();
    for (const auto& edge : all_) {
      if (!goal_[edge.first]) out.push_back(edge);
    }
  }

  // Iterative Tarjan over the stored edges; edges into goal states are cut,
  // so components and terminal states are those of the goal-free region.
  bool strongconnect(std::uint32_t root) {
    bool found = false;
    std::vector<Frame> frames;
    std::vector<std::uint32_t> stack;
    auto push = [&](std::uint32_t id) {
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
      Frame& frame = frames.back();
      if (frame.position < graph_.edge_count[frame.id]) {
        const std::uint32_t next = graph_.edge_target[graph_.edge_start[frame.id] + frame.position++];
        if (goal_[next]) continue;
        if (index_[next] == unvisited) {
          push(next);
        } else if (on_stack_[next]) {
          low_[frame.id] = std::min(low_[frame.id], index_[next]);
        }
        continue;
      }
      const std::uint32_t id = frame.id;
      frames.pop_back();
      if (!frames.empty()) low_[frames.back().id] = std::min(low_[frames.back().id], low_[id]);
      if (low_[id] != index_[id]) continue;
      component_.clear();
      std::uint32_t member;
      do {
        member = stack.back();
        stack.pop_back();
        on_stack_[member] = false;
        component_.push_back(member);
      } while (member != id);
      if (fair_cycle_in(component_)) {
        for (std::uint32_t m : component_) bad_[m] = true;
        found = true;
      }
    }
    return found;
  }

  /// Whether the component holds a cycle that weak fairness allows; records
  /// the processes that must step on it.
  bool fair_cycle_in(const std::vector<std::uint32_t>& component) {
    // A single state without a self-loop has no cycle: the common case, and
    // cheap to rule out.
    if (component.size() == 1) {
      bool self_loop = false;
      const std::uint32_t id = component[0];
      for (std::uint32_t i = 0; i < graph_.edge_count[id]; ++i)
        self_loop |= graph_.edge_target[graph_.edge_start[id] + i] == id;
      if (!self_loop) return false;
    }
    ++component_mark_;
    for (std::uint32_t id : component) mark_[id] = component_mark_;
    const auto processes = static_cast<std::size_t>(model_.process_count());
    std::vector<bool> always_enabled(processes, true);
    std::vector<bool> steps_inside(processes, false);
    bool has_cycle = false;
    for (std::uint32_t id : component) {
      graph_.edges_of(id, all_);
      std::vector<bool> enabled(processes, false);
      for (const auto& edge : all_) {
        const auto process = static_cast<std::size_t>(model_.process_of(edge.second));
        enabled[process] = true;
        if (mark_[edge.first] == component_mark_) {
          steps_inside[process] = true;
          has_cycle = true;
        }
      }
      for (std::size_t p = 0; p < processes; ++p) always_enabled[p] = always_enabled[p] && enabled[p];
    }
    if (!has_cycle) return false;
    std::vector<int> required;
    for (std::size_t p = 0; p < processes; ++p) {
      if (always_enabled[p] && !steps_inside[p]) return false;
      if (always_enabled[p]) required.push_back(static_cast<int>(p));
    }
    const auto fair_id = static_cast<std::uint32_t>(required_.size());
    required_.push_back(std::move(required));
    for (std::uint32_t id : component) fair_component_[id] = fair_id;
    return true;
  }

  /// Breadth-first from the initial states through the goal-free region to
  /// the nearest bad state: a terminal state (path) or a fair component
  /// (lasso through it).
  std::optional<Path> counterexample(std::string& note) {
    const std::uint32_t n = graph_.store.size();
    std::vector<std::uint32_t> parent(n, unvisited);
    std::vector<Action> via(n, 0);
    std::vector<bool> seen(n, false);
    std::deque<std::uint32_t> queue;
    for (std::uint32_t init = 0; init < graph_.inits; ++init) {
      if (!goal_[init] && !seen[init]) {
        seen[init] = true;
        queue.push_back(init);
      }
    }
    std::vector<std::pair<std::uint32_t, Action>> next;
    while (!queue.empty()) {
      const std::uint32_t id = queue.front();
      queue.pop_front();
      if (bad_[id]) {
        Path path;
        for (std::uint32_t at = id; parent[at] != unvisited; at = parent[at]) path.actions.push_back(via[at]);
        std::reverse(path.actions.begin(), path.actions.end());
        std::uint32_t origin = id;
        while (parent[origin] != unvisited) origin = parent[origin];
        path.init = origin;
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
      region_successors(id, next);
      for (const auto& edge : next) {
        if (seen[edge.first]) continue;
        seen[edge.first] = true;
        parent[edge.first] = id;
        via[edge.first] = edge.second;
        queue.push_back(edge.first);
      }
    }
    throw std::logic_error("liveness: a bad state was found but is not reachable");
  }

  /// A cycle from `entry` back to itself, inside its component, on which
  /// every required process takes a step.
  std::vector<Action> fair_cycle(std::uint32_t entry) {
    const std::uint32_t component = fair_component_[entry];
    const std::vector<int>& required = required_[component];
    auto in_component = [&](std::uint32_t id) { return fair_component_[id] == component; };
    std::vector<Action> cycle;
    std::uint32_t at = entry;
    // Shortest path inside the component from `from` to a state satisfying
    // `done` (checked on edges: done(target, action)).
    auto walk = [&](std::uint32_t from, const std::function<bool(std::uint32_t, Action)>& done) {
      std::unordered_map<std::uint32_t, std::pair<std::uint32_t, Action>> parent;
      std::deque<std::uint32_t> queue{from};
      parent.emplace(from, std::make_pair(from, Action{0}));
      std::vector<std::pair<std::uint32_t, Action>> next;
      while (!queue.empty()) {
        const std::uint32_t id = queue.front();
        queue.pop_front();
        graph_.edges_of(id, next);
        for (const auto& edge : next) {
          if (!in_component(edge.first)) continue;
          if (done(edge.first, edge.second)) {
            std::vector<Action> steps{edge.second};
            for (std::uint32_t back = id; back != from; back = parent[back].first) steps.push_back(parent[back].second);
            std::reverse(steps.begin(), steps.end());
            cycle.insert(cycle.end(), steps.begin(), steps.end());
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
    for (int process : required) {
      at = walk(at, [&](std::uint32_t, Action action) { return model_.process_of(action) == process; });
    }
    if (cycle.empty() || at != entry) walk(at, [&](std::uint32_t target, Action) { return target == entry; });
    return cycle;
  }

  const Model& model_;
  const Graph& graph_;
  const std::vector<std::uint8_t>& goal_;
  std::vector<std::pair<std::uint32_t, Action>> all_;
  std::vector<std::uint32_t> index_;
  std::vector<std::uint32_t> low_;
  std::vector<bool> on_stack_;
  std::vector<bool> bad_;
  /// Per fair component: the processes that must step on its cycle.
  std::vector<std::vector<int>> required_;
  /// Per state: the fair component it belongs to, or `unvisited`.
  std::vector<std::uint32_t> fair_component_;
  std::vector<std::uint32_t> component_;
  std::vector<std::uint32_t> mark_;  // component_mark_ of the component being examined
  std::uint32_t component_mark_ = 0;
  std::uint32_t counter_ = 0;
};

}  // namespace

Result Checker::run() const {
  const auto start = Clock::now();
  const std::size_t words = model_.state_words();
  Result result;
  result.stats.state_bytes = words * sizeof(Word);

  std::vector<Property> properties;
  for (Property& property : model_.properties()) {
    if (only_.empty() || std::find(only_.begin(), only_.end(), property.name) != only_.end()) {
      properties.push_back(std::move(property));
    }
  }
  for (const std::string& name : only_) {
    const bool known = std::any_of(properties.begin(), properties.end(), [&](const Property& p) { return p.name == name; });
    if (!known) throw std::invalid_argument("unknown property: " + name);
  }
  std::vector<std::optional<std::uint32_t>> found(properties.size());
  std::vector<std::vector<std::uint8_t>> goal(properties.size());  // bytes: workers write them concurrently
  bool any_eventually = false;
  for (const Property& property : properties) any_eventually |= property.kind == Expectation::eventually;

  Graph graph(words);
  graph.keep_edges = any_eventually;
  {
    std::vector<Word> inits;
    model_.init_states(inits);
    for (std::size_t i = 0; i + words <= inits.size(); i += words) {
      if (graph.store.insert(inits.data() + i).second) {
        graph.parent.push_back(no_parent);
        graph.via.push_back(0);
      }
    }
    graph.inits = graph.store.size();
  }

  // Expanding a state (its actions, properties, successors and their
  // hashes) only reads the store, so BFS expands a batch of states on
  // several threads; inserting the successors stays on this thread, in id
  // order, so ids, parents and counterexamples are exactly those of a
  // sequential search whatever the thread count.
  struct Expanded {
    std::vector<std::uint32_t> count;  // successors per expanded state
    std::vector<Action> actions;
    std::vector<Word> successors;
    std::vector<std::uint64_t> hashes;
    std::vector<std::uint32_t> first_found;  // per property: smallest id found, or none
    std::vector<Word> current;
    std::vector<Action> scratch;
  };
  auto expand_range = [&](std::uint32_t from, std::uint32_t to, Expanded& out) {
    out.count.clear();
    out.actions.clear();
    out.successors.clear();
    out.hashes.clear();
    out.first_found.assign(properties.size(), no_parent);
    out.current.resize(words);
    for (std::uint32_t id = from; id < to; ++id) {
      std::copy_n(graph.store.at(id), words, out.current.data());
      out.scratch.clear();
      model_.actions(out.current.data(), out.scratch);
      const StateView view{out.current.data(), out.scratch.empty()};
      for (std::size_t p = 0; p < properties.size(); ++p) {
        const Property& property = properties[p];
        switch (property.kind) {
          case Expectation::always:
            if (out.first_found[p] == no_parent && !property.condition(view)) out.first_found[p] = id;
            break;
          case Expectation::sometimes:
            if (out.first_found[p] == no_parent && property.condition(view)) out.first_found[p] = id;
            break;
          case Expectation::eventually:
            goal[p][id] = property.condition(view) ? 1 : 0;
            break;
        }
      }
      out.count.push_back(static_cast<std::uint32_t>(out.scratch.size()));
      const std::size_t base = out.successors.size();
      out.successors.resize(base + out.scratch.size() * words);
      for (std::size_t i = 0; i < out.scratch.size(); ++i) {
        Word* successor = out.successors.data() + base + i * words;
        model_.next_state(out.current.data(), out.scratch[i], successor);
        out.actions.push_back(out.scratch[i]);
        out.hashes.push_back(graph.store.hash_of(successor));
      }
    }
  };
  std::vector<std::uint32_t> stack;  // DFS frontier
  std::vector<std::uint32_t> depth_of;
  // Inserts what expand_range produced for [from, to); DFS pushes new states.
  auto absorb = [&](std::uint32_t from, std::uint32_t to, const Expanded& in) {
    for (std::size_t p = 0; p < properties.size(); ++p) {
      if (in.first_found[p] != no_parent && !found[p]) found[p] = in.first_found[p];
    }
    // Slots are prefetched eight successors ahead of their insert.
    for (std::size_t i = 0; i < std::min<std::size_t>(8, in.hashes.size()); ++i) graph.store.prefetch(in.hashes[i]);
    std::size_t k = 0;
    for (std::uint32_t id = from; id < to; ++id) {
      const std::uint32_t count = in.count[id - from];
      if (graph.keep_edges) {
        graph.edge_start[id] = graph.edge_target.size();
        graph.edge_count[id] = count;
      }
      for (std::uint32_t i = 0; i < count; ++i, ++k) {
        if (k + 8 < in.hashes.size()) graph.store.prefetch(in.hashes[k + 8]);
        const Action action = in.actions[k];
        ++result.stats.transitions;
        const auto [next_id, inserted] = graph.store.insert(in.successors.data() + k * words, in.hashes[k]);
        if (graph.keep_edges) {
          graph.edge_target.push_back(next_id);
          graph.edge_action.push_back(action);
        }
        if (!inserted) continue;
        graph.parent.push_back(id);
        graph.via.push_back(action);
        if (strategy_ == Strategy::dfs) {
          depth_of.push_back(depth_of[id] + 1);
          stack.push_back(next_id);
        }
      }
    }
  };
  // Per-state arrays the expansion writes by id must cover every stored id.
  auto cover = [&](std::uint32_t n) {
    for (std::size_t p = 0; p < properties.size(); ++p) {
      if (properties[p].kind == Expectation::eventually && goal[p].size() < n) goal[p].resize(n);
    }
    if (graph.keep_edges && graph.edge_start.size() < n) {
      graph.edge_start.grow_to(n);
      graph.edge_count.grow_to(n);
    }
  };

  const unsigned threads = strategy_ == Strategy::bfs ? std::max(1u, threads_) : 1u;
  std::vector<Expanded> parts(threads);
  auto last_progress = start;
  // Without liveness properties, once every property has its counterexample
  // or witness nothing the rest of the search finds can change a verdict.
  // With no property, or when the caller wants every state, explore it all.
  auto decided = [&]() {
    if (any_eventually || found.empty() || collect_states_) return false;
    for (const auto& f : found) {
      if (!f) return false;
    }
    return true;
  };
  auto bounded = [&]() {
    if (decided()) {
      result.stats.decided_early = true;
      return true;
    }
    const double elapsed = seconds_since(start);
    if (max_states_ != 0 && graph.store.size() >= max_states_) {
      result.stats.stopped_by = "max-states";
      return true;
    }
    if (timeout_ > 0 && elapsed >= timeout_) {
      result.stats.stopped_by = "timeout";
      return true;
    }
    if (progress_ && seconds_since(last_progress) >= progress_interval_) {
      last_progress = Clock::now();
      progress_({graph.store.size(), result.stats.transitions, result.stats.depth, elapsed, "search"});
    }
    return false;
  };

  if (strategy_ == Strategy::bfs) {
    std::uint32_t cursor = 0;
    std::uint32_t level_end = graph.inits;
    std::uint32_t depth = 0;
    // Batches stay inside one BFS level so the depth of every state is known.
    constexpr std::uint32_t batch = 1u << 14;
    while (cursor < graph.store.size()) {
      if (cursor == level_end) {
        ++depth;
        level_end = graph.store.size();
      }
      result.stats.depth = depth;
      const std::uint32_t end = std::min(level_end, cursor + batch);
      cover(graph.store.size());
      const std::uint32_t per = (end - cursor + threads - 1) / threads;
      std::vector<std::thread> workers;
      for (unsigned t = 1; t < threads; ++t) {
        const std::uint32_t from = std::min(end, cursor + t * per);
        const std::uint32_t to = std::min(end, from + per);
        if (from < to) workers.emplace_back([&, from, to, t] { expand_range(from, to, parts[t]); });
      }
      expand_range(cursor, std::min(end, cursor + per), parts[0]);
      for (std::thread& worker : workers) worker.join();
      for (unsigned t = 0; t < threads; ++t) {
        const std::uint32_t from = std::min(end, cursor + t * per);
        const std::uint32_t to = std::min(end, from + per);
        if (from < to) absorb(from, to, parts[t]);
      }
      cursor = end;
      if (bounded()) break;
    }
  } else {
    for (std::uint32_t id = graph.inits; id-- > 0;) stack.push_back(id);
    depth_of.assign(graph.inits, 0);
    std::uint64_t expanded = 0;
    while (!stack.empty()) {
      const std::uint32_t id = stack.back();
      stack.pop_back();
      result.stats.depth = std::max(result.stats.depth, depth_of[id]);
      cover(graph.store.size());
      expand_range(id, id + 1, parts[0]);
      absorb(id, id + 1, parts[0]);
      if (((++expanded & 1023) == 0 || decided()) && bounded()) break;
    }
  }
  result.stats.complete = result.stats.stopped_by.empty() && !result.stats.decided_early;
  result.stats.states = graph.store.size();
  result.stats.search_seconds = seconds_since(start);

  for (std::size_t p = 0; p < properties.size(); ++p) {
    const Property& property = properties[p];
    PropertyResult out{property.name, property.kind, Verdict::unknown, std::nullopt, "", property.description,
                       property.witness_for};
    switch (property.kind) {
      case Expectation::always:
        if (found[p]) {
          out.verdict = Verdict::violated;
          out.path = graph.path_to(*found[p]);
        } else if (result.stats.complete) {
          out.verdict = Verdict::holds;
        } else {
          out.note = "no violation in the states explored before the search stopped";
        }
        break;
      case Expectation::sometimes:
        if (found[p]) {
          out.verdict = Verdict::holds;
          out.path = graph.path_to(*found[p]);
        } else if (result.stats.complete) {
          out.verdict = Verdict::violated;
          out.note = "no reachable state satisfies it";
        } else {
          out.note = "not reached in the states explored before the search stopped";
        }
        break;
      case Expectation::eventually:
        if (!result.stats.complete) {
          out.note = "liveness needs the complete state graph; the search stopped early";
          break;
        }
        goal[p].resize(graph.store.size(), 0);
        if (progress_) progress_({graph.store.size(), result.stats.transitions, result.stats.depth, seconds_since(start), "liveness"});
        Liveness liveness(model_, graph, goal[p]);
        std::string note;
        out.path = liveness.check(note);
        out.verdict = out.path ? Verdict::violated : Verdict::holds;
        out.note = note;
        break;
    }
    result.properties.push_back(std::move(out));
  }
  if (collect_states_) result.states = graph.store.all_states();
  result.stats.seconds = seconds_since(start);
  return result;
}

std::vector<Word> replay(const Model& model, const Path& path) {
  const std::size_t words = model.state_words();
  std::vector<Word> inits;
  model.init_states(inits);
  if ((path.init + 1) * words > inits.size()) throw std::invalid_argument("the path starts at an unknown initial state");
  std::vector<Word> states(inits.begin() + static_cast<std::ptrdiff_t>(path.init * words),
                           inits.begin() + static_cast<std::ptrdiff_t>((path.init + 1) * words));
  std::vector<Action> enabled;
  std::vector<Word> next(words);
  for (std::size_t step = 0; step < path.actions.size(); ++step) {
    const Word* current = states.data() + states.size() - words;
    enabled.clear();
    model.actions(current, enabled);
    if (std::find(enabled.begin(), enabled.end(), path.actions[step]) == enabled.end()) {
      throw std::invalid_argument("step " + std::to_string(step + 1) + " (" + model.format_action(path.actions[step]) +
                                  ") is not enabled");
    }
    model.next_state(current, path.actions[step], next.data());
    states.insert(states.end(), next.begin(), next.end());
  }
  return states;
}

}  // namespace smsmc::mc
