#include "mc/timed/explorer.h"

#include <algorithm>
#include <stdexcept>

namespace smsmc::mc::timed {

std::uint64_t ZoneArena::push(const Bound* packed, std::size_t cells) {
  if (used_ + cells > block_cells) {
    blocks_.push_back(std::make_unique<Bound[]>(block_cells));
    used_ = 0;
  }
  const std::uint64_t address = (blocks_.size() - 1) * block_cells + used_;
  std::copy(packed, packed + cells, blocks_.back().get() + used_);
  used_ += cells;
  cells_ += cells;
  return address;
}

void pack(const Bound* zone, std::size_t n, const std::vector<ClockId>& kept, Bound* packed) {
  const std::size_t k = kept.size();
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) packed[i * k + j] = zone[kept[i] * n + kept[j]];
  }
}

void unpack(const Bound* packed, const std::vector<ClockId>& kept, std::size_t n, Bound* zone) {
  // A free clock x: x - y unbounded, y - x bounded by y's upper bound.
  const std::size_t k = kept.size();
  std::fill(zone, zone + n * n, Bound::infinity());
  for (std::size_t i = 0; i < k; ++i) {
    for (std::size_t j = 0; j < k; ++j) zone[kept[i] * n + kept[j]] = packed[i * k + j];
  }
  std::vector<bool> is_kept(n, false);
  for (const ClockId c : kept) is_kept[c] = true;
  for (std::size_t x = 0; x < n; ++x) {
    if (is_kept[x]) continue;
    for (std::size_t y = 0; y < n; ++y) zone[y * n + x] = zone[y * n];
    zone[x * n + x] = Bound::le(0);
  }
}

Explorer::Explorer(const ZoneGraph& graph, SearchLimits limits, bool keep_edges)
    : graph_(graph),
      limits_(std::move(limits)),
      keep_edges_(keep_edges),
      dim_(graph.dim()),
      states_(graph.words()),
      lower_(graph.dim()),
      upper_(graph.dim()),
      packed_(graph.dim() * graph.dim() + graph.dim()) {}

double Explorer::elapsed() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

bool Explorer::out_of_budget() {
  if (limits_.max_states != 0 && stats_.stored >= limits_.max_states) {
    stats_.stopped_by = "max-states";
    return true;
  }
  if (limits_.timeout > 0 || limits_.progress) {
    const double seconds = elapsed();
    if (limits_.timeout > 0 && seconds >= limits_.timeout) {
      stats_.stopped_by = "timeout";
      return true;
    }
    if (limits_.progress && seconds >= next_progress_) {
      limits_.progress({stats_.stored, stats_.visited, stats_.depth, seconds});
      next_progress_ = seconds + limits_.progress_interval;
    }
  }
  return false;
}

std::uint32_t Explorer::insert(const Word* state, const Bound* zone, const LocationTiming& at, std::uint32_t parent,
                               Action via, std::uint32_t depth, bool divergent) {
  const std::uint64_t hash = hash_state(state, states_.words());
  StateId discrete = no_state;
  std::uint8_t is_new = 0;
  states_.insert(1, state, &hash, &discrete, &is_new);
  if (is_new) {
    passed_.emplace_back();
    std::vector<ClockId> kept{0};
    for (ClockId x = 1; x < dim_; ++x) {
      if (x >= at.active.size() || at.active[x]) kept.push_back(x);  // past the model's clocks: t
    }
    kept_.push_back(std::move(kept));
    ++stats_.discrete_states;
  }
  const std::vector<ClockId>& kept = kept_[discrete];
  const std::size_t k = kept.size();
  pack(zone, dim_, kept, packed_.data());
  // With aLU covering a stored zone is followed by its alu_thresholds() (k
  // entries), computed once here rather than at every comparison.
  const bool alu = graph_.options().covering == Covering::alu;
  const std::size_t stored_cells = alu ? k * k + k : k * k;
  // One pass over the stored zones of the state: the new zone is dropped
  // if one of them includes it, and drops every one it includes.
  std::vector<std::uint32_t>& list = passed_[discrete];
  std::size_t keep = 0;
  const std::uint32_t id = nodes_;
  Bound* thresholds = packed_.data() + k * k;
  if (alu) {
    graph_.lu_bounds(at, lower_.data(), upper_.data());
    for (std::size_t i = 0; i < k; ++i) {
      lower_[i] = lower_[kept[i]];
      upper_[i] = upper_[kept[i]];
    }
    dbm::alu_thresholds(packed_.data(), k, upper_.data(), thresholds);
  }
  auto compare = [&](const Bound* stored) {
    return alu ? dbm::alu_relation(packed_.data(), thresholds, stored, stored + k * k, k, lower_.data())
               : dbm::relation(packed_.data(), stored, k);
  };
  for (std::size_t k = 0; k < list.size(); ++k) {
    const std::uint32_t other = list[k];
    const dbm::Relation r = compare(zones_.at(zone_at_[other]));
    if (r.subset) {
      // The list is an antichain, so nothing was dropped before this: a
      // zone included in the new one would be included in this one.
      if (keep != k) throw std::logic_error("zone explorer: the passed list holds comparable zones");
      ++stats_.covered;
      return other;
    }
    if (!r.superset) {
      list[keep++] = other;
      continue;
    }
    ++stats_.superseded;
    if ((flags_[other] & expanded_flag) == 0 && depth_[other] == depth) {
      flags_[other] |= dead_flag;
      redirect_[other] = id;
    }
  }
  ++nodes_;
  list.resize(keep);
  list.push_back(id);
  zone_at_.push_back(zones_.push(packed_.data(), stored_cells));
  discrete_.push_back(discrete);
  parent_.push_back(parent);
  via_.push_back(via);
  depth_.push_back(depth);
  flags_.push_back(divergent ? divergent_flag : 0);
  redirect_.push_back(none);
  if (keep_edges_) {
    edge_start_.push_back(0);
    edge_count_.push_back(0);
  }
  ++stats_.stored;
  stats_.depth = std::max(stats_.depth, depth);
  return id;
}

