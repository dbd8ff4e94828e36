#include "mc/search.h"

#include "mc/workers.h"

#include <algorithm>
#include <system_error>
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
  std::vector<Word> canonical;       // symmetry: the successor's representative
  std::vector<Action> scratch;
  std::vector<StateId> ids;          // absorb(): the successors' ids ...
  std::vector<std::uint8_t> fresh;   // ... and whether each was new
  std::uint64_t charged = 0;         // bytes of the per-successor buffers charged to the budget
  bool interrupted = false;          // gave up early (a signal, or another part failed): not absorbed
};

/// Joins every worker on the way out, exceptions included (a joinable
/// std::thread's destructor would call std::terminate).
struct Workers {
  std::vector<std::thread> threads;
  void join() {
    for (std::thread& t : threads) {
      if (t.joinable()) t.join();
    }
  }
  ~Workers() { join(); }
};

class Search {
 public:
  Search(const Model& model, const std::vector<Property>& properties, const SearchOptions& options, Graph& graph,
         Stats& stats)
      : model_(model), properties_(properties), options_(options), graph_(graph), stats_(stats),
        words_(model.state_words()), budget_(options.budget != nullptr ? *options.budget : unbounded_) {
    result_.found.resize(properties.size());
    result_.goal.resize(properties.size());  // bytes: workers write them concurrently
    const std::uint64_t capacity = graph.visited->capacity();
    id_limit_ = options.id_limit == 0 ? capacity : std::min(options.id_limit, capacity);
    threads_ = options.strategy == Strategy::bfs ? std::max(1u, options.threads) : 1u;
    parts_.resize(threads_);
    last_progress_ = options.start;
  }

  SearchResult run() {
    // Every allocation of the search happens before the mutation it serves
    // (prepare(), cover(), the expansion buffers), so a refused charge or a
    // std::bad_alloc caught here leaves a consistent graph: the verdicts
    // read it like that of a search stopped by --max-states.
    try {
      if (add_initial_states()) {
        prepare(0);
        if (options_.strategy == Strategy::bfs) {
          breadth_first();
        } else {
          depth_first();
        }
      }
    } catch (const BudgetExceeded&) {
      stats_.stopped_by = "max-memory";
    } catch (const std::bad_alloc&) {
      stats_.stopped_by = "out-of-memory";
    }
    for (const Expanded& part : parts_) budget_.release(part.charged);
    std::vector<Expanded>().swap(parts_);
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
      const Word* init = inits.data() + i;
      std::vector<Word> canonical(words_);
      if (options_.symmetry && model_.canonicalize(init, canonical.data())) init = canonical.data();
      const std::uint64_t hash = hash_state(init, words_);
      graph_.visited->insert(1, init, &hash, &id, &fresh);
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
    out.interrupted = false;
    out.count.clear();
    out.actions.clear();
    out.successors.clear();
    out.hashes.clear();
    out.first_found.assign(properties_.size(), no_state);
    out.current.resize(words_);
    out.canonical.resize(words_);
    for (std::uint64_t i = from; i < to; ++i) {
      if (abandon()) {
        out.interrupted = true;
        return;
      }
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
      make_room(out, out.scratch.size());
      const std::size_t base = out.successors.size();
      out.successors.resize(base + out.scratch.size() * words_);
      for (std::size_t i = 0; i < out.scratch.size(); ++i) {
        Word* successor = out.successors.data() + base + i * words_;
        model_.next_state(out.current.data(), out.scratch[i], successor);
        // Symmetry: the orbit's representative is what is hashed and stored.
        if (options_.symmetry && model_.canonicalize(successor, out.canonical.data()))
          std::copy_n(out.canonical.data(), words_, successor);
        out.actions.push_back(out.scratch[i]);
        out.hashes.push_back(hash_state(successor, words_));
      }
    }
  }

