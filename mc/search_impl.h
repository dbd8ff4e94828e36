// The search's internals, shared by search.cpp (the state of a search,
// expansion, insertion, the memory budget) and search_bfs.cpp (the drivers:
// breadth-first levels on several threads, the acyclicity proof and the
// edge rebuild, depth-first). Only those two files include it.
#pragma once

#include "mc/search.h"
#include "mc/workers.h"

#include <algorithm>
#include <thread>
#include <utility>
#include <vector>

namespace smsmc::mc::detail {

// Expanding a state (its actions, properties, successors and their hashes)
// only reads the visited set, so BFS expands a batch of states on several
// threads. A set with partitions (mc/state_store.h) then takes the batch's
// successors on several threads too, numbering the new ones in discovery
// order; any other set takes them on one thread, in id order. Either way
// ids, parents and counterexamples are exactly those of a sequential search
// whatever the thread count.
struct Expanded {
  std::vector<std::uint32_t> count;  // successors per expanded state
  std::vector<Action> actions;
  std::vector<Word> successors;
  std::vector<std::uint64_t> hashes;
  std::vector<StateId> first_found;  // per property: smallest id found, or no_state
  std::vector<Word> current;
  std::vector<Word> canonical;  // symmetry: the successor's representative
  std::vector<Action> scratch;
  std::vector<StateId> ids;         // insert(): the successors' ids ...
  std::vector<std::uint8_t> fresh;  // ... and whether each was new
  // Parallel insertion only: the set's word per successor, and the
  // successors' indices grouped by partition (mc/visited.h's BatchPart).
  std::vector<std::uint64_t> set_words;
  std::vector<std::uint32_t> route;
  std::vector<std::size_t> route_start;
  std::uint64_t charged = 0;        // bytes of the per-successor buffers charged to the budget
  bool interrupted = false;         // gave up early (a signal, or another part failed): not absorbed
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
      : model_(model),
        properties_(properties),
        options_(options),
        graph_(graph),
        stats_(stats),
        words_(model.state_words()),
        budget_(options.budget != nullptr ? *options.budget : unbounded_) {
    result_.found.resize(properties.size());
    result_.goal.resize(properties.size());  // bytes: workers write them concurrently
    const std::uint64_t capacity = graph.visited->capacity();
    id_limit_ = options.id_limit == 0 ? capacity : std::min(options.id_limit, capacity);
    threads_ = options.strategy == Strategy::bfs ? std::max(1u, options.threads) : 1u;
    parts_.resize(threads_);
    parallel_insert_ = threads_ > 1 && graph.visited->partitions() > 1;
    result_.region_parent.resize(properties.size());
    for (std::size_t p = 0; p < properties.size(); ++p) {
      if (properties[p].kind == Expectation::eventually) eventually_.push_back(p);
    }
    if (graph_.liveness) {
      // Depth-first search has no levels to prove the graph acyclic with;
      // under symmetry the liveness check lifts components of the stored
      // quotient back to concrete states (mc/symmetry.h), which needs edges.
      graph_.keep_edges = options.strategy == Strategy::dfs || options.store_edges || options.symmetry;
      track_region_ = !graph_.keep_edges;
      stats_.liveness_graph = graph_.keep_edges ? "edges" : "acyclic";
    }
    last_progress_ = options.start;
  }

  SearchResult run();

 private:
  /// False when the id limit leaves no room for them all.
  bool add_initial_states();

  // Ranges of ids are 64-bit: near the 32-bit limit, id + batch must not wrap.
  void expand(std::uint64_t from, std::uint64_t to, Expanded& out);

  /// A batch is given up when a signal arrives or another part failed.
  bool abandon() const {
    return (options_.stop != nullptr && options_.stop->load(std::memory_order_relaxed)) || errors_.failed();
  }

  // The per-successor buffers are charged too: at large N and M one batch's
  // successors can outweigh the graph (a state of N=64, M=1024 has tens of
  // thousands). They grow only here, together, so their capacities stay
  // equal and insert()'s resize of ids and fresh allocates nothing.
  void make_room(Expanded& out, std::size_t more);

  /// Before absorbing `successors` more states (duplicates included, so an
  /// upper bound): charges the budget for all that holds them, then
  /// allocates it, so neither insert(), record() nor the next cover()
  /// allocates.
  void prepare(std::uint64_t successors) { prepare(successors, successors); }
  /// The same for at most `more_states` states and `more_edges` edges.
  void prepare(std::uint64_t more_states, std::uint64_t more_edges);