void Explorer::search(const std::function<bool(const StateView&)>* goal, const OnGoal& on_goal,
                      const OnExpanded& on_expanded) {
  start_ = std::chrono::steady_clock::now();
  const Model& discrete = graph_.model().discrete();
  const std::size_t words = graph_.words();
  std::vector<Bound> zone(dim_ * dim_);
  std::vector<Bound> source_zone(dim_ * dim_);
  std::vector<Word> target(words);
  LocationTiming at_source;
  LocationTiming at_target;
  EntryFacts facts;
  std::vector<Action> actions;
  std::vector<Action> target_actions;
  auto is_goal = [&](const Word* state) {
    if (goal == nullptr) return false;
    target_actions.clear();
    discrete.actions(state, target_actions);
    return (*goal)(StateView{state, target_actions.empty()});
  };

  std::vector<Word> inits;
  discrete.init_states(inits);
  bool stop = false;
  for (std::size_t i = 0; i * words < inits.size() && !stop; ++i) {
    const Word* state = inits.data() + i * words;
    graph_.location(state, at_source);
    if (!graph_.initial(state, at_source, zone.data(), facts)) continue;
    if (is_goal(state)) {
      on_goal(none, static_cast<Action>(i), facts);
      continue;
    }
    insert(state, zone.data(), at_source, none, static_cast<Action>(i), 0, facts.divergent);
    stop = out_of_budget();
  }
  for (std::uint32_t id = 0; id < nodes_ && !stop; ++id) {
    if ((flags_[id] & dead_flag) != 0) continue;
    if ((stats_.visited & 63) == 0 && out_of_budget()) break;
    const Word* source = states_.at(discrete_[id]);
    unpack(zones_.at(zone_at_[id]), kept_[discrete_[id]], dim_, source_zone.data());
    flags_[id] |= expanded_flag;
    ++stats_.visited;
    graph_.location(source, at_source);
    actions.clear();
    discrete.actions(source, actions);
    if (keep_edges_) edge_start_[id] = edge_target_.size();
    std::size_t successors = 0;
    for (const Action action : actions) {
      if (!graph_.successor(source, at_source, source_zone.data(), action, target.data(), at_target, zone.data(),
                            facts)) {
        continue;
      }
      ++stats_.transitions;
      ++successors;
      if (is_goal(target.data())) {
        on_goal(id, action, facts);
        continue;
      }
      const std::uint32_t next =
          insert(target.data(), zone.data(), at_target, id, action, depth_[id] + 1, facts.divergent);
      if (keep_edges_) edge_target_.push_back(next);
      if (limits_.max_states != 0 && stats_.stored >= limits_.max_states) {
        stats_.stopped_by = "max-states";
        stop = true;
        break;
      }
    }
    if (keep_edges_) edge_count_[id] = static_cast<std::uint32_t>(edge_target_.size() - edge_start_[id]);
    if (stop) break;
    if (!on_expanded(id, StateView{source, actions.empty()}, successors)) {
      stats_.decided_early = true;
      break;
    }
  }
  stats_.seconds = elapsed();
  stats_.zone_bytes = stats_.stored == 0 ? 0 : static_cast<std::size_t>(zones_.cells() * sizeof(Bound) / stats_.stored);
  stats_.complete = stats_.stopped_by.empty() && !stats_.decided_early;
}

Path Explorer::path_to(std::uint32_t node) const {
  Path path;
  while (parent_[node] != none) {
    path.actions.push_back(via_[node]);
    node = parent_[node];
  }
  std::reverse(path.actions.begin(), path.actions.end());
  path.init = via_[node];
  return path;
}

Path Explorer::path_to(std::uint32_t parent, Action via) const {
  if (parent == none) return Path{via, {}, std::nullopt};
  Path path = path_to(parent);
  path.actions.push_back(via);
  return path;
}

bool Explorer::has_cycle() const {
  // Iterative three-colour depth-first search.
  enum : std::uint8_t { white, grey, black };
  std::vector<std::uint8_t> colour(nodes_, white);
  struct Frame {
    std::uint32_t node;
    std::uint32_t next;  // index of the next successor to follow
  };
  auto successor = [&](std::uint32_t node, std::uint32_t k) -> std::uint32_t {
    if ((flags_[node] & dead_flag) != 0) return k == 0 ? redirect_[node] : none;
    if ((flags_[node] & expanded_flag) == 0 || k >= edge_count_[node]) return none;
    return edge_target_[edge_start_[node] + k];
  };
  std::vector<Frame> stack;
  for (std::uint32_t root = 0; root < nodes_; ++root) {
    if (colour[root] != white) continue;
    colour[root] = grey;
    stack.push_back({root, 0});
    while (!stack.empty()) {
      Frame& frame = stack.back();
      const std::uint32_t next = successor(frame.node, frame.next++);
      if (next == none) {
        colour[frame.node] = black;
        stack.pop_back();
        continue;
      }
      if (colour[next] == grey) return true;
      if (colour[next] == white) {
        colour[next] = grey;
        stack.push_back({next, 0});
      }
    }
  }
  return false;
}

}  // namespace smsmc::mc::timed