  /// A batch is given up when a signal arrives or another part failed.
  bool abandon() const {
    return (options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed)) || errors_.failed();
  }

  // The per-successor buffers are charged too: at large N and M one batch's
  // successors can outweigh the graph (a state of N=64, M=1024 has tens of
  // thousands). They grow only here, together, so their capacities stay
  // equal and absorb()'s resize of ids and fresh allocates nothing.
  void make_room(Expanded& out, std::size_t more) {
    const std::size_t have = out.hashes.capacity();
    const std::size_t need = out.hashes.size() + more;
    if (need <= have) return;
    const std::size_t want = std::max(need, 2 * have);
    const std::uint64_t bytes = (want - have) * (words_ * sizeof(Word) + sizeof(std::uint64_t) + sizeof(Action) +
                                                 sizeof(StateId) + sizeof(std::uint8_t));
    budget_.reserve(bytes);
    out.charged += bytes;
    out.successors.reserve(want * words_);
    out.actions.reserve(want);
    out.hashes.reserve(want);
    out.ids.reserve(want);
    out.fresh.reserve(want);
  }

  /// Before absorbing `successors` more states (duplicates included, so an
  /// upper bound): charges the budget for all that holds them, then
  /// allocates it, so neither absorb() nor the next cover() allocates.
  void prepare(std::uint64_t successors) {
    const std::uint64_t states = graph_.size() + successors;
    std::size_t goal_capacity = 0;
    for (const auto& g : result_.goal) goal_capacity = std::max(goal_capacity, g.capacity());
    goal_capacity = doubled(goal_capacity, states);
    std::size_t total = graph_.bytes_when_holding(states, graph_.edge_target.size() + successors);
    for (std::size_t p = 0; p < properties_.size(); ++p) {
      if (properties_[p].kind == Expectation::eventually) total += goal_capacity;
    }
    const bool dfs = options_.strategy == Strategy::dfs;
    const std::size_t depth_capacity = dfs ? doubled(depth_of_.capacity(), states) : depth_of_.capacity();
    const std::size_t stack_capacity = dfs ? doubled(stack_.capacity(), stack_.size() + successors) : stack_.capacity();
    total += (depth_capacity + stack_capacity) * sizeof(StateId);
    charge_to(total);
    graph_.reserve(states, graph_.edge_target.size() + successors);
    for (std::size_t p = 0; p < properties_.size(); ++p) {
      if (properties_[p].kind == Expectation::eventually) result_.goal[p].reserve(goal_capacity);
    }
    depth_of_.reserve(depth_capacity);
    stack_.reserve(stack_capacity);
  }

  /// A vector's capacity once it must hold `n`: doubling, as push_back's.
  static std::size_t doubled(std::size_t capacity, std::uint64_t n) {
    return n <= capacity ? capacity : std::max<std::size_t>(static_cast<std::size_t>(n), 2 * capacity);
  }

  /// What the search holds now (graph, goal arrays, DFS stacks).
  std::size_t held_bytes() const {
    std::size_t total = graph_.bytes() + (depth_of_.capacity() + stack_.capacity()) * sizeof(StateId);
    for (const auto& g : result_.goal) total += g.capacity();
    return total;
  }

  /// After a batch: the charge becomes what is held (prepare() charged an
  /// upper bound; a visited set without bytes_when_holding() is charged
  /// only now, and a refusal stops the search at this consistent point).
  void settle() { charge_to(held_bytes()); }

  void charge_to(std::size_t total) {
    if (total > charged_) {
      budget_.reserve(total - charged_);
    } else {
      budget_.release(charged_ - total);
    }
    charged_ = total;
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
  // where the search may stop. (The memory budget stops it where a charge
  // is refused, always before the mutation the charge was for.)
  bool stop_here() {
    if (decided()) {
      stats_.decided_early = true;
      return true;
    }
    if (options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed)) {
      stats_.stopped_by = "signal";
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
      errors_.clear();
      {
        Workers workers;
        std::vector<unsigned> here{0};  // parts this thread expands
        for (unsigned t = 1; t < threads_; ++t) {
          const auto [from, to] = part(t);
          if (from >= to) continue;
          try {
            workers.threads.emplace_back(
                [this, from = from, to = to, t] { errors_.run([&] { expand(from, to, parts_[t]); }); });
          } catch (const std::system_error&) {
            here.push_back(t);  // no thread to be had (address space, a limit): expand it here
          }
        }
        for (unsigned t : here) errors_.run([&] { expand(part(t).first, part(t).second, parts_[t]); });
      }
      // A batch that did not finish is not absorbed: the graph stays as it
      // was after the previous batch.
      if (errors_.failed()) {
        errors_.rethrow_unless_out_of_memory();
        stats_.stopped_by = errors_.stop_reason();
        return;
      }
      for (unsigned t = 0; t < threads_; ++t) {
        if (part(t).first < part(t).second && parts_[t].interrupted) {
          stats_.stopped_by = "signal";
          return;
        }
      }
      std::uint64_t successors = 0;
      for (unsigned t = 0; t < threads_; ++t) {
        if (part(t).first < part(t).second) successors += parts_[t].hashes.size();
      }
      if (exceeds_id_limit(successors)) return;
      prepare(successors);
      for (unsigned t = 0; t < threads_; ++t) {
        const auto [from, to] = part(t);
        if (from < to) absorb(from, to, parts_[t]);
      }
      settle();
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
      if (parts_[0].interrupted) {
        stats_.stopped_by = "signal";
        return;
      }
      if (exceeds_id_limit(parts_[0].hashes.size())) return;
      prepare(parts_[0].hashes.size());
      absorb(id, std::uint64_t{id} + 1, parts_[0]);
      if ((++expanded & 1023) == 0) settle();
      if (((expanded & 1023) == 0 || decided()) && stop_here()) return;
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
  MemoryBudget unbounded_;  // when the caller gives no budget
  MemoryBudget& budget_;
  std::size_t charged_ = 0;  // what held_bytes() was last charged as
  WorkerErrors errors_;
};

}  // namespace

SearchResult search(const Model& model, const std::vector<Property>& properties, const SearchOptions& options,
                    Graph& graph, Stats& stats) {
  return Search(model, properties, options, graph, stats).run();
}

}  // namespace smsmc::mc
