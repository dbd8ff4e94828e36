#include "mc/search.h"

#include <algorithm>
#include <thread>

namespace smsmc::mc {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

namespace {

// Expanding a state (its actions, properties, successors and their hashes)
// only reads the visited set, so BFS expands a batch of states on several
// threads; inserting the successors stays on one thread, in id order, so
// ids, parents and counterexamples are exactly those of a sequential search
// whatever the thread count.
struct Expanded {
  std::vector<std::uint32_t> count;  // successors per expanded state
  std::vector<Action> actions;
  std::vector<Word> successors;
  std::vector<std::uint64_t> hashes;
  std::vector<StateId> first_found;  // per property: smallest id found, or no_state
  std::vector<Word> current;
  std::vector<Action> scratch;
  std::vector<StateId> ids;          // absorb(): the successors' ids ...
  std::vector<std::uint8_t> fresh;   // ... and whether each was new
};

class Search {
 public:
  Search(const Model& model, const std::vector<Property>& properties, const SearchOptions& options, Graph& graph,
         Stats& stats)
      : model_(model), properties_(properties), options_(options), graph_(graph), stats_(stats),
        words_(model.state_words()) {
    result_.found.resize(properties.size());
    result_.goal.resize(properties.size());  // bytes: workers write them concurrently
    const std::uint64_t capacity = graph.visited->capacity();
    id_limit_ = options.id_limit == 0 ? capacity : std::min(options.id_limit, capacity);
    threads_ = options.strategy == Strategy::bfs ? std::max(1u, options.threads) : 1u;
    parts_.resize(threads_);
    last_progress_ = options.start;
  }

  SearchResult run() {
    if (add_initial_states()) {
      if (options_.strategy == Strategy::bfs) {
        breadth_first();
      } else {
        depth_first();
      }
    }
    stats_.complete = stats_.stopped_by.empty() && !stats_.decided_early;
    stats_.states = graph_.size();
    stats_.search_seconds = seconds_since(options_.start);
    return std::move(result_);
  }

 private:
  /// False when the id limit leaves no room for them all.
  bool add_initial_states() {
    std::vector<Word> inits;
    model_.init_states(inits);
    for (std::size_t i = 0; i + words_ <= inits.size(); i += words_) {
      if (graph_.size() >= id_limit_) {
        stats_.stopped_by = "state-id-limit";
        return false;
      }
      StateId id = 0;
      std::uint8_t fresh = 0;
      const std::uint64_t hash = hash_state(inits.data() + i, words_);
      graph_.visited->insert(1, inits.data() + i, &hash, &id, &fresh);
      if (fresh) {
        graph_.parent.push_back(no_state);
        graph_.via.push_back(0);
        graph_.init_index.push_back(i / words_);
      }
    }
    return true;
  }

  // Ranges of ids are 64-bit: near the 32-bit limit, id + batch must not wrap.
  void expand(std::uint64_t from, std::uint64_t to, Expanded& out) {
    out.count.clear();
    out.actions.clear();
    out.successors.clear();
    out.hashes.clear();
    out.first_found.assign(properties_.size(), no_state);
    out.current.resize(words_);
    for (std::uint64_t i = from; i < to; ++i) {
      const auto id = static_cast<StateId>(i);
      std::copy_n(graph_.visited->at(id), words_, out.current.data());
      out.scratch.clear();
      model_.actions(out.current.data(), out.scratch);
      const StateView view{out.current.data(), out.scratch.empty()};
      for (std::size_t p = 0; p < properties_.size(); ++p) {
        const Property& property = properties_[p];
        switch (property.kind) {
          case Expectation::always:
            if (out.first_found[p] == no_state && !property.condition(view)) out.first_found[p] = id;
            break;
          case Expectation::sometimes:
            if (out.first_found[p] == no_state && property.condition(view)) out.first_found[p] = id;
            break;
          case Expectation::eventually:
            result_.goal[p][id] = property.condition(view) ? 1 : 0;
            break;
        }
      }
      out.count.push_back(static_cast<std::uint32_t>(out.scratch.size()));
      const std::size_t base = out.successors.size();
      out.successors.resize(base + out.scratch.size() * words_);
      for (std::size_t i = 0; i < out.scratch.size(); ++i) {
        Word* successor = out.successors.data() + base + i * words_;
        model_.next_state(out.current.data(), out.scratch[i], successor);
        // Symmetry reduction would canonicalise `successor` here, before it
        // is hashed (paths would then need the permutation to replay).
        out.actions.push_back(out.scratch[i]);
        out.hashes.push_back(hash_state(successor, words_));
      }
    }
  }

  /// Inserts what expand() produced for [from, to); DFS pushes new states.
  void absorb(std::uint64_t from, std::uint64_t to, Expanded& in) {
    for (std::size_t p = 0; p < properties_.size(); ++p) {
      if (in.first_found[p] != no_state && !result_.found[p]) result_.found[p] = in.first_found[p];
    }
    const std::size_t total = in.hashes.size();
    in.ids.resize(total);
    in.fresh.resize(total);
    graph_.visited->insert(total, in.successors.data(), in.hashes.data(), in.ids.data(), in.fresh.data());
    stats_.transitions += total;
    std::size_t k = 0;
    for (std::uint64_t i = from; i < to; ++i) {
      const auto id = static_cast<StateId>(i);
      const std::uint32_t count = in.count[i - from];
      if (graph_.keep_edges) {
        graph_.edge_start[id] = graph_.edge_target.size();
        graph_.edge_count[id] = count;
      }
      for (std::uint32_t j = 0; j < count; ++j, ++k) {
        if (graph_.keep_edges) {
          graph_.edge_target.push_back(in.ids[k]);
          graph_.edge_action.push_back(in.actions[k]);
        }
        if (!in.fresh[k]) continue;
        graph_.parent.push_back(id);
        graph_.via.push_back(in.actions[k]);
        if (options_.strategy == Strategy::dfs) {
          depth_of_.push_back(depth_of_[id] + 1);
          stack_.push_back(in.ids[k]);
        }
      }
    }
  }

