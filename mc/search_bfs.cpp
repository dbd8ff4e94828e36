// The search's drivers: breadth-first levels expanded on several threads
// (and, while liveness may need the graph, the proof that it is acyclic or
// the rebuild of its edges), and depth-first.
#include "mc/search_impl.h"

#include <stdexcept>
#include <string>
#include <system_error>

namespace smsmc::mc::detail {

void Search::reach(StateId id, StateId target, Action action, bool fresh) {
  using namespace goal_flags;
  for (std::size_t p : eventually_) {
    std::vector<std::uint8_t>& flags = result_.goal[p];
    if ((flags[id] & (reached | goal)) != reached || (flags[target] & reached) != 0) continue;
    flags[target] |= reached;
    if (!fresh) result_.region_parent[p].emplace(target, std::make_pair(id, action));
  }
}

void Search::rebuild_edges(std::uint64_t end, std::uint32_t depth) {
  track_region_ = false;
  for (auto& r : result_.region_parent) RegionParents().swap(r);
  graph_.keep_edges = true;
  stats_.liveness_graph = "edges rebuilt at depth " + std::to_string(depth);
  prepare(0, 0);
  cover(graph_.size());
  constexpr std::uint64_t batch = 1u << 14;
  for (std::uint64_t cursor = 0; cursor < end; cursor = std::min(end, cursor + batch)) {
    const std::uint64_t stop = std::min(end, cursor + batch);
    if (!expand_batch(cursor, stop)) return;
    std::uint64_t edges = 0;
    for (unsigned t = 0; t < threads_; ++t) {
      if (!part_empty(cursor, stop, t)) edges += parts_[t].hashes.size();
    }
    prepare(0, edges);
    for (unsigned t = 0; t < threads_; ++t) {
      if (part_empty(cursor, stop, t)) continue;
      Expanded& in = parts_[t];
      insert(in);
      if (std::any_of(in.fresh.begin(), in.fresh.end(), [](std::uint8_t f) { return f != 0; }))
        throw std::logic_error("search: re-expanding a state found a new successor");
      const auto [from, to] = part_range(cursor, stop, t);
      std::size_t k = 0;
      for (std::uint64_t i = from; i < to; ++i) {
        const std::uint32_t count = in.count[i - from];
        graph_.edge_start[i] = graph_.edge_target.size();
        graph_.edge_count[i] = count;
        for (std::uint32_t j = 0; j < count; ++j, ++k) {
          graph_.edge_target.push_back(in.ids[k]);
          graph_.edge_action.push_back(in.actions[k]);
        }
      }
    }
    settle();
  }
}

std::pair<std::uint64_t, std::uint64_t> Search::part_range(std::uint64_t cursor, std::uint64_t end, unsigned t) const {
  const std::uint64_t per = (end - cursor + threads_ - 1) / threads_;
  const std::uint64_t from = std::min(end, cursor + t * per);
  return {from, std::min(end, from + per)};
}

bool Search::part_empty(std::uint64_t cursor, std::uint64_t end, unsigned t) const {
  const auto [from, to] = part_range(cursor, end, t);
  return from >= to;
}

void Search::route(Expanded& out) const {
  const VisitedSet& set = *graph_.visited;
  const std::size_t n = out.hashes.size();
  out.route_start.assign(set.partitions() + std::size_t{1}, 0);
  for (std::uint64_t hash : out.hashes) ++out.route_start[set.partition_of(hash) + 1];
  for (std::size_t p = 1; p < out.route_start.size(); ++p) out.route_start[p] += out.route_start[p - 1];
  out.route.resize(n);  // make_room() reserved it
  std::vector<std::size_t> next(out.route_start.begin(), out.route_start.end() - 1);
  for (std::size_t k = 0; k < n; ++k) out.route[next[set.partition_of(out.hashes[k])]++] = static_cast<std::uint32_t>(k);
}

bool Search::expand_batch(std::uint64_t cursor, std::uint64_t end, bool grouped) {
  errors_.clear();
  {
    Workers workers;
    std::vector<unsigned> here{0};  // parts this thread expands
    for (unsigned t = 1; t < threads_; ++t) {
      const auto [from, to] = part_range(cursor, end, t);
      if (from >= to) continue;
      try {
        workers.threads.emplace_back(
            [this, from = from, to = to, t, grouped] { errors_.run([&] { expand_part(from, to, parts_[t], grouped); }); });
      } catch (const std::system_error&) {
        here.push_back(t);  // no thread to be had (address space, a limit): expand it here
      }
    }
    for (unsigned t : here) {
      const auto [from, to] = part_range(cursor, end, t);
      errors_.run([&, from = from, to = to] { expand_part(from, to, parts_[t], grouped); });
    }
  }
  // A batch that did not finish is not absorbed: the graph stays as it
  // was after the previous batch.
  if (errors_.failed()) {
    errors_.rethrow_unless_out_of_memory();
    stats_.stopped_by = errors_.stop_reason();
    return false;
  }
  for (unsigned t = 0; t < threads_; ++t) {
    if (!part_empty(cursor, end, t) && parts_[t].interrupted) {
      stats_.stopped_by = "signal";
      return false;
    }
  }
  return true;
}

void Search::breadth_first() {
  std::uint64_t cursor = 0;
  std::uint64_t level_end = graph_.inits();
  std::uint32_t depth = 0;
  if (track_region_) {
    cover_goal(graph_.size());
    for (std::size_t p : eventually_) {
      for (StateId id = 0; id < graph_.inits(); ++id) result_.goal[p][id] |= goal_flags::reached;
    }
  }
  // Batches stay inside one BFS level so the depth of every state is known.
  constexpr std::uint64_t batch = 1u << 14;
  while (cursor < graph_.size()) {
    if (cursor == level_end) {
      ++depth;
      level_end = graph_.size();
    }
    stats_.depth = depth;
    const std::uint64_t end = std::min(level_end, cursor + batch);
    cover(graph_.size());
    if (!expand_batch(cursor, end, parallel_insert_)) return;
    std::uint64_t successors = 0;
    for (unsigned t = 0; t < threads_; ++t) {
      if (!part_empty(cursor, end, t)) successors += parts_[t].hashes.size();
    }
    if (exceeds_id_limit(successors)) return;
    prepare(successors);
    insert_batch(cursor, end, successors);
    bool back = false;
    for (unsigned t = 0; t < threads_; ++t) {
      if (!part_empty(cursor, end, t)) back = back || (track_region_ && leads_back(parts_[t], level_end));
    }
    for (unsigned t = 0; t < threads_; ++t) {
      const auto [from, to] = part_range(cursor, end, t);
      if (from < to) record(from, to, parts_[t]);
    }
    settle();
    if (back) {
      rebuild_edges(end, depth);
      if (!stats_.stopped_by.empty()) return;
    }
    cursor = end;
    if (stop_here()) return;
  }
}

void Search::depth_first() {
  for (StateId id = graph_.inits(); id-- > 0;) stack_.push_back(id);
  depth_of_.assign(graph_.inits(), 0);
  std::uint64_t expanded = 0;
  while (!stack_.empty()) {
    const StateId id = stack_.back();
    stack_.pop_back();
    stats_.depth = std::max(stats_.depth, depth_of_[id]);
    cover(graph_.size());
    expand(id, std::uint64_t{id} + 1, parts_[0]);
    if (parts_[0].interrupted) {
      stats_.stopped_by = "signal";
      return;
    }
    if (exceeds_id_limit(parts_[0].hashes.size())) return;
    prepare(parts_[0].hashes.size());
    insert(parts_[0]);
    record(id, std::uint64_t{id} + 1, parts_[0]);
    if ((++expanded & 1023) == 0) settle();
    if (((expanded & 1023) == 0 || decided()) && stop_here()) return;
  }
}

}  // namespace smsmc::mc::detail
