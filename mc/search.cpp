// The search (search.h): a Search (search_impl.h) holds its state; here
// are expansion, insertion and recording, and the memory budget.
#include "mc/search_impl.h"

#include <stdexcept>
#include <system_error>

namespace smsmc::mc {

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

SearchResult search(const Model& model, const std::vector<Property>& properties, const SearchOptions& options,
                    Graph& graph, Stats& stats) {
  return detail::Search(model, properties, options, graph, stats).run();
}

namespace detail {

SearchResult Search::run() {
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

bool Search::add_initial_states() {
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

void Search::expand(std::uint64_t from, std::uint64_t to, Expanded& out) {
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
    graph_.visited->read(id, out.current.data());
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
          // |=: the search may have set `reached` already.
          result_.goal[p][id] |= static_cast<std::uint8_t>((property.condition(view) ? goal_flags::goal : 0) |
                                                           (out.scratch.empty() ? goal_flags::terminal : 0));
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

void Search::make_room(Expanded& out, std::size_t more) {
  const std::size_t have = out.hashes.capacity();
  const std::size_t need = out.hashes.size() + more;
  if (need <= have) return;
  const std::size_t want = std::max(need, 2 * have);
  const std::uint64_t bytes =
      (want - have) * (words_ * sizeof(Word) + sizeof(std::uint64_t) + sizeof(Action) + sizeof(StateId) +
                       sizeof(std::uint8_t) + (parallel_insert_ ? sizeof(std::uint64_t) + sizeof(std::uint32_t) : 0));
  budget_.reserve(bytes);
  out.charged += bytes;
  out.successors.reserve(want * words_);
  out.actions.reserve(want);
  out.hashes.reserve(want);
  out.ids.reserve(want);
  out.fresh.reserve(want);
  if (parallel_insert_) {
    out.set_words.reserve(want);
    out.route.reserve(want);
  }
}

void Search::prepare(std::uint64_t more_states, std::uint64_t more_edges) {
  const std::uint64_t successors = more_edges;
  const std::uint64_t states = graph_.size() + more_states;
  std::size_t goal_capacity = 0;
  for (const auto& g : result_.goal) goal_capacity = std::max(goal_capacity, g.capacity());
  goal_capacity = doubled(goal_capacity, states);
  std::size_t total = graph_.bytes_when_holding(states, graph_.edge_target.size() + more_edges);
  for (std::size_t p = 0; p < properties_.size(); ++p) {
    if (properties_[p].kind == Expectation::eventually) total += goal_capacity;
  }
  const bool dfs = options_.strategy == Strategy::dfs;
  const std::size_t depth_capacity = dfs ? doubled(depth_of_.capacity(), states) : depth_of_.capacity();
  const std::size_t stack_capacity = dfs ? doubled(stack_.capacity(), stack_.size() + successors) : stack_.capacity();
  total += (depth_capacity + stack_capacity) * sizeof(StateId);
  charge_to(total);
  graph_.reserve(states, graph_.edge_target.size() + more_edges);
  for (std::size_t p = 0; p < properties_.size(); ++p) {
    if (properties_[p].kind == Expectation::eventually) result_.goal[p].reserve(goal_capacity);
  }
  depth_of_.reserve(depth_capacity);
  stack_.reserve(stack_capacity);
}

std::size_t Search::held_bytes() const {
  std::size_t total = graph_.bytes() + (depth_of_.capacity() + stack_.capacity()) * sizeof(StateId);
  for (const auto& g : result_.goal) total += g.capacity();
  // An estimate of a node-based map's entry (key, value, next, hash).
  for (const auto& r : result_.region_parent) total += r.size() * 40 + r.bucket_count() * sizeof(void*);
  return total;
}

void Search::charge_to(std::size_t total) {
  if (total > charged_) {
    budget_.reserve(total - charged_);
  } else {
    budget_.release(charged_ - total);
  }
  charged_ = total;
}

void Search::insert(Expanded& in) {
  const std::size_t total = in.hashes.size();
  in.ids.resize(total);
  in.fresh.resize(total);
  graph_.visited->insert(total, in.successors.data(), in.hashes.data(), in.ids.data(), in.fresh.data());
}

template <class Task>
void Search::run_tasks(std::size_t n, const Task& task) {
  errors_.clear();
  {
    Workers workers;
    std::vector<std::size_t> here{0};
    for (std::size_t i = 1; i < n; ++i) {
      try {
        workers.threads.emplace_back([this, &task, i] { errors_.run([&] { task(i); }); });
      } catch (const std::system_error&) {
        here.push_back(i);  // no thread to be had: run it here
      }
    }
    for (std::size_t i : here) errors_.run([&] { task(i); });
  }
  if (errors_.failed()) {
    errors_.rethrow_unless_out_of_memory();
    // The insertion steps allocate nothing (prepare() reserved it all).
    throw std::logic_error("search: a parallel insertion step ran out of memory");
  }
}

void Search::insert_batch(std::uint64_t cursor, std::uint64_t end, std::uint64_t successors) {
  // A pending state is known by its place in the batch, in 32 bits.
  if (!parallel_insert_ || successors >= no_state) {
    for (unsigned t = 0; t < threads_; ++t) {
      if (!part_empty(cursor, end, t)) insert(parts_[t]);
    }
    return;
  }
  Batch batch;
  batch.reserve(threads_);
  for (unsigned t = 0; t < threads_; ++t) {
    if (part_empty(cursor, end, t)) continue;
    Expanded& in = parts_[t];
    const std::size_t total = in.hashes.size();
    in.ids.resize(total);  // make_room() reserved them: no allocation
    in.fresh.resize(total);
    in.set_words.resize(total);
    batch.push_back({total, in.successors.data(), in.hashes.data(), in.ids.data(), in.fresh.data(), in.set_words.data(),
                     in.route.data(), in.route_start.data()});
  }
  VisitedSet& set = *graph_.visited;
  run_tasks(set.partitions(), [&](std::size_t p) { set.insert_partition(batch, static_cast<unsigned>(p)); });
  set.number(batch);
  run_tasks(batch.size(), [&](std::size_t i) { set.commit_part(batch, i); });
}

void Search::record(std::uint64_t from, std::uint64_t to, Expanded& in) {
  for (std::size_t p = 0; p < properties_.size(); ++p) {
    if (in.first_found[p] != no_state && !result_.found[p]) result_.found[p] = in.first_found[p];
  }
  stats_.transitions += in.hashes.size();
  // prepare() reserved them: no allocation.
  if (track_region_) cover_goal(graph_.size());
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
      if (track_region_) reach(id, in.ids[k], in.actions[k], in.fresh[k] != 0);
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

bool Search::exceeds_id_limit(std::uint64_t successors) {
  if (graph_.size() + successors <= id_limit_) return false;
  stats_.stopped_by = "state-id-limit";
  return true;
}

void Search::cover(std::uint64_t n) {
  cover_goal(n);
  if (graph_.keep_edges && graph_.edge_start.size() < n) {
    graph_.edge_start.grow_to(n);
    graph_.edge_count.grow_to(n);
  }
}

void Search::cover_goal(std::uint64_t n) {
  for (std::size_t p : eventually_) {
    if (result_.goal[p].size() < n) result_.goal[p].resize(n);
  }
}

bool Search::decided() const {
  if (!options_.stop_when_decided || result_.found.empty()) return false;
  for (const Property& property : properties_) {
    if (property.kind == Expectation::eventually) return false;
  }
  for (const auto& f : result_.found) {
    if (!f) return false;
  }
  return true;
}

bool Search::stop_here() {
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

}  // namespace detail
}  // namespace smsmc::mc