  /// Whether inserting `successors` more states could take ids past the
  /// limit (duplicates count: the check comes before the insert). Stops the
  /// search cleanly there rather than let a 32-bit id wrap around.
  bool exceeds_id_limit(std::uint64_t successors) {
    if (graph_.size() + successors <= id_limit_) return false;
    stats_.stopped_by = "state-id-limit";
    return true;
  }

  // Per-state arrays the expansion writes by id must cover every stored id.
  void cover(std::uint64_t n) {
    for (std::size_t p = 0; p < properties_.size(); ++p) {
      if (properties_[p].kind == Expectation::eventually && result_.goal[p].size() < n) result_.goal[p].resize(n);
    }
    if (graph_.keep_edges && graph_.edge_start.size() < n) {
      graph_.edge_start.grow_to(n);
      graph_.edge_count.grow_to(n);
    }
  }

  // Without liveness properties, once every property has its counterexample
  // or witness nothing the rest of the search finds can change a verdict.
  bool decided() const {
    if (!options_.stop_when_decided || result_.found.empty()) return false;
    for (const Property& property : properties_) {
      if (property.kind == Expectation::eventually) return false;
    }
    for (const auto& f : result_.found) {
      if (!f) return false;
    }
    return true;
  }

  // The safe point, between batches: every array is consistent, so this is
  // where the search may stop (and where a memory budget, graph_.bytes(), or
  // a stop flag would be polled).
  bool stop_here() {
    if (decided()) {
      stats_.decided_early = true;
      return true;
    }
    const double elapsed = seconds_since(options_.start);
    if (options_.max_states != 0 && graph_.size() >= options_.max_states) {
      stats_.stopped_by = "max-states";
      return true;
    }
    if (options_.timeout > 0 && elapsed >= options_.timeout) {
      stats_.stopped_by = "timeout";
      return true;
    }
    if (options_.progress && seconds_since(last_progress_) >= options_.progress_interval) {
      last_progress_ = Clock::now();
      options_.progress({graph_.size(), stats_.transitions, stats_.depth, elapsed, "search"});
    }
    return false;
  }

  void breadth_first() {
    std::uint64_t cursor = 0;
    std::uint64_t level_end = graph_.inits();
    std::uint32_t depth = 0;
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
      const std::uint64_t per = (end - cursor + threads_ - 1) / threads_;
      auto part = [&](unsigned t) {
        const std::uint64_t from = std::min(end, cursor + t * per);
        return std::make_pair(from, std::min(end, from + per));
      };
      std::vector<std::thread> workers;
      for (unsigned t = 1; t < threads_; ++t) {
        const auto [from, to] = part(t);
        if (from < to) workers.emplace_back([this, from = from, to = to, t] { expand(from, to, parts_[t]); });
      }
      expand(cursor, part(0).second, parts_[0]);
      for (std::thread& worker : workers) worker.join();
      std::uint64_t successors = 0;
      for (unsigned t = 0; t < threads_; ++t) {
        if (part(t).first < part(t).second) successors += parts_[t].hashes.size();
      }
      if (exceeds_id_limit(successors)) return;
      for (unsigned t = 0; t < threads_; ++t) {
        const auto [from, to] = part(t);
        if (from < to) absorb(from, to, parts_[t]);
      }
      cursor = end;
      if (stop_here()) return;
    }
  }

  void depth_first() {
    for (StateId id = graph_.inits(); id-- > 0;) stack_.push_back(id);
    depth_of_.assign(graph_.inits(), 0);
    std::uint64_t expanded = 0;
    while (!stack_.empty()) {
      const StateId id = stack_.back();
      stack_.pop_back();
      stats_.depth = std::max(stats_.depth, depth_of_[id]);
      cover(graph_.size());
      expand(id, std::uint64_t{id} + 1, parts_[0]);
      if (exceeds_id_limit(parts_[0].hashes.size())) return;
      absorb(id, std::uint64_t{id} + 1, parts_[0]);
      if (((++expanded & 1023) == 0 || decided()) && stop_here()) return;
    }
  }

  const Model& model_;
  const std::vector<Property>& properties_;
  const SearchOptions& options_;
  Graph& graph_;
  Stats& stats_;
  const std::size_t words_;
  SearchResult result_;
  std::uint64_t id_limit_ = 0;
  unsigned threads_ = 1;
  std::vector<Expanded> parts_;
  std::vector<StateId> stack_;  // DFS frontier
  std::vector<std::uint32_t> depth_of_;
  Clock::time_point last_progress_;
};

}  // namespace

SearchResult search(const Model& model, const std::vector<Property>& properties, const SearchOptions& options,
                    Graph& graph, Stats& stats) {
  return Search(model, properties, options, graph, stats).run();
}

}  // namespace smsmc::mc