  /// A vector's capacity once it must hold `n`: doubling, as push_back's.
  static std::size_t doubled(std::size_t capacity, std::uint64_t n) {
    return n <= capacity ? capacity : std::max<std::size_t>(static_cast<std::size_t>(n), 2 * capacity);
  }

  /// What the search holds now (graph, goal arrays, DFS stacks).
  std::size_t held_bytes() const;

  /// After a batch: the charge becomes what is held (prepare() charged an
  /// upper bound; a visited set without bytes_when_holding() is charged
  /// only now, and a refusal stops the search at this consistent point).
  void settle() { charge_to(held_bytes()); }

  void charge_to(std::size_t total);

  /// Inserts the successors expand() produced, setting in.ids and in.fresh.
  void insert(Expanded& in);

  /// Inserts the successors of every part of [cursor, end), in part order:
  /// on several threads when the set has partitions, else with insert().
  void insert_batch(std::uint64_t cursor, std::uint64_t end, std::uint64_t successors);

  /// Runs task(0) .. task(n - 1) on n threads (this one included) and
  /// rethrows the first exception one threw, once all are done.
  template <class Task>
  void run_tasks(std::size_t n, const Task& task);

  /// Whether a successor inserted from `in` has an id below `level_end`: an
  /// edge to the same or an earlier BFS level, so perhaps a cycle.
  static bool leads_back(const Expanded& in, std::uint64_t level_end) {
    return std::any_of(in.ids.begin(), in.ids.end(), [&](StateId id) { return id < level_end; });
  }

  /// Records what expand() and insert() produced for [from, to): parents,
  /// edges or region flags, found states; DFS pushes new states.
  void record(std::uint64_t from, std::uint64_t to, Expanded& in);

  /// The edge id -> target, in an acyclic graph: the target is reached
  /// through goal-free states if `id` is reached and goal-free. Ids come in
  /// increasing order, so the first such edge is from the smallest-id region
  /// predecessor; it differs from the parent only when this edge did not
  /// discover the target.
  void reach(StateId id, StateId target, Action action, bool fresh);

  /// The first edge to the same or an earlier level has shown up in the
  /// batch that ended at `end`: the graph may have cycles, so liveness needs
  /// the edges. The states before `end` are expanded again (their successors
  /// all exist: the inserts only find ids) to store theirs; later batches
  /// store their own.
  void rebuild_edges(std::uint64_t end, std::uint32_t depth);

  /// Whether inserting `successors` more states could take ids past the
  /// limit (duplicates count: the check comes before the insert). Stops the
  /// search cleanly there rather than let a 32-bit id wrap around.
  bool exceeds_id_limit(std::uint64_t successors);

  // Per-state arrays the expansion writes by id must cover every stored id.
  void cover(std::uint64_t n);

  void cover_goal(std::uint64_t n);

  // Without liveness properties, once every property has its counterexample
  // or witness nothing the rest of the search finds can change a verdict.
  bool decided() const;

  // The safe point, between batches: every array is consistent, so this is
  // where the search may stop. (The memory budget stops it where a charge
  // is refused, always before the mutation the charge was for.)
  bool stop_here();

  /// The share of [cursor, end) part `t` expands.
  std::pair<std::uint64_t, std::uint64_t> part_range(std::uint64_t cursor, std::uint64_t end, unsigned t) const;
  bool part_empty(std::uint64_t cursor, std::uint64_t end, unsigned t) const;

  /// Expands [cursor, end) into parts_, on threads_ threads, and with
  /// `grouped` groups each part's successors by partition for insert_batch().
  /// False, with stats_.stopped_by set, when a part failed or was
  /// interrupted.
  bool expand_batch(std::uint64_t cursor, std::uint64_t end, bool grouped = false);
  void expand_part(std::uint64_t from, std::uint64_t to, Expanded& out, bool grouped) {
    expand(from, to, out);
    if (grouped && !out.interrupted) route(out);
  }

  /// Groups out's successors by the visited set's partition (on the worker
  /// that expanded them).
  void route(Expanded& out) const;

  void breadth_first();

  void depth_first();

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
  std::size_t charged_ = 0;              // what held_bytes() was last charged as
  std::vector<std::size_t> eventually_;  // the liveness properties' indices
  bool track_region_ = false;            // the graph is acyclic so far: goal_flags::reached kept
  bool parallel_insert_ = false;         // the visited set takes batches on several threads
  WorkerErrors errors_;
};

}  // namespace smsmc::mc::detail
